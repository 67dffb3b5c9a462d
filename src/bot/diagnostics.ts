import { sql } from 'drizzle-orm';
import type { Api } from 'grammy';
import { type Db, queryRows } from '../db/client.ts';
import type { ProfileRow, RouteRow } from '../db/schema.ts';
import { type Refusal, refusalOf } from '../delivery/failures.ts';
import { adminHost } from '../keitaro/admin-api.ts';
import { problemText } from '../keitaro/connection-text.ts';
import { getConnection, type KeitaroConnection } from '../keitaro/connections.ts';
import { t } from '../messages/i18n.ts';
import { escapeHtml, quoted } from '../messages/render.ts';
import { dedupKey } from '../postback/dedup-key.ts';
import { parsePostback, type RawFields } from '../postback/fields.ts';
import { storePostback, TEST_RAW_QUERY } from '../postback/store.ts';
import { type EventSummary, latestEvents, listRoutes } from '../profiles/repository.ts';
import { type Language, profileTarget, type Target } from '../routing/route.ts';
import type { Screen } from './screens.ts';
import {
  type ChatProblem,
  chatName,
  checkTopic,
  inspectChat,
  loadNames,
  type Names,
  targetLabel,
} from './targets.ts';

/**
 * "Why didn't I get a notification?" answered from what the service knows and what Telegram
 * says now: the profile's state, the bot's rights in every chat it posts to, the last
 * postback, refusals by the rate limit, the last events with where they went and what became
 * of them, what waits and what failed. And the test: a sample deposit through the real
 * delivery path.
 */

export interface ChatHealth {
  chatId: number;
  topicId: number | null;
  /** Null: the bot can post there. */
  problem: ChatProblem | Refusal | null;
  /** Telegram's words, when it refused the last message. */
  detail: string | null;
}

/** A forum topic of the profile's that Telegram said was deleted: the main thread took its place. */
export interface DroppedTopic {
  chatId: number;
  topicId: number;
}

export interface Diagnosis {
  profile: ProfileRow;
  routes: RouteRow[];
  names: Names;
  chats: ChatHealth[];
  droppedTopics: DroppedTopic[];
  lastPostbackAt: Date | null;
  /** `limitRps`: the limit that refused them (null when refused before it was recorded). */
  rateLimited: { count: number; lastAt: Date; limitRps: number | null } | null;
  waiting: number;
  dead: number;
  events: EventSummary[];
  /** Keitaro's Admin API: the connection and its last reconciliation, when there is one. */
  keitaro: KeitaroConnection | undefined;
}

/**
 * `api` asks Telegram about the bot's rights in each group or channel; without it (or when
 * Telegram does not answer) what the dispatcher last learned is shown.
 */
export async function diagnose(
  db: Db,
  profile: ProfileRow,
  live?: { api: Api; botId: number },
): Promise<Diagnosis> {
  const routes = await listRoutes(db, profile.id);
  const targets = new Map<string, { chatId: number; topicId: number | null }>();
  const add = (chatId: number, topicId: number | null) =>
    targets.set(`${chatId}:${topicId}`, { chatId, topicId });
  const fallback = profileTarget(profile);
  add(fallback.chatId, fallback.topicId);
  for (const route of routes) if (route.enabled) add(route.chatId, route.topicId);
  const ids = `{${[...targets.values()].map((c) => c.chatId).join(',')}}`;
  const known = await queryRows<{
    chat_id: string;
    reachable: boolean;
    unreachable_reason: string | null;
  }>(
    db,
    sql`SELECT chat_id::text, reachable, unreachable_reason FROM keitaro_chats WHERE chat_id = ANY(${ids}::bigint[])`,
  );
  const [counts] = await queryRows<{
    waiting: number;
    dead: number;
    last: string | null;
    limited: string | null;
    limited_at: string | null;
    limited_rps: number | null;
  }>(
    db,
    sql`SELECT
          (SELECT count(*) FROM keitaro_deliveries WHERE profile_id = ${profile.id} AND state IN ('pending', 'held', 'paused', 'quiet'))::int AS waiting,
          (SELECT count(*) FROM keitaro_deliveries WHERE profile_id = ${profile.id} AND state = 'dead')::int AS dead,
          (SELECT max(created_at) FROM keitaro_events WHERE profile_id = ${profile.id}) AS last,
          (SELECT rate_limited::text FROM keitaro_refusals WHERE profile_id = ${profile.id}) AS limited,
          (SELECT last_rate_limited_at FROM keitaro_refusals WHERE profile_id = ${profile.id}) AS limited_at,
          (SELECT last_rate_limit_rps FROM keitaro_refusals WHERE profile_id = ${profile.id}) AS limited_rps`,
  );
  const chats: ChatHealth[] = [];
  const titles = new Map<number, string>();
  // One chat at a time: a handful of getChat calls, well inside Telegram's limits.
  for (const { chatId, topicId } of targets.values()) {
    const row = known.find((k) => Number(k.chat_id) === chatId);
    const stored: ChatHealth = {
      chatId,
      topicId,
      problem: row && !row.reachable ? refusalOf(row.unreachable_reason ?? '') : null,
      detail: row && !row.reachable ? row.unreachable_reason : null,
    };
    if (!live || chatId > 0) {
      chats.push(stored);
      continue;
    }
    const check = await inspectChat(live.api, chatId, live.botId);
    const title = check.ok ? check.chat.title : check.title;
    if (title) titles.set(chatId, title);
    if (check.ok) {
      // The bot may post in the chat; a topic that was deleted (or never was) is another matter.
      const topic = topicId === null ? 'ok' : await checkTopic(live.api, chatId, topicId);
      const problem = topic === 'missing' ? 'topic_missing' : null;
      chats.push({ chatId, topicId, problem, detail: null });
    } else if (check.problem === 'unreachable') chats.push(stored);
    else {
      // Telegram's refusal says more than "not a member": kicked, or blocked, say.
      const said = check.refusal ?? 'other';
      chats.push({
        chatId,
        topicId,
        problem: said === 'other' ? check.problem : said,
        detail: check.detail || null,
      });
    }
  }
  const droppedTopics = await topicsDropped(db, profile, [...targets.values()]);
  const events = await latestEvents(db, profile.id, 10);
  const names = await loadNames(db, [
    ...[...targets.values()].map((c) => c.chatId),
    ...events.flatMap((e) => (e.chatId === null ? [] : [e.chatId])),
  ]);
  // What Telegram just said of a chat's title beats what was stored.
  for (const [chatId, title] of titles) names.chats.set(chatId, title);
  return {
    profile,
    routes,
    names,
    chats,
    droppedTopics,
    lastPostbackAt: counts?.last ? new Date(counts.last) : null,
    rateLimited:
      counts?.limited && counts.limited_at
        ? {
            count: Number(counts.limited),
            lastAt: new Date(counts.limited_at),
            limitRps: counts.limited_rps === null ? null : Number(counts.limited_rps),
          }
        : null,
    waiting: counts?.waiting ?? 0,
    dead: counts?.dead ?? 0,
    events,
    keitaro: await getConnection(db, profile.id),
  };
}

/**
 * Topics the dispatcher found deleted and rewrote to the main thread (outbox.dropTopic), as
 * the owner was told then. Said while the profile still sends to that chat's main thread: once
 * another topic is chosen there, it is old news.
 */
async function topicsDropped(
  db: Db,
  profile: ProfileRow,
  targets: { chatId: number; topicId: number | null }[],
): Promise<DroppedTopic[]> {
  const rows = await queryRows<{ chat_id: string; topic: string }>(
    db,
    sql`SELECT summary->>'chatId' AS chat_id, summary->>'topic' AS topic
        FROM keitaro_deliveries
        WHERE kind = 'notice' AND chat_id = ${profile.ownerUserId}
          AND summary->>'kind' = 'topic-missing'
          AND (profile_id = ${profile.id} OR summary->'profileIds' @> ${JSON.stringify([profile.id])}::jsonb)
        ORDER BY id`,
  );
  const dropped = new Map<string, DroppedTopic>();
  for (const row of rows) {
    const chatId = Number(row.chat_id);
    const topicId = Number(row.topic);
    if (!targets.some((c) => c.chatId === chatId && c.topicId === null)) continue;
    dropped.set(`${chatId}:${topicId}`, { chatId, topicId });
  }
  return [...dropped.values()];
}

function ago(lang: Language, from: Date, now: number): string {
  const seconds = Math.max(0, Math.round((now - from.getTime()) / 1000));
  if (seconds < 120) return t(lang, 'bot-ago-seconds', { n: seconds });
  if (seconds < 7200) return t(lang, 'bot-ago-minutes', { n: Math.round(seconds / 60) });
  if (seconds < 172_800) return t(lang, 'bot-ago-hours', { n: Math.round(seconds / 3600) });
  return t(lang, 'bot-ago-days', { n: Math.round(seconds / 86_400) });
}

/** Why Telegram refused, in the reader's words: its own text stays in the logs. */
function plainReason(lang: Language, e: EventSummary): string {
  const said = e.deliveryError ?? e.error ?? '';
  return t(lang, `bot-why-${refusalOf(said).replaceAll('_', '-')}`);
}

const LOCALES: Record<Language, string> = { ru: 'ru-RU', uk: 'uk-UA', en: 'en-GB' };

/** "16:05" in the profile's time zone; with the date ("29.11 16:05") when it was not today. */
function when(lang: Language, at: Date, now: number, timeZone: string): string {
  const format = (options: Intl.DateTimeFormatOptions, date: Date | number) => {
    try {
      return new Intl.DateTimeFormat(LOCALES[lang], { ...options, timeZone }).format(date);
    } catch {
      // A time zone this Node does not know: UTC rather than nothing.
      return new Intl.DateTimeFormat(LOCALES[lang], { ...options, timeZone: 'UTC' }).format(date);
    }
  };
  const time = format({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }, at);
  const day = { day: '2-digit', month: '2-digit' } as const;
  const date = format(day, at);
  return date === format(day, now) ? time : `${date} ${time}`;
}

function outcome(lang: Language, e: EventSummary): string {
  if (e.outcome === 'duplicate') return t(lang, 'bot-outcome-duplicate');
  const state = e.deliveryStates[0] ?? 'pending';
  if (state === 'dead') return t(lang, 'bot-outcome-dead', { reason: plainReason(lang, e) });
  if (['sent', 'digested', 'held', 'paused', 'quiet'].includes(state))
    return t(lang, `bot-outcome-${state}`);
  return t(lang, 'bot-outcome-pending');
}

/** Where the event went and why: the route that took it, or no route matched. */
function destination(lang: Language, d: Diagnosis, e: EventSummary): string {
  if (e.outcome === 'duplicate' || e.chatId === null) return '';
  const where = targetLabel(lang, d.profile.ownerUserId, e.chatId, e.topicId, d.names);
  const position = d.routes.findIndex((r) => r.id === e.routeId);
  return e.routeId === null
    ? t(lang, 'bot-diag-to-default', { target: where })
    : position >= 0
      ? t(lang, 'bot-diag-to-route', { target: where, n: position + 1 })
      : t(lang, 'bot-diag-to-old-route', { target: where });
}

export function chatHealthLine(lang: Language, d: Diagnosis, c: ChatHealth): string {
  const target = targetLabel(lang, d.profile.ownerUserId, c.chatId, c.topicId, d.names);
  if (c.problem === null) return t(lang, 'bot-diag-chat-ok', { target });
  // Telegram's own words ("Bad Request: …") are kept for the logs, not shown.
  const why = t(lang, `bot-why-${c.problem.replaceAll('_', '-')}`);
  return t(lang, 'bot-diag-chat-bad', { target, why });
}

/** "ℹ️ Topic 9 of "Team A" was deleted: its notifications now go to the main thread." */
export function droppedTopicLine(lang: Language, d: Diagnosis, dropped: DroppedTopic): string {
  const name = d.names.topics.get(`${dropped.chatId}:${dropped.topicId}`);
  return t(lang, 'bot-diag-topic-dropped', {
    topic: name ? quoted(escapeHtml(name), lang) : String(dropped.topicId),
    chat: chatName(lang, d.names.chats.get(dropped.chatId), dropped.chatId),
  });
}

/**
 * The last reconciliation with Keitaro's log: what it read and recovered, or the tracker's
 * problem in plain words. Not connected, it is offered where it would have helped: after
 * postbacks were refused.
 */
function reconcileLines(lang: Language, d: Diagnosis, now: number): string[] {
  const connection = d.keitaro;
  if (!connection) return d.rateLimited ? [t(lang, 'bot-diag-keitaro-offer')] : [];
  const report = connection.reconcileReport;
  if (!report) return [t(lang, 'bot-diag-keitaro-pending')];
  const host = adminHost(connection.url);
  const lines: string[] = [];
  if (report.ok) {
    lines.push(
      t(lang, 'bot-diag-keitaro-ok', {
        ago: ago(lang, new Date(report.at), now),
        seen: report.seen,
        hours: Math.round((Date.parse(report.to) - Date.parse(report.from)) / 3600_000),
        recovered: report.recovered,
      }),
    );
  } else if (report.problem) {
    const problem = report.problem;
    const why =
      problem.kind === 'key' ? t(lang, 'bot-diag-keitaro-key') : problemText(lang, problem, host);
    lines.push(
      t(lang, 'bot-diag-keitaro-failed', { ago: ago(lang, new Date(report.at), now), why }),
    );
    if (connection.reconciledAt)
      lines.push(
        t(lang, 'bot-diag-keitaro-last-ok', { ago: ago(lang, connection.reconciledAt, now) }),
      );
  }
  return lines;
}

export function diagnosisScreen(lang: Language, d: Diagnosis, now: number): Screen {
  const p = d.profile;
  const lines = [
    t(lang, 'bot-diag-title', { name: escapeHtml(p.name) }),
    t(lang, p.enabled ? 'bot-diag-enabled' : 'bot-diag-disabled'),
    ...d.chats.map((c) => chatHealthLine(lang, d, c)),
    ...d.droppedTopics.map((dropped) => droppedTopicLine(lang, d, dropped)),
    d.lastPostbackAt
      ? t(lang, 'bot-diag-last', { ago: ago(lang, d.lastPostbackAt, now) })
      : t(lang, 'bot-diag-never'),
  ];
  if (d.rateLimited) {
    lines.push(
      t(lang, 'bot-diag-rate-limited', {
        count: d.rateLimited.count,
        rps: d.rateLimited.limitRps ?? p.rateLimitRps,
        ago: ago(lang, d.rateLimited.lastAt, now),
      }),
    );
  }
  lines.push(...reconcileLines(lang, d, now));
  if (d.waiting > 0) lines.push(t(lang, 'bot-diag-waiting', { count: d.waiting }));
  if (d.dead > 0) lines.push(t(lang, 'bot-diag-dead', { count: d.dead }));
  if (d.events.length > 0) {
    lines.push('', t(lang, 'bot-diag-events'));
    for (const e of d.events) {
      const tx = escapeHtml((e.tid ?? e.subid ?? '—').slice(0, 40));
      // Keitaro's own word only for a status the bot has no name for.
      const status =
        e.status === 'other'
          ? escapeHtml((e.statusWord || t(lang, 'bot-status-other')).slice(0, 20))
          : t(lang, `bot-status-${e.status}`);
      const campaign = e.campaignName ?? e.campaignId;
      const parts = [
        `#${e.id} ${when(lang, e.createdAt, now, p.timezone)}${e.recovered ? ' 🛟' : ''}`,
        status,
        ...(campaign
          ? [t(lang, 'bot-diag-campaign', { name: escapeHtml(campaign.slice(0, 40)) })]
          : []),
        tx,
      ];
      lines.push(`${parts.join(' · ')} — ${outcome(lang, e)}${destination(lang, d, e)}`);
    }
  }
  return {
    text: lines.join('\n'),
    keyboard: [
      [{ text: t(lang, 'bot-btn-refresh'), callback_data: `p:${p.id}:diag` }],
      [{ text: t(lang, 'bot-back'), callback_data: `p:${p.id}` }],
    ],
  };
}

/**
 * The sample deposit of a test and of the 🪪 card's preview: it matches the route (its first
 * campaign id and country) and carries a value in each field a card can add.
 */
export function sampleDeposit(route?: RouteRow): RawFields {
  return {
    status: 'sale',
    tid: `TEST-${Date.now().toString(36)}`,
    campaign_name: 'Test',
    ...(route?.matchBy === 'campaign_id' && !route.isPattern
      ? { campaign_id: (route.matchValue ?? '').split(',')[0]?.trim() ?? '' }
      : {}),
    landing_name: 'Landing Page',
    creative_id: 'cr_test',
    conversion_revenue: '100',
    currency: 'USD',
    country: route?.geo[0] ?? 'US',
    sub_id_1: 'test',
    // Shown only by a card that adds them.
    offer_id: '42',
    landing_id: '7',
    source: 'test_source',
    sub_id_2: 'test2',
    sub_id_3: 'test3',
  };
}

/**
 * A sample deposit, stored and delivered like any postback: to the profile's own chat, or to a
 * route's chat and topic in its language.
 */
export async function sendTest(
  db: Db,
  profile: ProfileRow,
  route?: RouteRow,
): Promise<{ eventId: number; target: Target } | null> {
  const postback = parsePostback(sampleDeposit(route));
  const fallback = profileTarget(profile);
  const target: Target = route
    ? {
        chatId: route.chatId,
        topicId: route.topicId,
        language: (route.language ?? profile.language) as Language,
        routeId: route.id,
      }
    : { ...fallback, language: profile.language as Language, routeId: null };
  const result = await storePostback(db, {
    profileId: profile.id,
    secret: profile.secret,
    dedupTtlSec: 0,
    dedupKey: dedupKey(postback),
    postback,
    target,
    rawQuery: TEST_RAW_QUERY,
    rawBody: null,
  });
  return result.kind === 'stored' ? { eventId: result.eventId, target } : null;
}

export type TestResult =
  | { kind: 'ok' }
  /** Delivered, but to the chat's main thread: the topic does not exist. */
  | { kind: 'topic'; reason: string }
  | { kind: 'held'; why: Refusal; reason: string }
  | { kind: 'limit' | 'failed' | 'slow'; reason: string };

/** Watches the test's delivery until it is settled or `timeoutMs` has passed. */
export async function watchTest(
  db: Db,
  eventId: number,
  requestedTopic: number | null,
  timeoutMs = 15_000,
): Promise<TestResult> {
  const deadline = Date.now() + timeoutMs;
  type Row = {
    state: string;
    last_error: string | null;
    reason: string | null;
    topic_id: number | null;
  };
  let last: Row | undefined;
  while (Date.now() < deadline) {
    [last] = await queryRows<Row>(
      db,
      sql`SELECT d.state, d.last_error, d.topic_id, c.unreachable_reason AS reason
          FROM keitaro_deliveries d LEFT JOIN keitaro_chats c ON c.chat_id = d.chat_id
          WHERE d.event_id = ${eventId} ORDER BY d.id LIMIT 1`,
    );
    if (last?.state === 'sent' || last?.state === 'digested') {
      return requestedTopic !== null && last.topic_id === null
        ? { kind: 'topic', reason: 'message thread not found' }
        : { kind: 'ok' };
    }
    if (last?.state === 'held') {
      const reason = last.reason ?? last.last_error ?? '';
      return { kind: 'held', why: refusalOf(reason), reason };
    }
    if (last?.state === 'dead') return { kind: 'failed', reason: last.last_error ?? '' };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  // Still on its way: Telegram's limit, or retries after a failure.
  if (last?.last_error?.startsWith('429')) return { kind: 'limit', reason: last.last_error };
  return { kind: 'slow', reason: last?.last_error ?? last?.state ?? 'pending' };
}

/** The sentence that reports a test, in the person's language. */
export function testResultText(lang: Language, result: TestResult, target: string): string {
  switch (result.kind) {
    case 'ok':
      return t(lang, 'bot-test-ok', { target });
    case 'held':
      return t(lang, 'bot-test-held', {
        target,
        why: t(lang, `bot-why-${result.why.replaceAll('_', '-')}`),
      });
    case 'failed':
      // Telegram's own words stay in the logs; the reader gets them in theirs.
      return t(lang, 'bot-test-failed', {
        target,
        reason: t(lang, `bot-why-${refusalOf(result.reason).replaceAll('_', '-')}`),
      });
    default:
      return t(lang, `bot-test-${result.kind}`, { target });
  }
}
