import { sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../db/client.ts';
import { DISPATCHER_LEASE } from '../delivery/leader.ts';
import { OWED_DIGEST_MEMBERS } from '../delivery/outbox.ts';

/**
 * What an operator asks of the outbox: how much waits, for how long, what died, who sends.
 * Read by /metrics at every scrape and by the `status` command; the ages are measured by the
 * database's clock, so several instances (and the CLI) agree.
 */

/** Delivery states other than `sent` (sent rows are the bulk of the table and are not counted). */
export const OPEN_STATES = ['pending', 'held', 'digested', 'dead', 'paused', 'quiet'] as const;
export type OpenState = (typeof OPEN_STATES)[number];

export interface QueueSnapshot {
  byState: Record<OpenState, number>;
  /**
   * Seconds since the oldest delivery the dispatcher still owes was queued (pending, or
   * folded into a digest not sent yet); 0 when none. Held deliveries wait for someone to
   * add the bot back to their chat, paused and quiet ones for a pause or quiet hours to end,
   * not for the dispatcher, and are counted apart.
   */
  oldestWaitingSec: number;
}

/** One statement: counts by state and the oldest owed delivery. */
export async function queueSnapshot(exec: Executor): Promise<QueueSnapshot> {
  const rows = await queryRows<{ state: string; n: number; oldest_sec: number | null }>(
    exec,
    // Members of a digest keep the state 'digested' after it is sent (outbox.ts markSent):
    // the ones still owed are those of digests not sent, found from the digests, so the
    // scrape reads the outbox's open sliver, never every conversion ever digested.
    sql`SELECT state, count(*)::int AS n,
          extract(epoch FROM now() - min(created_at))::float8 AS oldest_sec
        FROM keitaro_deliveries WHERE state NOT IN ('sent', 'digested') GROUP BY state
        UNION ALL
        SELECT 'digested', count(*)::int,
          extract(epoch FROM now() - min(m.created_at) FILTER (WHERE g.state = 'pending'))::float8
        FROM ${OWED_DIGEST_MEMBERS}`,
  );
  const byState: Record<OpenState, number> = {
    pending: 0,
    held: 0,
    digested: 0,
    dead: 0,
    paused: 0,
    quiet: 0,
  };
  let oldestWaitingSec = 0;
  for (const row of rows) {
    if (!(OPEN_STATES as readonly string[]).includes(row.state)) continue;
    byState[row.state as OpenState] = row.n;
    if (row.state === 'pending' || row.state === 'digested') {
      oldestWaitingSec = Math.max(oldestWaitingSec, Number(row.oldest_sec ?? 0));
    }
  }
  return { byState, oldestWaitingSec };
}

export interface LeaseHolder {
  /** `host:pid:tag` of the instance that took it. */
  holder: string;
  expiresAt: Date;
  /** False once it ran out: nobody leads until another instance takes it. */
  valid: boolean;
}

/** The dispatcher's lease (PostgreSQL only: the embedded database's one process leads). */
export async function dispatcherLease(exec: Executor): Promise<LeaseHolder | null> {
  const [row] = await queryRows<{ holder: string; expires_at: string | Date; valid: boolean }>(
    exec,
    sql`SELECT holder, expires_at, expires_at > now() AS valid
        FROM keitaro_leases WHERE name = ${DISPATCHER_LEASE}`,
  );
  return row ? { holder: row.holder, expiresAt: new Date(row.expires_at), valid: row.valid } : null;
}

export interface LastActivity {
  lastPostbackAt: Date | null;
  lastSendAt: Date | null;
}

export async function lastActivity(exec: Executor): Promise<LastActivity> {
  const [row] = await queryRows<{ postback: string | Date | null; send: string | Date | null }>(
    exec,
    sql`SELECT (SELECT max(created_at) FROM keitaro_events) AS postback,
          (SELECT max(sent_at) FROM keitaro_deliveries) AS send`,
  );
  const date = (value: string | Date | null | undefined) =>
    value === null || value === undefined ? null : new Date(value);
  return { lastPostbackAt: date(row?.postback), lastSendAt: date(row?.send) };
}
