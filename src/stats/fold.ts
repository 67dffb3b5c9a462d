import { sql } from 'drizzle-orm';
import { type Db, type Executor, queryRows } from '../db/client.ts';
import type { Logger } from '../log.ts';
import type { NormalizedStatus } from '../postback/status.ts';
import { TEST_RAW_QUERY } from '../postback/store.ts';
import {
  type CountableEvent,
  type CountedClick,
  type CountedDeposit,
  countEvents,
  type DailyDelta,
  type Dimensions,
} from './count.ts';

/**
 * Counts stored events into the daily statistics, shortly after they are stored: the ingest
 * statement only adds each event's id to `keitaro_stats_pending` (one small insert), and the
 * fold takes them in batches, in the order they were stored, in one transaction per batch.
 * Folds are serialized by an advisory lock, so an event is counted exactly once even when a
 * CLI or a second instance folds too. Readers fold what is pending before they read, so a
 * figure includes the postback answered a moment ago.
 */

/** Advisory lock key of the fold ("kst"). */
export const FOLD_LOCK_KEY = 0x6b7374;
export const FOLD_BATCH = 2_000;

interface PendingRow {
  /** False for a test sent from the bot, or an event deleted meanwhile: taken off, not counted. */
  countable: boolean;
  profile_id: number;
  created_ms: number;
  time_zone: string;
  status: NormalizedStatus;
  status_word: string;
  tid: string | null;
  subid: string | null;
  revenue: string | null;
  campaign: string;
  country: string;
  buyer: string;
  source: string;
  offer: string;
  currency: string;
  chat_id: number | string;
  topic_id: number;
}

/** Takes up to `limit` pending events off the list, in the order they were stored. */
function takePending(limit: number) {
  return sql`
WITH batch AS (
  DELETE FROM keitaro_stats_pending
  WHERE event_id IN (SELECT event_id FROM keitaro_stats_pending ORDER BY event_id LIMIT ${limit})
  RETURNING event_id
)
SELECT e.id IS NOT NULL AND e.raw_query IS DISTINCT FROM ${TEST_RAW_QUERY} AS countable,
  e.profile_id, (extract(epoch FROM e.created_at) * 1000)::float8 AS created_ms,
  p.timezone AS time_zone, e.status, e.status_word, e.tid, e.subid, e.revenue::text AS revenue,
  coalesce(nullif(e.campaign_name, ''), e.campaign_id, '') AS campaign,
  coalesce(e.country, '') AS country,
  coalesce(CASE WHEN p.buyer_field = 'source' THEN e.source
                ELSE btrim(e.payload ->> p.buyer_field) END, '') AS buyer,
  coalesce(e.source, '') AS source, coalesce(e.offer, '') AS offer,
  coalesce(e.currency, '') AS currency,
  coalesce(d.chat_id, 0) AS chat_id, coalesce(d.topic_id, 0) AS topic_id
FROM batch
LEFT JOIN keitaro_events e ON e.id = batch.event_id
LEFT JOIN keitaro_profiles p ON p.id = e.profile_id
LEFT JOIN keitaro_deliveries d ON d.event_id = e.id AND d.kind = 'event'
ORDER BY batch.event_id`;
}

const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

async function knownDeposits(tx: Executor, events: CountableEvent[]): Promise<CountedDeposit[]> {
  const keys = events.filter((e) => e.tid).map((e) => ({ profile_id: e.profileId, tid: e.tid }));
  if (keys.length === 0) return [];
  const rows = await queryRows<CountedDeposit & { chatId: string | number }>(
    tx,
    sql`SELECT d.profile_id AS "profileId", d.tid, d.day::text AS day, d.status,
          d.revenue::text AS revenue, d.subid, d.reversed, d.campaign, d.country, d.buyer,
          d.source, d.offer, d.currency, d.chat_id AS "chatId", d.topic_id AS "topicId"
        FROM keitaro_stats_deposits d
        JOIN jsonb_to_recordset(${json(keys)}) AS k(profile_id int, tid text)
          ON d.profile_id = k.profile_id AND d.tid = k.tid`,
  );
  return rows.map((row) => ({ ...row, chatId: Number(row.chatId) }));
}

async function knownClicks(tx: Executor, events: CountableEvent[]): Promise<CountedClick[]> {
  const keys = events
    .filter((e) => e.subid)
    .map((e) => ({ profile_id: e.profileId, subid: e.subid }));
  if (keys.length === 0) return [];
  const rows = await queryRows<{
    profileId: number;
    subid: string;
    registeredMs: number | null;
    firstDepositMs: number | null;
    registeredDay: string | null;
    firstDepositDay: string | null;
    chatId: string | number;
    topicId: number;
  }>(
    tx,
    sql`SELECT c.profile_id AS "profileId", c.subid,
          (extract(epoch FROM c.registered_at) * 1000)::float8 AS "registeredMs",
          (extract(epoch FROM c.first_deposit_at) * 1000)::float8 AS "firstDepositMs",
          c.registered_day::text AS "registeredDay",
          c.first_deposit_day::text AS "firstDepositDay",
          c.chat_id AS "chatId", c.topic_id AS "topicId"
        FROM keitaro_stats_clicks c
        JOIN jsonb_to_recordset(${json(keys)}) AS k(profile_id int, subid text)
          ON c.profile_id = k.profile_id AND c.subid = k.subid`,
  );
  return rows.map(({ registeredMs, firstDepositMs, chatId, ...row }) => ({
    ...row,
    chatId: Number(chatId),
    registeredAt: registeredMs === null ? null : new Date(registeredMs),
    firstDepositAt: firstDepositMs === null ? null : new Date(firstDepositMs),
  }));
}

/** The dimensions as the tables name them. */
const dimensionColumns = (d: Dimensions) => ({
  campaign: d.campaign,
  country: d.country,
  buyer: d.buyer,
  source: d.source,
  offer: d.offer,
  currency: d.currency,
  chat_id: d.chatId,
  topic_id: d.topicId,
});

/** Adds the deltas to their days; the same day and dimensions arrive summed, once. */
function addDaily(daily: DailyDelta[]) {
  const rows = daily.map((d) => ({
    profile_id: d.profileId,
    day: d.day,
    status: d.status,
    status_word: d.statusWord,
    ...dimensionColumns(d),
    conversions: d.conversions,
    revenue: d.revenue,
  }));
  return sql`
INSERT INTO keitaro_stats_daily AS s (profile_id, day, status, status_word, campaign, country,
  buyer, source, offer, currency, chat_id, topic_id, conversions, revenue)
SELECT profile_id, day, status, status_word, campaign, country, buyer, source, offer, currency,
  chat_id, topic_id, sum(conversions), sum(revenue)
FROM jsonb_to_recordset(${json(rows)}) AS x(profile_id int, day date, status text,
  status_word text, campaign text, country text, buyer text, source text, offer text,
  currency text, chat_id bigint, topic_id int, conversions int, revenue numeric)
GROUP BY profile_id, day, status, status_word, campaign, country, buyer, source, offer,
  currency, chat_id, topic_id
ORDER BY profile_id, day, status, status_word, campaign, country, buyer, source, offer,
  currency, chat_id, topic_id
ON CONFLICT ON CONSTRAINT keitaro_stats_daily_pkey DO UPDATE
  SET conversions = s.conversions + excluded.conversions, revenue = s.revenue + excluded.revenue`;
}

function saveDeposits(deposits: CountedDeposit[]) {
  const rows = deposits.map((d) => ({
    profile_id: d.profileId,
    tid: d.tid,
    day: d.day,
    status: d.status,
    revenue: d.revenue,
    subid: d.subid,
    reversed: d.reversed,
    ...dimensionColumns(d),
  }));
  return sql`
INSERT INTO keitaro_stats_deposits AS s (profile_id, tid, day, status, revenue, subid, reversed,
  campaign, country, buyer, source, offer, currency, chat_id, topic_id)
SELECT * FROM jsonb_to_recordset(${json(rows)}) AS x(profile_id int, tid text, day date,
  status text, revenue numeric, subid text, reversed boolean, campaign text, country text,
  buyer text, source text, offer text, currency text, chat_id bigint, topic_id int)
ON CONFLICT ON CONSTRAINT keitaro_stats_deposits_pkey DO UPDATE SET reversed = excluded.reversed`;
}

function saveClicks(clicks: CountedClick[]) {
  const rows = clicks.map((c) => ({
    profile_id: c.profileId,
    subid: c.subid,
    registered_at: c.registeredAt?.toISOString() ?? null,
    registered_day: c.registeredDay,
    first_deposit_at: c.firstDepositAt?.toISOString() ?? null,
    first_deposit_day: c.firstDepositDay,
    chat_id: c.chatId,
    topic_id: c.topicId,
  }));
  return sql`
INSERT INTO keitaro_stats_clicks AS s (profile_id, subid, registered_at, registered_day,
  first_deposit_at, first_deposit_day, chat_id, topic_id)
SELECT * FROM jsonb_to_recordset(${json(rows)}) AS x(profile_id int, subid text,
  registered_at timestamptz, registered_day date, first_deposit_at timestamptz,
  first_deposit_day date, chat_id bigint, topic_id int)
ON CONFLICT ON CONSTRAINT keitaro_stats_clicks_pkey DO UPDATE SET
  registered_at = excluded.registered_at, registered_day = excluded.registered_day,
  first_deposit_at = excluded.first_deposit_at, first_deposit_day = excluded.first_deposit_day,
  chat_id = excluded.chat_id, topic_id = excluded.topic_id`;
}

/** Counts one batch of pending events; returns how many were taken off the list. */
export async function foldBatch(db: Db, limit = FOLD_BATCH): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${FOLD_LOCK_KEY})`);
    const pending = await queryRows<PendingRow>(tx, takePending(limit));
    const events: CountableEvent[] = pending
      .filter((row) => row.countable)
      .map((row) => ({
        profileId: row.profile_id,
        createdAt: new Date(row.created_ms),
        timeZone: row.time_zone,
        status: row.status,
        statusWord: row.status_word,
        tid: row.tid,
        subid: row.subid,
        revenue: row.revenue,
        campaign: row.campaign,
        country: row.country,
        buyer: row.buyer,
        source: row.source,
        offer: row.offer,
        currency: row.currency,
        chatId: Number(row.chat_id),
        topicId: row.topic_id,
      }));
    if (events.length === 0) return pending.length;
    const counted = countEvents(events, {
      deposits: await knownDeposits(tx, events),
      clicks: await knownClicks(tx, events),
    });
    if (counted.daily.length > 0) await tx.execute(addDaily(counted.daily));
    if (counted.deposits.length > 0) await tx.execute(saveDeposits(counted.deposits));
    if (counted.clicks.length > 0) await tx.execute(saveClicks(counted.clicks));
    return pending.length;
  });
}

/** Folds until nothing is pending. */
export async function foldAll(db: Db, limit = FOLD_BATCH): Promise<void> {
  while ((await foldBatch(db, limit)) >= limit) {}
}

/** When the leader folds: postbacks come first, the statistics catch up after. */
export interface FoldTiming {
  /** Fold once no postback was stored for this long… */
  quietMs: number;
  /** …or once the oldest unfolded one has waited this long, whichever comes first. */
  maxDelayMs: number;
  /** Events per transaction; the database serves postbacks between batches. */
  batch: number;
}

export const FOLD_TIMING: FoldTiming = { quietMs: 1_000, maxDelayMs: 30_000, batch: 500 };

/**
 * Keeps the statistics current on the instance that leads: woken when postbacks are stored,
 * it folds them once they stop coming for a moment (at the latest half a minute later), in
 * small batches, so a flood of postbacks is stored at full speed and counted after. It never
 * queries while there is nothing to do. Readers fold what is still pending before they read.
 */
export class StatsFolder {
  private leading = false;
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private firstWakeAt: number | undefined;

  constructor(
    private readonly db: Db,
    private readonly logger?: Logger,
    private readonly timing: FoldTiming = FOLD_TIMING,
    private readonly now: () => number = Date.now,
  ) {}

  setLeader(leading: boolean): void {
    this.leading = leading;
    if (leading) this.wake();
    else this.cancel();
  }

  /** Something was stored: fold it once postbacks pause (however often this is called). */
  wake(): void {
    if (!this.leading) return;
    const now = this.now();
    this.firstWakeAt ??= now;
    const at = Math.min(now + this.timing.quietMs, this.firstWakeAt + this.timing.maxDelayMs);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.start(), Math.max(0, at - now));
  }

  private cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.firstWakeAt = undefined;
  }

  private start(): void {
    this.cancel();
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async run(): Promise<void> {
    try {
      while (this.leading && (await foldBatch(this.db, this.timing.batch)) >= this.timing.batch) {
        // Postbacks waiting for the database go first.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      // Nothing is lost: what was not counted stays pending for the next wake.
      this.logger?.warn({ err: error }, 'counting statistics failed; will try again');
    }
  }

  /** Folds what waits for a pause now, and resolves once no fold is under way. */
  async settled(): Promise<void> {
    if (this.timer) this.start();
    while (this.running) await this.running;
  }

  /** Resolves when a fold under way has ended; a fold not started yet is not. */
  async stop(): Promise<void> {
    this.leading = false;
    this.again = false;
    this.cancel();
    await this.running;
  }
}
