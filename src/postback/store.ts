import { sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../db/client.ts';
import type { Target } from '../routing/route.ts';
import type { Postback } from './fields.ts';
import type { NormalizedStatus } from './status.ts';

/**
 * One postback → one statement: the event row, its dedup claim and its delivery rows commit
 * together or not at all. Dedup is atomic across processes: the key is claimed with
 * INSERT … ON CONFLICT and taken over only once it has expired, so two identical postbacks
 * racing in two processes produce exactly one queued event.
 */

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
}

export type StoreResult =
  | { kind: 'stored'; eventId: number; duplicate: boolean }
  | { kind: 'forbidden' };

/** Deposits and rebills are money: they go first when a chat has a backlog. */
export function deliveryPriority(status: NormalizedStatus): number {
  return status === 'deposit' || status === 'rebill' ? 0 : 1;
}

export async function storePostback(exec: Executor, input: StoreInput): Promise<StoreResult> {
  const { postback: p, target: t } = input;
  const rows = await queryRows<{ id: string | number; outcome: string }>(
    exec,
    sql`
WITH p AS (
  SELECT id FROM keitaro_profiles
  WHERE id = ${input.profileId}::int AND secret = ${input.secret}::text AND enabled
),
ids AS (SELECT nextval('keitaro_events_id_seq') AS id FROM p),
claim AS (
  INSERT INTO keitaro_dedup_keys AS k (profile_id, dedup_key, event_id, expires_at)
  SELECT p.id, ${input.dedupKey}::text, ids.id, now() + make_interval(secs => ${input.dedupTtlSec}::int)
  FROM p, ids WHERE ${input.dedupTtlSec}::int > 0
  ON CONFLICT (profile_id, dedup_key) DO UPDATE
    SET event_id = excluded.event_id, expires_at = excluded.expires_at
    WHERE k.expires_at <= now()
  RETURNING event_id
),
ev AS (
  INSERT INTO keitaro_events (
    id, profile_id, status, status_word, original_status, tid, subid, external_id,
    campaign_id, campaign_name, offer, landing, revenue, currency, country, source,
    creative_id, sub_id_1, sub_id_2, reason, dedup_key, outcome, route_id, payload,
    raw_query, raw_body
  )
  SELECT ids.id, p.id, ${p.status}::text, ${p.statusWord}::text, ${p.originalStatus}::text,
    ${p.tid}::text, ${p.subid}::text, ${p.externalId}::text, ${p.campaignId}::text,
    ${p.campaignName}::text, ${p.offer}::text, ${p.landing}::text, ${p.revenue}::numeric,
    ${p.currency}::text, ${p.country}::text, ${p.source}::text, ${p.creativeId}::text,
    ${p.subIds[1] ?? null}::text, ${p.subIds[2] ?? null}::text, ${p.reason}::text,
    ${input.dedupKey}::text,
    CASE WHEN ${input.dedupTtlSec}::int = 0 OR EXISTS (SELECT 1 FROM claim)
      THEN 'queued' ELSE 'duplicate' END,
    ${t.routeId}::int, ${JSON.stringify(p.fields)}::jsonb, ${input.rawQuery}::text,
    ${input.rawBody}::bytea
  FROM p, ids
  RETURNING id, outcome
),
dl AS (
  INSERT INTO keitaro_deliveries (event_id, profile_id, route_id, chat_id, topic_id, language, priority)
  SELECT ev.id, ${input.profileId}::int, ${t.routeId}::int, ${t.chatId}::bigint, ${t.topicId}::int,
    ${t.language}::text, ${deliveryPriority(p.status)}::smallint
  FROM ev WHERE ev.outcome = 'queued'
)
SELECT id, outcome FROM ev`,
  );
  const row = rows[0];
  if (!row) return { kind: 'forbidden' };
  return { kind: 'stored', eventId: Number(row.id), duplicate: row.outcome === 'duplicate' };
}

/** Expired dedup claims are dead weight: a new event would take them over anyway. */
export async function purgeExpiredDedupKeys(exec: Executor): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    exec,
    sql`WITH gone AS (DELETE FROM keitaro_dedup_keys WHERE expires_at < now() RETURNING 1)
        SELECT count(*)::int AS n FROM gone`,
  );
  return rows[0]?.n ?? 0;
}
