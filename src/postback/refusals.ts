import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';

/**
 * Postbacks refused by a profile's rate limit are not stored (the answer is 429), yet the owner
 * must learn of them: Keitaro does not promise to resend. Counted in memory on the hot path and
 * added to `keitaro_refusals` every few seconds, so a flood costs no extra writes per request.
 */
export class RefusalCounter {
  private pending = new Map<number, { count: number; last: Date; limitRps: number | null }>();

  /** `limitRps`: the limit that refused it, shown to the owner as it was then. */
  rateLimited(profileId: number, limitRps: number | null = null, at = new Date()): void {
    const entry = this.pending.get(profileId);
    if (entry) {
      entry.count++;
      entry.last = at;
      entry.limitRps = limitRps;
    } else this.pending.set(profileId, { count: 1, last: at, limitRps });
  }

  /** Writes what was counted; on a database error the counts wait for the next flush. */
  async flush(exec: Executor): Promise<void> {
    const batch = this.pending;
    if (batch.size === 0) return;
    this.pending = new Map();
    try {
      for (const [profileId, { count, last, limitRps }] of batch) {
        // From the profiles table: a profile deleted meanwhile is skipped, not an error.
        await exec.execute(
          sql`INSERT INTO keitaro_refusals (profile_id, rate_limited, last_rate_limited_at, last_rate_limit_rps)
              SELECT id, ${count}, ${last.toISOString()}::timestamptz, ${limitRps}::int FROM keitaro_profiles WHERE id = ${profileId}
              ON CONFLICT (profile_id) DO UPDATE SET
                rate_limited = keitaro_refusals.rate_limited + excluded.rate_limited,
                last_rate_limit_rps = CASE
                  WHEN keitaro_refusals.last_rate_limited_at > excluded.last_rate_limited_at
                  THEN keitaro_refusals.last_rate_limit_rps ELSE excluded.last_rate_limit_rps END,
                last_rate_limited_at = GREATEST(keitaro_refusals.last_rate_limited_at, excluded.last_rate_limited_at)`,
        );
        batch.delete(profileId);
      }
    } finally {
      for (const [profileId, unsaved] of batch) {
        const counted = this.pending.get(profileId);
        if (!counted) this.pending.set(profileId, unsaved);
        else {
          counted.count += unsaved.count;
          if (unsaved.last > counted.last) {
            counted.last = unsaved.last;
            counted.limitRps = unsaved.limitRps;
          }
        }
      }
    }
  }
}
