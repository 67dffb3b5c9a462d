import { type SQL, sql } from 'drizzle-orm';
import { type Executor, queryRows, queryRowsNamed } from '../db/client.ts';
import type { Calm } from '../delivery/calm-rule.ts';
import type { Target } from '../routing/route.ts';
import { COLUMN_LIST, COLUMN_TYPES, eventColumns } from './event-fields.ts';
import type { Postback } from './fields.ts';
import type { NormalizedStatus } from './status.ts';

/**
 * Postbacks → one statement: the events, their dedup claims and their delivery rows commit
 * together or not at all. The statement takes a batch, so concurrent requests share one
 * commit (group commit, see batcher.ts); a batch of one is the quiet-time case.
 *
 * Dedup is atomic across processes: the key is claimed with INSERT … ON CONFLICT and taken
 * over only once it has expired, so identical postbacks racing in two processes produce
 * exactly one queued event. Claims are made in key order, so two batches never wait on each
 * other in a cycle.
 *
 * Every step is linear in the batch: no step joins the batch's rows with each other, so a
 * row costs the same in a batch of 256 as in a batch of 32 (bench/ingest-statement.ts).
 */

/** The raw query of a test sent from the bot: how its notification knows it is a test. */
export const TEST_RAW_QUERY = 'test sent from the bot';
/** The raw query of a conversion recovered from Keitaro's log (keitaro/reconcile.ts). */
export const RECOVERED_RAW_QUERY = "recovered from Keitaro's conversions log";
/** The payload field of a recovered rejection naming the status it replaced. */
export const RECOVERED_FROM_FIELD = 'recovered_from_status';

export interface StoreInput {
  profileId: number;
  /** Re-checked in the statement: a secret rotated or a profile disabled a moment ago loses. */
  secret: string;
  dedupTtlSec: number;
  dedupKey: string;
  postback: Postback;
  target: Target;
  rawQuery: string;
  rawBody: Buffer | null;
  /** A route's pause or the chat's quiet hours hold its message (calm-rule.ts calmFor). */
  calm?: Calm | null;
}

export type StoreResult =
  | { kind: 'stored'; eventId: number; duplicate: boolean }
  | { kind: 'forbidden' };

/** Deposits and rebills are money: they go first when a chat has a backlog. */
export function deliveryPriority(status: NormalizedStatus): number {
  return status === 'deposit' || status === 'rebill' ? 0 : 1;
}

function row(input: StoreInput, ord: number, claims: boolean) {
  const { postback: p, target: t } = input;
  return {
    ord,
    profile_id: input.profileId,
    secret: input.secret,
    ttl: input.dedupTtlSec,
    dedup_key: input.dedupKey,
    // Within one batch only the first of a key may claim it; the rest are its duplicates.
    claims,
    ...eventColumns(p),
    payload: p.fields,
    raw_query: input.rawQuery,
    raw_body: input.rawBody?.toString('base64') ?? null,
    route_id: t.routeId,
    chat_id: t.chatId,
    topic_id: t.topicId,
    topic_value: t.topicValue ?? null,
    language: t.language,
    priority: deliveryPriority(p.status),
    calm: input.calm ?? null,
  };
}

const FIELD_TYPES = sql.raw(COLUMN_TYPES);
const FIELD_COLUMNS = sql.raw(COLUMN_LIST);

/** Kept prepared under this name on every connection (db/client.ts queryRowsNamed). */
const INGEST_STATEMENT_NAME = 'keitaro_ingest';

/** The one statement that stores a batch; exported for the benchmark's EXPLAIN. */
export function ingestStatement(inputs: readonly StoreInput[]): SQL {
  const firstOfKey = new Set<string>();
  const rows = inputs.map((input, ord) => {
    const key = `${input.profileId}\u0000${input.dedupKey}`;
    const claims = !firstOfKey.has(key);
    firstOfKey.add(key);
    return row(input, ord, claims);
  });
  return sql`
WITH input AS (
  SELECT x.*, nextval('keitaro_events_id_seq') AS id
  FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(
    ord int, profile_id int, secret text, ttl int, dedup_key text, claims boolean,
    ${FIELD_TYPES}, payload jsonb, raw_query text,
    raw_body text, route_id int, chat_id bigint, topic_id int, topic_value text, language text,
    priority smallint, calm text
  )
),
ok AS (
  -- A pause of the profile is read here, exactly (its row is at hand); a route's pause and a
  -- chat's quiet hours come decided with the input (delivery/calm-rule.ts calmFor).
  SELECT input.*, CASE WHEN p.paused_until > now() THEN 'paused' ELSE input.calm END AS waits
  FROM input
  JOIN keitaro_profiles p ON p.id = input.profile_id AND p.secret = input.secret AND p.enabled
),
claim AS (
  INSERT INTO keitaro_dedup_keys AS k (profile_id, dedup_key, event_id, expires_at)
  SELECT profile_id, dedup_key, id, now() + make_interval(secs => ttl)
  FROM ok WHERE claims AND ttl > 0
  ORDER BY profile_id, dedup_key
  ON CONFLICT (profile_id, dedup_key) DO UPDATE
    SET event_id = excluded.event_id, expires_at = excluded.expires_at
    WHERE k.expires_at <= now()
  RETURNING event_id
),
-- Decided once, and everything below reads this one row set: the batch is never joined with
-- itself (a join of two CTEs has no index, and the planner, expecting one row, nests it:
-- a cost that grew with the square of the batch). The IN is a hashed subplan.
decided AS MATERIALIZED (
  SELECT ok.*, ttl = 0 OR id IN (SELECT event_id FROM claim) AS queued FROM ok
),
ev AS (
  INSERT INTO keitaro_events (
    id, profile_id, ${FIELD_COLUMNS}, dedup_key, outcome, route_id, payload, raw_query, raw_body
  )
  SELECT id, profile_id, ${FIELD_COLUMNS}, dedup_key,
    CASE WHEN queued THEN 'queued' ELSE 'duplicate' END,
    route_id, payload, raw_query, decode(raw_body, 'base64')
  FROM decided ORDER BY id
),
-- A pause or quiet hours keep the message waiting (delivery/calm.ts); a test from the bot
-- goes anyway, as the person is looking for it.
dl AS (
  INSERT INTO keitaro_deliveries (event_id, profile_id, route_id, chat_id, topic_id, topic_value,
    language, priority, state)
  SELECT id, profile_id, route_id, chat_id, topic_id, topic_value, language, priority,
    CASE WHEN raw_query = ${TEST_RAW_QUERY} THEN 'pending' ELSE coalesce(waits, 'pending') END
  FROM decided WHERE queued ORDER BY id
),
-- Counted into the statistics by the leader, shortly after (stats/fold.ts).
counted AS (INSERT INTO keitaro_stats_pending (event_id) SELECT id FROM decided WHERE queued)
SELECT ord, id, queued FROM decided`;
}

export async function storePostbacks(
  exec: Executor,
  inputs: readonly StoreInput[],
): Promise<StoreResult[]> {
  const stored = await queryRowsNamed<{ ord: number; id: string | number; queued: boolean }>(
    exec,
    INGEST_STATEMENT_NAME,
    ingestStatement(inputs),
  );
  const results: StoreResult[] = inputs.map(() => ({ kind: 'forbidden' }));
  for (const r of stored) {
    results[r.ord] = {
      kind: 'stored',
      eventId: Number(r.id),
      duplicate: !r.queued,
    };
  }
  return results;
}

export async function storePostback(exec: Executor, input: StoreInput): Promise<StoreResult> {
  const [result] = await storePostbacks(exec, [input]);
  return result as StoreResult;
}

/**
 * Expired dedup claims are dead weight: a new event would take them over anyway. Deletes at
 * most `limit` of those expired before `before` (the database's clock by default), skipping
 * any a postback is taking over at this moment.
 */
export async function purgeExpiredDedupKeys(
  exec: Executor,
  before?: Date,
  limit = 100_000,
): Promise<number> {
  const cutoff = before ? sql`${before.toISOString()}::timestamptz` : sql`now()`;
  const rows = await queryRows<{ n: number }>(
    exec,
    sql`WITH doomed AS (
          SELECT profile_id, dedup_key FROM keitaro_dedup_keys
          WHERE expires_at < ${cutoff} LIMIT ${limit} FOR UPDATE SKIP LOCKED
        ),
        gone AS (
          DELETE FROM keitaro_dedup_keys k USING doomed
          WHERE k.profile_id = doomed.profile_id AND k.dedup_key = doomed.dedup_key
            AND k.expires_at < ${cutoff}
          RETURNING 1
        )
        SELECT count(*)::int AS n FROM gone`,
  );
  return rows[0]?.n ?? 0;
}
