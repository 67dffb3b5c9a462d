import { eq, sql } from 'drizzle-orm';
import { type Db, type Executor, queryRows } from '../db/client.ts';
import { type ProfileRow, profiles } from '../db/schema.ts';
import { addDays, localDay } from './days.ts';
import { FOLD_LOCK_KEY } from './fold.ts';

/**
 * A profile's time zone and buyer field decide which day and which buyer every conversion
 * counts under, so changing either counts the profile's conversions again, from the events
 * still stored (RETENTION_DAYS). Days before the oldest stored event keep the figures they
 * had: their events are gone, the aggregates are all that is left of them.
 */

export interface StatsSettings {
  timezone?: string;
  /** `sub_id_1` … `sub_id_30`, `source`, or null for none. */
  buyerField?: string | null;
}

async function recount(tx: Executor, before: ProfileRow): Promise<void> {
  const id = before.id;
  const [bounds] = await queryRows<{ earliestMs: number | null; firstDay: string | null }>(
    tx,
    sql`SELECT
        (SELECT (extract(epoch FROM min(created_at)) * 1000)::float8 FROM keitaro_events
          WHERE profile_id = ${id}) AS "earliestMs",
        (SELECT min(day)::text FROM keitaro_stats_daily WHERE profile_id = ${id}) AS "firstDay"`,
  );
  if (!bounds || bounds.earliestMs === null) return; // no events left: nothing to count again
  const earliestDay = localDay(new Date(bounds.earliestMs), before.timezone);
  // Retention deleted events of earlier days when the figures reach back further than the
  // events do; the oldest stored day may then be incomplete, and is kept as it was too.
  const keepBefore =
    bounds.firstDay !== null && bounds.firstDay < earliestDay ? addDays(earliestDay, 1) : null;
  const since = keepBefore
    ? sql`(${keepBefore}::date::timestamp AT TIME ZONE ${before.timezone})`
    : sql`'-infinity'::timestamptz`;
  const fromDay = keepBefore ? sql` AND day >= ${keepBefore}::date` : sql``;
  await tx.execute(sql`DELETE FROM keitaro_stats_daily WHERE profile_id = ${id}${fromDay}`);
  await tx.execute(sql`DELETE FROM keitaro_stats_deposits WHERE profile_id = ${id}${fromDay}`);
  await tx.execute(
    sql`DELETE FROM keitaro_stats_clicks
        WHERE profile_id = ${id} AND coalesce(registered_at, first_deposit_at) >= ${since}`,
  );
  await tx.execute(
    sql`INSERT INTO keitaro_stats_pending (event_id)
        SELECT id FROM keitaro_events
        WHERE profile_id = ${id} AND outcome <> 'duplicate' AND created_at >= ${since}
        ON CONFLICT DO NOTHING`,
  );
}

/** Changes the settings and, when either differs, counts the profile's conversions again. */
export async function changeStatsSettings(
  db: Db,
  profileId: number,
  change: StatsSettings,
): Promise<ProfileRow | undefined> {
  return db.transaction(async (tx) => {
    // No fold runs meanwhile: it would count an event under the old settings.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${FOLD_LOCK_KEY})`);
    const [before] = await tx
      .select()
      .from(profiles)
      .where(eq(profiles.id, profileId))
      .for('update');
    if (!before) return undefined;
    const [after] = await tx
      .update(profiles)
      .set({ ...change, updatedAt: sql`now()` })
      .where(eq(profiles.id, profileId))
      .returning();
    if (after && (after.timezone !== before.timezone || after.buyerField !== before.buyerField)) {
      await recount(tx, before);
    }
    return after;
  });
}
