import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.ts';
import type { ProfileRow } from '../db/schema.ts';
import { t } from '../messages/i18n.ts';
import { escapeHtml } from '../messages/render.ts';
import { dedupKey } from '../postback/dedup-key.ts';
import { parsePostback } from '../postback/fields.ts';
import { storePostback } from '../postback/store.ts';
import { type EventSummary, latestEvents, listRoutes } from '../profiles/repository.ts';
import type { Language } from '../routing/route.ts';
import type { Screen } from './screens.ts';

/**
 * "Why didn't I get a notification?" answered from what the service knows: the profile's
 * state, every chat it posts to, the last postback, the last events and their outcome, what
 * waits and what failed. And the test: a sample deposit through the real delivery path.
 */

export interface ChatHealth {
  chatId: number;
  topicId: number | null;
  reachable: boolean;
  reason: string | null;
  title: string | null;
}

export interface Diagnosis {
  profile: ProfileRow;
  chats: ChatHealth[];
  lastPostbackAt: Date | null;
  waiting: number;
  dead: number;
  events: EventSummary[];
}

export async function diagnose(db: Db, profile: ProfileRow): Promise<Diagnosis> {
  const targets = new Map<string, { chatId: number; topicId: number | null }>();
  const add = (chatId: number, topicId: number | null) =>
    targets.set(`${chatId}:${topicId}`, { chatId, topicId });
  add(
    profile.defaultChatId ?? profile.ownerUserId,
    profile.defaultChatId === null ? null : profile.defaultTopicId,
  );
  for (const route of await listRoutes(db, profile.id))
    if (route.enabled) add(route.chatId, route.topicId);
  const ids = `{${[...targets.values()].map((t) => t.chatId).join(',')}}`;
  const known = await queryRows<{
    chat_id: string;
    reachable: boolean;
    unreachable_reason: string | null;
    title: string | null;
  }>(
    db,
    sql`SELECT chat_id::text, reachable, unreachable_reason, title FROM keitaro_chats WHERE chat_id = ANY(${ids}::bigint[])`,
  );
  const [counts] = await queryRows<{ waiting: number; dead: number; last: string | null }>(
    db,
    sql`SELECT
          (SELECT count(*) FROM keitaro_deliveries WHERE profile_id = ${profile.id} AND state IN ('pending', 'held'))::int AS waiting,
          (SELECT count(*) FROM keitaro_deliveries WHERE profile_id = ${profile.id} AND state = 'dead')::int AS dead,
          (SELECT max(created_at) FROM keitaro_events WHERE profile_id = ${profile.id}) AS last`,
  );
  return {
    profile,
    chats: [...targets.values()].map(({ chatId, topicId }) => {
      const row = known.find((k) => Number(k.chat_id) === chatId);
      return {
        chatId,
        topicId,
        reachable: row?.reachable ?? true,
        reason: row?.unreachable_reason ?? null,
        title: row?.title ?? null,
      };
    }),
    lastPostbackAt: counts?.last ? new Date(counts.last) : null,
    waiting: counts?.waiting ?? 0,
    dead: counts?.dead ?? 0,
    events: await latestEvents(db, profile.id, 10),
  };
}

export function chatLabel(
  lang: Language,
  profile: ProfileRow,
  chatId: number,
  topicId: number | null,
  title: string | null = null,
): string {
  if (chatId === profile.ownerUserId) return t(lang, 'bot-target-private');
  const chat = title ? `«${escapeHtml(title)}»` : String(chatId);
  return topicId === null
    ? t(lang, 'bot-target-chat', { chat })
    : t(lang, 'bot-target-topic', { chat, topic: topicId });
}

function ago(lang: Language, from: Date, now: number): string {
  const seconds = Math.max(0, Math.round((now - from.getTime()) / 1000));
  if (seconds < 120) return t(lang, 'bot-ago-seconds', { n: seconds });
  if (seconds < 7200) return t(lang, 'bot-ago-minutes', { n: Math.round(seconds / 60) });
  if (seconds < 172_800) return t(lang, 'bot-ago-hours', { n: Math.round(seconds / 3600) });
  return t(lang, 'bot-ago-days', { n: Math.round(seconds / 86_400) });
}

function outcome(lang: Language, e: EventSummary): string {
  if (e.outcome === 'duplicate') return t(lang, 'bot-outcome-duplicate');
  const state = e.deliveryStates[0] ?? 'pending';
  if (state === 'dead')
    return t(lang, 'bot-outcome-dead', { reason: escapeHtml(e.deliveryError ?? e.error ?? '') });
  if (['sent', 'digested', 'held'].includes(state)) return t(lang, `bot-outcome-${state}`);
  return t(lang, 'bot-outcome-pending');
}

export function diagnosisScreen(lang: Language, d: Diagnosis, now: number): Screen {
  const p = d.profile;
  const lines = [
    t(lang, 'bot-diag-title', { name: escapeHtml(p.name) }),
    t(lang, p.enabled ? 'bot-diag-enabled' : 'bot-diag-disabled'),
    ...d.chats.map((c) => {
      const target = chatLabel(lang, p, c.chatId, c.topicId, c.title);
      return c.reachable
        ? t(lang, 'bot-diag-chat-ok', { target })
        : t(lang, 'bot-diag-chat-bad', { target, reason: escapeHtml(c.reason ?? '') });
    }),
    d.lastPostbackAt
      ? t(lang, 'bot-diag-last', { ago: ago(lang, d.lastPostbackAt, now) })
      : t(lang, 'bot-diag-never'),
  ];
  if (d.waiting > 0) lines.push(t(lang, 'bot-diag-waiting', { count: d.waiting }));
  if (d.dead > 0) lines.push(t(lang, 'bot-diag-dead', { count: d.dead }));
  if (d.events.length > 0) {
    lines.push('', t(lang, 'bot-diag-events'));
    for (const e of d.events) {
      const tx = escapeHtml((e.tid ?? e.subid ?? '—').slice(0, 40));
      lines.push(
        `#${e.id} ${e.status}${e.statusWord && e.statusWord !== e.status ? ` (${escapeHtml(e.statusWord.slice(0, 20))})` : ''} · ${tx} — ${outcome(lang, e)}`,
      );
    }
  }
  return {
    text: lines.join('\n'),
    keyboard: [[{ text: t(lang, 'bot-back'), callback_data: `p:${p.id}` }]],
  };
}

/** A sample deposit, stored and delivered like any postback, to the profile's default chat. */
export async function sendTest(
  db: Db,
  profile: ProfileRow,
): Promise<{ eventId: number; chatId: number; topicId: number | null } | null> {
  const postback = parsePostback({
    status: 'sale',
    tid: `TEST-${Date.now().toString(36)}`,
    campaign_name: 'Test',
    landing_name: 'Landing Page',
    creative_id: 'cr_test',
    conversion_revenue: '100',
    currency: 'USD',
    country: 'US',
    sub_id_1: 'test',
  });
  const chatId = profile.defaultChatId ?? profile.ownerUserId;
  const topicId = profile.defaultChatId === null ? null : profile.defaultTopicId;
  const result = await storePostback(db, {
    profileId: profile.id,
    secret: profile.secret,
    dedupTtlSec: 0,
    dedupKey: dedupKey(postback),
    postback,
    target: { chatId, topicId, language: profile.language as Language, routeId: null },
    rawQuery: 'test sent from the bot',
    rawBody: null,
  });
  return result.kind === 'stored' ? { eventId: result.eventId, chatId, topicId } : null;
}

export type TestResult =
  | { kind: 'ok' }
  | { kind: 'held' | 'limit' | 'failed' | 'slow'; reason: string };

/** Watches the test's delivery until it is settled or `timeoutMs` has passed. */
export async function watchTest(db: Db, eventId: number, timeoutMs = 15_000): Promise<TestResult> {
  const deadline = Date.now() + timeoutMs;
  let last: { state: string; last_error: string | null; reason: string | null } | undefined;
  while (Date.now() < deadline) {
    [last] = await queryRows<{ state: string; last_error: string | null; reason: string | null }>(
      db,
      sql`SELECT d.state, d.last_error, c.unreachable_reason AS reason
          FROM keitaro_deliveries d LEFT JOIN keitaro_chats c ON c.chat_id = d.chat_id
          WHERE d.event_id = ${eventId} ORDER BY d.id LIMIT 1`,
    );
    if (last?.state === 'sent' || last?.state === 'digested') return { kind: 'ok' };
    if (last?.state === 'held')
      return { kind: 'held', reason: last.reason ?? last.last_error ?? '' };
    if (last?.state === 'dead') return { kind: 'failed', reason: last.last_error ?? '' };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  // Still on its way: Telegram's limit, or retries after a failure.
  if (last?.last_error?.startsWith('429')) return { kind: 'limit', reason: last.last_error };
  return { kind: 'slow', reason: last?.last_error ?? last?.state ?? 'pending' };
}
