import { type SQL, sql } from 'drizzle-orm';
import { type Executor, queryRows, queryRowsNamed } from '../db/client.ts';
import { type Card, type CardLine, cardInForce } from '../messages/card.ts';
import type { DigestSummary, MessageEvent } from '../messages/render.ts';
import { readEventFields, SELECT_FIELDS } from '../postback/event-fields.ts';
import type { NormalizedStatus } from '../postback/status.ts';
import { RECOVERED_FROM_FIELD, RECOVERED_RAW_QUERY, TEST_RAW_QUERY } from '../postback/store.ts';
import type { Language } from '../routing/route.ts';
import type { ChatKind } from './pacing.ts';

/**
 * The outbox's SQL, in one place. A delivery is claimed with a lease (FOR UPDATE SKIP
 * LOCKED), so rows of a dispatcher that died come back; every outcome is one transaction.
 */

export interface DueChat {
  chatId: number;
  /** Due deliveries of priority 0 (deposits, rebills, digests, notices) and the rest. */
  high: number;
  low: number;
  kind: ChatKind;
  recentSends: number[];
  pausedUntil: number | null;
}

const toMs = (value: string | Date | null): number | null =>
  value === null ? null : new Date(value).getTime();

/** Postgres arrays of timestamps arrive as strings from PGlite and as text from pg. */
function parseTimestampArray(value: unknown): number[] {
  if (Array.isArray(value)) return value.map((v) => new Date(v as string).getTime());
  if (typeof value !== 'string' || value === '{}') return [];
  return value
    .slice(1, -1)
    .split(',')
    .map((v) => new Date(v.replace(/^"|"$/g, '')).getTime());
}

const DUE = sql`d.state = 'pending' AND d.next_attempt_at <= now()
  AND (d.lease_until IS NULL OR d.lease_until < now())`;

export interface DueWork {
  /** Chats with due deliveries: deposits first, then the oldest. */
  chats: DueChat[];
  /**
   * In how many milliseconds (by the database's clock) the next delivery that is not due yet
   * will be: a retry's `next_attempt_at`, a lease running out. Null when none is waiting.
   */
  nextDueInMs: number | null;
}

/**
 * What is due now and when the next thing will be, in one statement: the dispatcher sleeps
 * until then (or until it is woken) instead of polling.
 */
export async function dueWork(exec: Executor, limit: number): Promise<DueWork> {
  const rows = await queryRowsNamed<{
    chat_id: string | number | null;
    high: number;
    low: number;
    type: string | null;
    recent_sends: unknown;
    paused_until: string | null;
    next_due_ms: number | string | null;
  }>(
    exec,
    'keitaro_due',
    sql`(SELECT d.chat_id,
          count(*) FILTER (WHERE d.priority = 0)::int AS high,
          count(*) FILTER (WHERE d.priority <> 0)::int AS low,
          c.type, c.recent_sends::text AS recent_sends, c.paused_until,
          NULL::float8 AS next_due_ms
        FROM keitaro_deliveries d LEFT JOIN keitaro_chats c ON c.chat_id = d.chat_id
        WHERE ${DUE}
        GROUP BY d.chat_id, c.chat_id
        ORDER BY min(d.priority), min(d.id)
        LIMIT ${limit})
        UNION ALL
        -- Both through the index of pending deliveries, never the whole table. A delivery both
        -- leased and waiting for its retry wakes the dispatcher at its retry time, which then
        -- finds it leased and sleeps again until the lease runs out.
        SELECT NULL, 0, 0, NULL, NULL, NULL,
          (extract(epoch FROM least(
            (SELECT min(next_attempt_at) FROM keitaro_deliveries
              WHERE state = 'pending' AND next_attempt_at > now()),
            (SELECT min(lease_until) FROM keitaro_deliveries
              WHERE state = 'pending' AND next_attempt_at <= now() AND lease_until > now())
          ) - now()) * 1000)::float8`,
  );
  const chats: DueChat[] = [];
  let nextDueInMs: number | null = null;
  for (const r of rows) {
    if (r.chat_id === null) {
      nextDueInMs = r.next_due_ms === null ? null : Math.max(0, Number(r.next_due_ms));
      continue;
    }
    const chatId = Number(r.chat_id);
    chats.push({
      chatId,
      high: r.high,
      low: r.low,
      kind: (r.type as ChatKind | null) ?? (chatId > 0 ? 'private' : 'group'),
      recentSends: parseTimestampArray(r.recent_sends),
      pausedUntil: toMs(r.paused_until),
    });
  }
  return { chats, nextDueInMs };
}

/**
 * What a delivery carries: a conversion, a digest of many, a notice, a daily summary, or a
 * line added to a message sent before (funnel.ts).
 */
export const DELIVERY_KINDS = ['event', 'digest', 'notice', 'summary', 'edit'] as const;
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];

export interface ClaimedDelivery {
  id: number;
  kind: DeliveryKind;
  eventId: number | null;
  profileId: number;
  chatId: number;
  topicId: number | null;
  language: Language;
  attempts: number;
  body: string | null;
  /** A summary's chart, sent as a photo with `body` as its caption. */
  photo: Buffer | null;
  plainText: boolean;
  event: MessageEvent | null;
  /** When the event was stored. */
  eventAt: Date | null;
  /** An edit: the message whose text `body` replaces. */
  editOf: number | null;
  /** An edit: the conversion that message told of (its buttons are set again with the text). */
  editOfEvent: number | null;
  routeId: number | null;
  /** A route with a topic per value: the value (value-topics.ts). */
  topicValue: string | null;
  /** What the event's card shows: its route's card, else its profile's (read with the claim). */
  card: Card;
}

/**
 * The card of a delivery `d`: its route's own, else its profile's (null: the default). A route
 * deleted since leaves the profile's.
 */
const CARD_OF = (d: string) =>
  sql.raw(`coalesce((SELECT r.card FROM keitaro_routes r WHERE r.id = ${d}.route_id),
    (SELECT p.card FROM keitaro_profiles p WHERE p.id = ${d}.profile_id))`);

/**
 * The payload's values of the fields a card shows on extra lines (`show`: a jsonb array of
 * field names), as one jsonb object: the payload itself may be large, these are a few values.
 */
export const shownPayload = (show: SQL): SQL =>
  sql`(SELECT jsonb_object_agg(k, e.payload -> k)
       FROM jsonb_array_elements_text(coalesce(${show}, '[]'::jsonb)) AS k WHERE e.payload ? k)`;

/** The payload's entity ids, which a connected tracker can name (keitaro/names.ts). */
export const SENT_IDS = shownPayload(sql`'["offer_id","landing_id","ts_id"]'::jsonb`);

/** Leases the chat's next delivery (priority, then age) or returns null. */
export async function claimNext(
  exec: Executor,
  chatId: number,
  leaseSec: number,
): Promise<ClaimedDelivery | null> {
  const rows = await queryRowsNamed<Record<string, unknown>>(
    exec,
    'keitaro_claim',
    sql`WITH next AS (
          SELECT d.id FROM keitaro_deliveries d
          WHERE d.chat_id = ${chatId} AND ${DUE}
          ORDER BY d.priority, d.id LIMIT 1
          FOR UPDATE SKIP LOCKED
        ),
        claimed AS (
          UPDATE keitaro_deliveries d SET lease_until = now() + make_interval(secs => ${leaseSec}::int)
          FROM next WHERE d.id = next.id
          RETURNING d.*
        )
        SELECT claimed.id, claimed.kind, claimed.event_id, claimed.profile_id, claimed.chat_id,
          claimed.topic_id, claimed.language, claimed.attempts, claimed.body, claimed.plain_text,
          claimed.photo, claimed.summary, claimed.route_id, claimed.topic_value,
          e.created_at AS event_at, ${sql.raw(SELECT_FIELDS)},
          e.raw_query = ${TEST_RAW_QUERY} AS is_test, card.card,
          ${RECOVERED} AS recovered,
          ${shownPayload(sql`card.card -> 'show'`)} AS extra, ${SENT_IDS} AS ids
        FROM claimed LEFT JOIN keitaro_events e ON e.id = claimed.event_id
          CROSS JOIN LATERAL (SELECT ${CARD_OF('claimed')} AS card) card`,
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: Number(r.id),
    kind: r.kind as ClaimedDelivery['kind'],
    eventId: r.event_id === null ? null : Number(r.event_id),
    profileId: Number(r.profile_id),
    chatId: Number(r.chat_id),
    topicId: r.topic_id === null ? null : Number(r.topic_id),
    language: r.language as Language,
    attempts: Number(r.attempts),
    body: r.body as string | null,
    photo: r.photo === null || r.photo === undefined ? null : Buffer.from(r.photo as Uint8Array),
    plainText: Boolean(r.plain_text),
    event: r.event_id === null ? null : toMessageEvent(r),
    eventAt:
      r.event_at === null || r.event_at === undefined ? null : new Date(r.event_at as string),
    editOf:
      r.kind === 'edit' ? Number((r.summary as { messageId?: number } | null)?.messageId) : null,
    editOfEvent:
      r.kind === 'edit' ? ((r.summary as { eventId?: number } | null)?.eventId ?? null) : null,
    routeId: r.route_id === null || r.route_id === undefined ? null : Number(r.route_id),
    topicValue: (r.topic_value as string | null | undefined) ?? null,
    card: cardInForce(r.card, null),
  };
}

/**
 * Selected `AS recovered` from an event `e`: '' for a conversion recovered from Keitaro's
 * log, the status it replaced for a status change, null for one a postback brought.
 */
export const RECOVERED = sql`CASE WHEN e.raw_query = ${RECOVERED_RAW_QUERY}
  THEN coalesce(e.payload ->> ${RECOVERED_FROM_FIELD}, '') END`;

/** What `RECOVERED` selected, as a MessageEvent carries it. */
export function recoveredOf(r: Record<string, unknown>): MessageEvent['recovered'] {
  if (typeof r.recovered !== 'string') return undefined;
  return { from: r.recovered === '' ? null : (r.recovered as NormalizedStatus) };
}

function toMessageEvent(r: Record<string, unknown>): MessageEvent {
  const extra = (r.extra ?? null) as Record<string, unknown> | null;
  const recovered = recoveredOf(r);
  const ids = (r.ids ?? null) as Record<string, unknown> | null;
  return {
    ...readEventFields(r),
    test: r.is_test === true,
    ...(extra ? { extra } : {}),
    ...(recovered ? { recovered } : {}),
    ...(ids ? { ids } : {}),
  };
}

/** Reserves a send slot in the chat's persisted pacing window. */
export async function recordSend(
  exec: Executor,
  chatId: number,
  kind: ChatKind,
  recentSends: number[],
): Promise<void> {
  const sends = `{${recentSends.map((t) => `"${new Date(t).toISOString()}"`).join(',')}}`;
  await queryRowsNamed(
    exec,
    'keitaro_record_send',
    sql`INSERT INTO keitaro_chats (chat_id, type, recent_sends, updated_at)
        VALUES (${chatId}, ${kind}, ${sends}::timestamptz[], now())
        ON CONFLICT (chat_id) DO UPDATE
          SET recent_sends = excluded.recent_sends, updated_at = now()`,
  );
}

/**
 * A delivery went out, and its events are processed. Members of a digest keep the state
 * 'digested' for good: the digest's own row says whether they went out (one write per
 * conversion fewer under a flood, when it matters).
 *
 * An event has exactly one delivery (stored with it, see store.ts; the first matching route
 * wins), so an event whose delivery or digest was sent has nothing left to send: no lookup of
 * its other deliveries. An event already marked is not written again.
 */
export async function markSent(
  exec: Executor,
  delivery: Pick<ClaimedDelivery, 'id' | 'kind'>,
  messageId: number,
): Promise<void> {
  await queryRowsNamed(
    exec,
    'keitaro_mark_sent',
    sql`WITH sent AS (
          UPDATE keitaro_deliveries
          SET state = 'sent', message_id = ${messageId}, sent_at = now(), lease_until = NULL,
              last_error = NULL, photo = NULL
          WHERE id = ${delivery.id}
          RETURNING event_id
        ),
        done AS (
          SELECT event_id FROM sent WHERE event_id IS NOT NULL
          UNION ALL
          SELECT event_id FROM keitaro_deliveries WHERE digest_id = ${delivery.id} AND state = 'digested'
        )
        UPDATE keitaro_events e SET processed = true, error = NULL
        WHERE e.id IN (SELECT event_id FROM done) AND (NOT e.processed OR e.error IS NOT NULL)`,
  );
}

/**
 * The conversions still owed through digests: members (`m`) of a digest (`g`) not sent yet.
 * Members keep 'digested' after their digest is sent, so they are found from the digests.
 * A FROM clause with its WHERE begun; the caller may add conditions with AND.
 */
export const OWED_DIGEST_MEMBERS = sql`keitaro_deliveries g
  JOIN keitaro_deliveries m ON m.digest_id = g.id
  WHERE g.state NOT IN ('sent', 'digested') AND g.kind = 'digest'`;

/**
 * Event deliveries that have not reached Telegram: not sent themselves, and not carried by a
 * digest that was sent.
 */
export async function undeliveredCount(exec: Executor): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    exec,
    sql`SELECT (SELECT count(*) FROM keitaro_deliveries
                  WHERE kind = 'event' AND state NOT IN ('sent', 'digested'))::int
             + (SELECT count(*) FROM ${OWED_DIGEST_MEMBERS} AND m.kind = 'event')::int AS n`,
  );
  return row?.n ?? 0;
}

/** Back to the queue at `at`, without spending an attempt (429, migration, fallbacks). */
export async function requeue(
  exec: Executor,
  id: number,
  at: Date | null,
  note: string | null = null,
): Promise<void> {
  await exec.execute(
    sql`UPDATE keitaro_deliveries
        SET lease_until = NULL, next_attempt_at = coalesce(${at?.toISOString() ?? null}::timestamptz, now()),
            last_error = coalesce(${note}::text, last_error)
        WHERE id = ${id}`,
  );
}

/** A failed attempt: retry at `at`, or (at = null) dead, visible on the event. */
export async function markFailed(
  exec: Executor,
  id: number,
  error: string,
  retryAt: Date | null,
): Promise<void> {
  if (retryAt) {
    await exec.execute(
      sql`UPDATE keitaro_deliveries
          SET attempts = attempts + 1, last_error = ${error}, lease_until = NULL,
              next_attempt_at = ${retryAt.toISOString()}::timestamptz
          WHERE id = ${id}`,
    );
    return;
  }
  await exec.execute(
    sql`WITH dead AS (
          UPDATE keitaro_deliveries
          SET state = 'dead', attempts = attempts + 1, last_error = ${error}, lease_until = NULL
          WHERE id = ${id} OR (digest_id = ${id} AND state = 'digested')
          RETURNING event_id
        )
        UPDATE keitaro_events SET error = ${`Telegram: ${error}`}
        WHERE id IN (SELECT event_id FROM dead WHERE event_id IS NOT NULL)`,
  );
}

export async function setPlainText(exec: Executor, id: number): Promise<void> {
  await exec.execute(
    sql`UPDATE keitaro_deliveries SET plain_text = true, lease_until = NULL WHERE id = ${id}`,
  );
}

export async function pauseChat(exec: Executor, chatId: number, until: Date): Promise<void> {
  await exec.execute(
    sql`INSERT INTO keitaro_chats (chat_id, type, paused_until)
        VALUES (${chatId}, ${chatId > 0 ? 'private' : 'group'}, ${until.toISOString()}::timestamptz)
        ON CONFLICT (chat_id) DO UPDATE SET paused_until = excluded.paused_until, updated_at = now()`,
  );
}

export interface OwnerToTell {
  profileId: number;
  ownerUserId: number;
  language: Language;
}

type OwnerRow = { profile_id: number; owner_user_id: string | number; language: string };

const toOwners = (rows: OwnerRow[]): OwnerToTell[] =>
  rows.map((o) => ({
    profileId: Number(o.profile_id),
    ownerUserId: Number(o.owner_user_id),
    language: o.language as Language,
  }));

/**
 * The bot cannot post to the chat: it is marked unreachable and its deliveries wait ('held').
 * Returns the owners to tell, the first time only: those of the profiles whose default or
 * routes name the chat, and of the deliveries waiting for it.
 */
export async function holdChat(
  exec: Executor,
  chatId: number,
  reason: string,
  title?: string,
): Promise<OwnerToTell[]> {
  const [before] = await queryRows<{ reachable: boolean }>(
    exec,
    sql`SELECT reachable FROM keitaro_chats WHERE chat_id = ${chatId}`,
  );
  const first = before?.reachable ?? true;
  await exec.execute(
    sql`INSERT INTO keitaro_chats (chat_id, type, title, reachable, unreachable_reason, owner_notified_at)
        VALUES (${chatId}, ${chatId > 0 ? 'private' : 'group'}, ${title ?? null}, false, ${reason}, now())
        ON CONFLICT (chat_id) DO UPDATE
          SET reachable = false, unreachable_reason = excluded.unreachable_reason,
            title = coalesce(excluded.title, keitaro_chats.title), updated_at = now()`,
  );
  const owners = await queryRows<OwnerRow>(
    exec,
    sql`WITH held AS (
          UPDATE keitaro_deliveries SET state = 'held', lease_until = NULL
          WHERE chat_id = ${chatId} AND state = 'pending'
          RETURNING profile_id
        )
        SELECT DISTINCT p.id AS profile_id, p.owner_user_id, p.language
        FROM keitaro_profiles p
        WHERE p.id IN (SELECT profile_id FROM held)
          OR p.default_chat_id = ${chatId}
          OR p.id IN (SELECT profile_id FROM keitaro_routes WHERE chat_id = ${chatId})
        ORDER BY p.id`,
  );
  if (!first) return [];
  return toOwners(owners).filter((o) => o.ownerUserId !== chatId);
}

/** The bot is back in the chat: held deliveries go out. Returns how many were released. */
export async function releaseChat(exec: Executor, chatId: number): Promise<number> {
  await exec.execute(
    sql`UPDATE keitaro_chats SET reachable = true, unreachable_reason = NULL,
          owner_notified_at = NULL, updated_at = now()
        WHERE chat_id = ${chatId}`,
  );
  const rows = await queryRows<{ n: number }>(
    exec,
    sql`WITH released AS (
          UPDATE keitaro_deliveries SET state = 'pending', next_attempt_at = now()
          WHERE chat_id = ${chatId} AND state = 'held' RETURNING 1
        ) SELECT count(*)::int AS n FROM released`,
  );
  return rows[0]?.n ?? 0;
}

/** A group became a supergroup: its new id replaces the old one everywhere. */
export async function migrateChat(exec: Executor, from: number, to: number): Promise<void> {
  await exec.execute(
    sql`UPDATE keitaro_profiles SET default_chat_id = ${to}, updated_at = now() WHERE default_chat_id = ${from}`,
  );
  await exec.execute(
    sql`UPDATE keitaro_routes SET chat_id = ${to}, updated_at = now() WHERE chat_id = ${from}`,
  );
  await exec.execute(
    sql`UPDATE keitaro_deliveries SET chat_id = ${to}, lease_until = NULL
        WHERE chat_id = ${from} AND state IN ('pending', 'held', 'digested')`,
  );
  await exec.execute(
    sql`INSERT INTO keitaro_chats (chat_id, type, migrated_to) VALUES (${from}, 'group', ${to})
        ON CONFLICT (chat_id) DO UPDATE SET migrated_to = ${to}, updated_at = now()`,
  );
}

/**
 * The forum topic is gone, as a migration is: the chat's main thread replaces it everywhere it
 * is named (the profiles' default, the routes) and in the deliveries still waiting. Returns the
 * owners of the profiles that named it, to tell once: named nowhere any more, it cannot fail
 * (and be reported) again.
 */
export async function dropTopic(
  exec: Executor,
  chatId: number,
  topicId: number,
): Promise<OwnerToTell[]> {
  const owners = await queryRows<OwnerRow>(
    exec,
    sql`WITH by_default AS (
          UPDATE keitaro_profiles SET default_topic_id = NULL, updated_at = now()
          WHERE default_chat_id = ${chatId} AND default_topic_id = ${topicId}
          RETURNING id
        ),
        by_route AS (
          UPDATE keitaro_routes SET topic_id = NULL, updated_at = now()
          WHERE chat_id = ${chatId} AND topic_id = ${topicId}
          RETURNING profile_id
        ),
        moved AS (
          UPDATE keitaro_deliveries SET topic_id = NULL, lease_until = NULL
          WHERE chat_id = ${chatId} AND topic_id = ${topicId} AND state IN ('pending', 'held', 'digested')
        )
        -- 'moved' runs though nothing reads it (PostgreSQL runs every data-modifying WITH).
        SELECT DISTINCT p.id AS profile_id, p.owner_user_id, p.language
        FROM keitaro_profiles p
        WHERE p.id IN (SELECT id FROM by_default UNION SELECT profile_id FROM by_route)`,
  );
  return toOwners(owners);
}

/**
 * A notice to a profile owner. What it says is kept with it (`summary`), so diagnostics can
 * say it again, in the language of whoever asks.
 */
export async function enqueueNotice(
  exec: Executor,
  owner: OwnerToTell,
  body: string,
  about: Record<string, unknown> | null = null,
): Promise<void> {
  await exec.execute(
    sql`INSERT INTO keitaro_deliveries (kind, profile_id, chat_id, language, priority, body, summary)
        VALUES ('notice', ${owner.profileId}, ${owner.ownerUserId}, ${owner.language}, 0, ${body},
          ${about === null ? null : JSON.stringify(about)}::jsonb)`,
  );
}

/** A daily summary to a chat or topic, with its chart when it could be drawn. */
export async function enqueueSummary(
  exec: Executor,
  summary: {
    profileId: number;
    chatId: number;
    topicId: number | null;
    language: Language;
    body: string;
    photo: Buffer | null;
  },
): Promise<void> {
  await exec.execute(
    sql`INSERT INTO keitaro_deliveries (kind, profile_id, chat_id, topic_id, language, priority, body, photo)
        VALUES ('summary', ${summary.profileId}, ${summary.chatId}, ${summary.topicId},
          ${summary.language}, 1, ${summary.body}, ${summary.photo})`,
  );
}

export interface DigestCandidates {
  topicId: number | null;
  count: number;
  profileId: number;
  language: Language;
}

/** Per topic, the chat's due deliveries a digest would carry (the low-priority ones, or all). */
export async function digestCandidates(
  exec: Executor,
  chatId: number,
  lowOnly: boolean,
): Promise<DigestCandidates[]> {
  const rows = await queryRowsNamed<{
    topic_id: number | null;
    n: number;
    profile_id: number;
    language: string;
  }>(
    exec,
    'keitaro_digest_candidates',
    sql`SELECT d.topic_id, count(*)::int AS n, min(d.profile_id) AS profile_id, min(d.language) AS language
        FROM keitaro_deliveries d
        WHERE d.chat_id = ${chatId} AND d.kind = 'event' AND ${DUE}
          ${lowOnly ? sql`AND d.priority <> 0` : sql``}
        GROUP BY d.topic_id`,
  );
  return rows.map((r) => ({
    topicId: r.topic_id === null ? null : Number(r.topic_id),
    count: r.n,
    profileId: Number(r.profile_id),
    language: r.language as Language,
  }));
}

export interface OpenDigest {
  id: number;
  language: Language;
  /** Null for a digest made a moment ago that nothing has joined yet. */
  summary: DigestSummary | null;
}

/**
 * The digest of this chat and topic still waiting to be sent (not claimed by a send): new
 * conversions join it instead of making another message.
 */
export async function openDigest(
  exec: Executor,
  chatId: number,
  topicId: number | null,
): Promise<OpenDigest | null> {
  const [digest] = await queryRowsNamed<{
    id: string | number;
    language: string;
    summary: DigestSummary | null;
  }>(
    exec,
    'keitaro_open_digest',
    sql`SELECT id, language, summary FROM keitaro_deliveries
        WHERE kind = 'digest' AND chat_id = ${chatId} AND topic_id IS NOT DISTINCT FROM ${topicId}::int
          AND state = 'pending' AND (lease_until IS NULL OR lease_until < now())
        ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`,
  );
  if (!digest) return null;
  return { id: Number(digest.id), language: digest.language as Language, summary: digest.summary };
}

export async function createDigest(
  exec: Executor,
  chatId: number,
  candidates: DigestCandidates,
): Promise<OpenDigest> {
  const [digest] = await queryRowsNamed<{ id: string | number }>(
    exec,
    'keitaro_create_digest',
    sql`INSERT INTO keitaro_deliveries (kind, profile_id, chat_id, topic_id, language, priority, body)
        VALUES ('digest', ${candidates.profileId}, ${chatId}, ${candidates.topicId}, ${candidates.language}, 0, '')
        RETURNING id`,
  );
  return { id: Number(digest?.id), language: candidates.language, summary: null };
}

/** What a flood's digest takes: the due deliveries (the low-priority ones, or all). */
export const floodOf = (lowOnly: boolean): SQL => (lowOnly ? sql`${DUE} AND d.priority <> 0` : DUE);

/** As many TX ids per status as a digest shows (render.ts keeps the first five). */
const DIGEST_TXS = 5;

/**
 * Moves the chat's deliveries to this topic that `which` picks (a flood's due ones, or what
 * waited out a pause) into the digest, in one UPDATE, and returns
 * what they add to its summary, counted in the same statement: a flood of a thousand
 * conversions comes back as a few dozen counts, not a thousand rows. They wait as
 * 'digested' until it is sent.
 */
export async function foldIntoDigest(
  exec: Executor,
  chatId: number,
  topicId: number | null,
  digestId: number,
  which: SQL,
): Promise<DigestSummary> {
  const rows = await queryRowsNamed<{
    part: 'count' | 'revenue' | 'tx' | 'time' | 'hide';
    status: NormalizedStatus | null;
    name: string | null;
    country: string | null;
    n: number | null;
    amount: number | null;
    first_at: number | null;
    last_at: number | null;
  }>(
    exec,
    'keitaro_fold',
    sql`WITH folded AS (
          UPDATE keitaro_deliveries d
          SET state = 'digested', digest_id = ${digestId}, lease_until = NULL
          FROM keitaro_events e
          WHERE e.id = d.event_id AND d.chat_id = ${chatId} AND d.kind = 'event'
            AND d.topic_id IS NOT DISTINCT FROM ${topicId}::int AND ${which}
          RETURNING d.id, e.created_at, e.status, coalesce(e.tid, e.subid) AS tx,
            coalesce(e.campaign_name, e.campaign_id, '') AS campaign, e.country, e.revenue,
            coalesce(e.currency, '') AS currency, ${CARD_OF('d')} -> 'hide' AS hide
        )
        -- Counted as render.ts summarize() counts one by one; the first TX ids and the
        -- currencies in the order the conversions came.
        SELECT 'count' AS part, status, campaign AS name, country, count(*)::int AS n,
          NULL::float8 AS amount, NULL::float8 AS first_at, NULL::float8 AS last_at,
          NULL::bigint AS ord
        FROM folded GROUP BY status, campaign, country
        UNION ALL
        SELECT 'revenue', NULL, currency, NULL, NULL, sum(revenue)::float8, NULL, NULL, min(id)
        FROM folded WHERE revenue <> 0 GROUP BY currency
        UNION ALL
        SELECT 'tx', status, tx, NULL, NULL, NULL, NULL, NULL, id
        FROM (SELECT status, tx, id, row_number() OVER (PARTITION BY status ORDER BY id) AS rn
              FROM folded WHERE tx IS NOT NULL) t
        WHERE rn <= ${DIGEST_TXS}
        UNION ALL
        SELECT 'time', NULL, NULL, NULL, count(*)::int, NULL,
          floor(extract(epoch FROM min(created_at)) * 1000)::float8,
          floor(extract(epoch FROM max(created_at)) * 1000)::float8, NULL
        FROM folded
        UNION ALL
        -- What any of their cards hides, the digest does not say.
        SELECT 'hide', NULL, line, NULL, NULL, NULL, NULL, NULL, NULL
        FROM (SELECT DISTINCT jsonb_array_elements_text(hide) AS line
              FROM folded WHERE hide IS NOT NULL) h
        ORDER BY part, ord`,
  );
  const summary: DigestSummary = {
    total: 0,
    firstAt: Number.POSITIVE_INFINITY,
    lastAt: Number.NEGATIVE_INFINITY,
    statuses: {},
    revenue: {},
    txs: {},
  };
  for (const r of rows) {
    const status = r.status as NormalizedStatus;
    const name = r.name as string;
    if (r.part === 'hide') {
      summary.hide = [...(summary.hide ?? []), name as CardLine];
    } else if (r.part === 'time') {
      if (!r.n) continue;
      summary.total = r.n;
      summary.firstAt = Number(r.first_at);
      summary.lastAt = Number(r.last_at);
    } else if (r.part === 'revenue') {
      summary.revenue[name] = Number(r.amount);
    } else if (r.part === 'tx') {
      summary.txs[status] = [...(summary.txs[status] ?? []), name];
    } else {
      const n = r.n as number;
      const group = summary.statuses[status] ?? { count: 0, campaigns: {} };
      const campaign = group.campaigns[name] ?? { count: 0, geos: {} };
      group.count += n;
      campaign.count += n;
      if (r.country) campaign.geos[r.country] = (campaign.geos[r.country] ?? 0) + n;
      group.campaigns[name] = campaign;
      summary.statuses[status] = group;
      summary.txs[status] = summary.txs[status] ?? [];
    }
  }
  return summary;
}

export async function writeDigest(
  exec: Executor,
  digestId: number,
  summary: DigestSummary,
  body: string,
): Promise<void> {
  await queryRowsNamed(
    exec,
    'keitaro_write_digest',
    sql`UPDATE keitaro_deliveries SET body = ${body}, summary = ${JSON.stringify(summary)}::jsonb
        WHERE id = ${digestId}`,
  );
}

/** A new dispatcher takes over: the leases of the one before it are void. */
export async function clearLeases(exec: Executor): Promise<void> {
  await exec.execute(
    sql`UPDATE keitaro_deliveries SET lease_until = NULL WHERE lease_until IS NOT NULL AND state = 'pending'`,
  );
}

/** The chats sent to in the last two seconds, from their persisted windows. */
export async function chatsSentToRecently(exec: Executor): Promise<number[]> {
  const rows = await queryRows<{ chat_id: string | number }>(
    exec,
    sql`SELECT c.chat_id FROM keitaro_chats c, unnest(c.recent_sends) AS s(at)
        WHERE c.updated_at > now() - interval '2 seconds' AND s.at > now() - interval '2 seconds'`,
  );
  return rows.map((r) => Number(r.chat_id));
}
