import { type SQL, sql } from 'drizzle-orm';
import type { Logger } from '../log.ts';
import { purgeExpiredDedupKeys } from '../postback/store.ts';
import { type Db, queryRows } from './client.ts';

/**
 * Keeps the database small over years: raw events older than RETENTION_DAYS go, with their
 * deliveries (by the foreign key's cascade) and the digests and owner notices sent as long
 * ago; so do wizard state untouched for a day and expired dedup claims. An event any of
 * whose deliveries still waits (pending, held for an unreachable chat, or inside a digest not
 * yet sent) is never deleted, however old. Each statement deletes one small batch in its own
 * short transaction and the job pauses between batches, so postbacks and the dispatcher never
 * wait long behind it. Only the leader runs it (one instance prunes; the others would only
 * contend for the same rows).
 */

export interface RetentionPolicy {
  retentionDays: number;
  /** Rows per transaction. */
  batchSize: number;
  /** Pause between batches, so the database serves everyone else meanwhile. */
  pauseMs: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  retentionDays: 90,
  batchSize: 500,
  pauseMs: 50,
};

/** Unfinished wizards older than this are abandoned. */
export const BOT_STATE_TTL_MS = 86_400_000;
export const RETENTION_EVERY_MS = 3_600_000;
/** The first pass waits this long after an instance starts leading, so start-up stays light. */
export const RETENTION_FIRST_DELAY_MS = 60_000;

export interface Pruned {
  events: number;
  /** Digests and owner notices (deliveries without an event). */
  digests: number;
  botSessions: number;
  dedupClaims: number;
  /** What a player's messages were (delivery/funnel.ts), untouched for as long as events are kept. */
  threads: number;
}

const DAY_MS = 86_400_000;
const at = (time: Date) => sql`${time.toISOString()}::timestamptz`;

/** Delivery states that mean "not sent yet, and still to be" (a pause may last for weeks). */
const WAITING = sql`('pending', 'held', 'digested', 'paused', 'quiet')`;

function oldEvents(cutoff: Date, limit: number): SQL {
  return sql`WITH doomed AS (
      SELECT e.id FROM keitaro_events e
      WHERE e.created_at < ${at(cutoff)}
        AND NOT EXISTS (
          SELECT 1 FROM keitaro_deliveries d WHERE d.event_id = e.id AND d.state IN ${WAITING}
        )
      ORDER BY e.created_at
      LIMIT ${limit}
      FOR UPDATE OF e SKIP LOCKED
    ),
    gone AS (DELETE FROM keitaro_events e USING doomed WHERE e.id = doomed.id RETURNING 1)
    SELECT count(*)::int AS n FROM gone`;
}

/** Digests and notices carry no event; those finished (sent or given up) before the cutoff go. */
function oldDigests(cutoff: Date, limit: number): SQL {
  return sql`WITH doomed AS (
      SELECT id FROM keitaro_deliveries
      WHERE event_id IS NULL AND created_at < ${at(cutoff)} AND state IN ('sent', 'dead')
      ORDER BY created_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ),
    gone AS (DELETE FROM keitaro_deliveries d USING doomed WHERE d.id = doomed.id RETURNING 1)
    SELECT count(*)::int AS n FROM gone`;
}

function staleBotSessions(cutoff: Date, limit: number): SQL {
  return sql`WITH doomed AS (
      SELECT key FROM keitaro_bot_sessions WHERE updated_at < ${at(cutoff)}
      LIMIT ${limit} FOR UPDATE SKIP LOCKED
    ),
    gone AS (
      DELETE FROM keitaro_bot_sessions s USING doomed
      WHERE s.key = doomed.key AND s.updated_at < ${at(cutoff)}
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM gone`;
}

function oldThreads(cutoff: Date, limit: number): SQL {
  return sql`WITH doomed AS (
      SELECT ctid FROM keitaro_threads WHERE updated_at < ${at(cutoff)}
      LIMIT ${limit} FOR UPDATE SKIP LOCKED
    ),
    gone AS (
      DELETE FROM keitaro_threads t WHERE t.ctid IN (SELECT ctid FROM doomed)
        AND t.updated_at < ${at(cutoff)}
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM gone`;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One pass: deletes batch after batch until nothing old is left (or `stopping()` says so).
 * `now` is the clock the ages are measured by.
 */
export async function pruneOnce(
  db: Db,
  now: Date,
  policy: RetentionPolicy = DEFAULT_RETENTION,
  stopping: () => boolean = () => false,
): Promise<Pruned> {
  const cutoff = new Date(now.getTime() - policy.retentionDays * DAY_MS);
  const sessionsCutoff = new Date(now.getTime() - BOT_STATE_TTL_MS);
  const batch = (query: SQL) => queryRows<{ n: number }>(db, query).then((rows) => rows[0]?.n ?? 0);
  const drain = async (step: () => Promise<number>) => {
    let total = 0;
    while (!stopping()) {
      const n = await step();
      total += n;
      if (n < policy.batchSize) break;
      await pause(policy.pauseMs);
    }
    return total;
  };
  return {
    events: await drain(() => batch(oldEvents(cutoff, policy.batchSize))),
    digests: await drain(() => batch(oldDigests(cutoff, policy.batchSize))),
    botSessions: await drain(() => batch(staleBotSessions(sessionsCutoff, policy.batchSize))),
    dedupClaims: await drain(() => purgeExpiredDedupKeys(db, now, policy.batchSize)),
    threads: await drain(() => batch(oldThreads(cutoff, policy.batchSize))),
  };
}

export interface RetentionJobOptions {
  policy?: Partial<RetentionPolicy>;
  everyMs?: number;
  firstDelayMs?: number;
  now?: () => Date;
}

/** Runs `pruneOnce` on a schedule while this instance leads. */
export class RetentionJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private leading = false;
  private stopped = false;
  private readonly policy: RetentionPolicy;
  private readonly everyMs: number;
  private readonly firstDelayMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    options: RetentionJobOptions = {},
  ) {
    this.policy = { ...DEFAULT_RETENTION, ...options.policy };
    this.everyMs = options.everyMs ?? RETENTION_EVERY_MS;
    this.firstDelayMs = options.firstDelayMs ?? RETENTION_FIRST_DELAY_MS;
    this.now = options.now ?? (() => new Date());
  }

  setLeader(leader: boolean): void {
    if (leader === this.leading || this.stopped) return;
    this.leading = leader;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (leader) this.schedule(this.firstDelayMs);
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      if (!this.running) this.running = this.runOnce().finally(() => (this.running = undefined));
      this.schedule(this.everyMs);
    }, ms);
    this.timer.unref();
  }

  /** One pass now; failures are logged, never thrown (the next pass tries again). */
  async runOnce(): Promise<Pruned | undefined> {
    try {
      const pruned = await pruneOnce(
        this.db,
        this.now(),
        this.policy,
        () => this.stopped || !this.leading,
      );
      const total =
        pruned.events + pruned.digests + pruned.botSessions + pruned.dedupClaims + pruned.threads;
      if (total > 0) {
        this.logger.info(
          {
            events: pruned.events,
            digests: pruned.digests,
            bot_sessions: pruned.botSessions,
            dedup_claims: pruned.dedupClaims,
            threads: pruned.threads,
            retention_days: this.policy.retentionDays,
          },
          'retention: old rows deleted',
        );
      }
      return pruned;
    } catch (error) {
      this.logger.warn({ err: error }, 'retention: deleting old rows failed; tried again later');
      return undefined;
    }
  }

  /** Stops scheduling, and resolves once a pass under way has ended its batch. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
