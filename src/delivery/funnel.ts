import { sql } from 'drizzle-orm';
import { type Executor, queryRows, queryRowsNamed } from '../db/client.ts';
import type { EventNames } from '../keitaro/names.ts';
import { t } from '../messages/i18n.ts';
import {
  escapeHtml,
  formatAmount,
  formatDuration,
  htmlToText,
  renderEvent,
} from '../messages/render.ts';
import { readEventFields, SELECT_FIELDS } from '../postback/event-fields.ts';
import type { Language } from '../routing/route.ts';
import { type ClaimedDelivery, RECOVERED, recoveredOf, SENT_IDS, shownPayload } from './outbox.ts';

/**
 * A player's path in one thread. In a chat (or topic) that was told of a click's
 * registration, its first deposit comes as a reply to that message ("⏱ 2 h 13 min after the
 * registration") and the registration gets one line ("→ 💰 deposit 100 USD after 2 h 13 min");
 * a repeat deposit replies to the first one with the running total; a rejection replies to
 * the deposit it takes back (the same `tid`). A registration that came in a digest is
 * answered by replying to the digest. What each message was is kept in keitaro_threads,
 * written when Telegram confirms a send.
 */

/** What an event's message answers, and the line it adds under itself. */
export interface Thread {
  replyTo: number | null;
  line: string | null;
}

const NONE: Thread = { replyTo: null, line: null };

interface ThreadRow {
  registration_message_id: string | number | null;
  registration_event_id: string | number | null;
  registered_at: string | Date | null;
  deposit_message_id: string | number | null;
  deposits: number;
  totals: Record<string, string>;
  messages: Record<string, number>;
}

const numberOrNull = (v: string | number | null) => (v === null ? null : Number(v));

async function threadOf(exec: Executor, d: ClaimedDelivery, click: string) {
  const [row] = await queryRows<ThreadRow>(
    exec,
    sql`SELECT registration_message_id, registration_event_id, registered_at, deposit_message_id,
          deposits, totals, messages
        FROM keitaro_threads
        WHERE profile_id = ${d.profileId} AND chat_id = ${d.chatId}
          AND topic_id = ${d.topicId ?? 0} AND click = ${click}`,
  );
  return row;
}

/** "2 ч 13 мин": whole minutes (seconds only under a minute). */
function took(from: Date, to: Date, language: Language): string {
  const seconds = Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));
  return formatDuration(seconds < 60 ? seconds : Math.round(seconds / 60) * 60, language);
}

/** Revenue per currency after adding this one's (decimal text, at most 6 places). */
function addTo(totals: Record<string, string>, revenue: string | null, currency: string | null) {
  if (revenue === null || Number(revenue) === 0) return totals;
  const key = currency ?? '';
  const sum = Number(totals[key] ?? 0) + Number(revenue);
  return { ...totals, [key]: String(Math.round(sum * 1e6) / 1e6) };
}

const sums = (totals: Record<string, string>, language: Language) =>
  Object.entries(totals)
    .map(([currency, amount]) => formatAmount(amount, currency || null, language))
    .join(', ');

/** Before the send: what this event's message answers, and what it says of the path so far. */
export async function threadFor(exec: Executor, d: ClaimedDelivery): Promise<Thread> {
  const e = d.event;
  if (d.kind !== 'event' || !e || e.test || !e.subid) return NONE;
  if (!['deposit', 'rebill', 'rejected'].includes(e.status)) return NONE;
  const row = await threadOf(exec, d, e.subid);
  if (!row) return NONE;
  const language = d.language;
  switch (e.status) {
    case 'deposit': {
      const registered = row.registered_at === null ? null : new Date(row.registered_at);
      return {
        replyTo: numberOrNull(row.registration_message_id),
        line:
          registered && d.eventAt
            ? t(language, 'funnel-after-registration', {
                duration: took(registered, d.eventAt, language),
              })
            : null,
      };
    }
    case 'rebill':
      return {
        replyTo: numberOrNull(row.deposit_message_id),
        // A card that hides revenue hides the running total too.
        line: d.card.hide.includes('revenue')
          ? t(language, 'funnel-rebill-count', { n: row.deposits + 1 })
          : t(language, 'funnel-rebill', {
              n: row.deposits + 1,
              sums: escapeHtml(sums(addTo(row.totals, e.revenue, e.currency), language)) || '—',
            }),
      };
    default:
      return { replyTo: (e.tid && row.messages[e.tid]) || null, line: null };
  }
}

/** The message of a conversion: its card, the line of its thread, and any more (a mention). */
export function withThread(
  text: string,
  thread: Thread,
  format: 'html' | 'text',
  ...more: (string | null)[]
): string {
  const lines = [thread.line, ...more].filter((line): line is string => line !== null);
  return [text, ...lines.map((line) => (format === 'html' ? line : htmlToText(line)))].join('\n');
}

/**
 * Telegram has the message: remember what it was, and add the deposit's line to the
 * registration's own message (an edit, paced like a send; see dispatcher). `names`: the names
 * the registration's card was sent with, so the edit keeps them.
 */
export async function recordThread(
  exec: Executor,
  d: ClaimedDelivery,
  messageId: number,
  names?: EventNames,
): Promise<void> {
  if (d.kind === 'digest') return recordDigest(exec, d, messageId);
  const e = d.event;
  if (d.kind !== 'event' || !e || e.test || !e.subid) return;
  const key = sql`${d.profileId}, ${d.chatId}, ${d.topicId ?? 0}, ${e.subid}`;
  const at = d.eventAt ? sql`${d.eventAt.toISOString()}::timestamptz` : sql`now()`;
  if (e.status === 'registration') {
    await exec.execute(
      sql`INSERT INTO keitaro_threads AS th (profile_id, chat_id, topic_id, click,
            registration_message_id, registration_event_id, registered_at)
          VALUES (${key}, ${messageId}, ${d.eventId}, ${at})
          ON CONFLICT ON CONSTRAINT keitaro_threads_pkey DO UPDATE SET
            registration_message_id = excluded.registration_message_id,
            registration_event_id = excluded.registration_event_id,
            registered_at = excluded.registered_at, updated_at = now()`,
    );
    return;
  }
  if (e.status !== 'deposit' && e.status !== 'rebill') return;
  const before = await threadOf(exec, d, e.subid);
  const totals = addTo(before?.totals ?? {}, e.revenue, e.currency);
  const messages = e.tid ? { ...(before?.messages ?? {}), [e.tid]: messageId } : {};
  // A repeat deposit is answered by the first one; without one known, by this one.
  const first = e.status === 'deposit' || !before?.deposit_message_id;
  await exec.execute(
    sql`INSERT INTO keitaro_threads AS th (profile_id, chat_id, topic_id, click,
          deposit_message_id, deposited_at, deposits, totals, messages)
        VALUES (${key}, ${messageId}, ${at}, 1, ${JSON.stringify(totals)}::jsonb,
          ${JSON.stringify(messages)}::jsonb)
        ON CONFLICT ON CONSTRAINT keitaro_threads_pkey DO UPDATE SET
          deposit_message_id = ${first ? sql`excluded.deposit_message_id` : sql`th.deposit_message_id`},
          deposited_at = ${first ? sql`excluded.deposited_at` : sql`th.deposited_at`},
          deposits = th.deposits + 1, totals = excluded.totals,
          messages = th.messages || excluded.messages, updated_at = now()`,
  );
  if (e.status !== 'deposit' || !before) return;
  const registrationMessage = numberOrNull(before.registration_message_id);
  const registrationEvent = numberOrNull(before.registration_event_id);
  if (registrationMessage === null || registrationEvent === null || !before.registered_at) return;
  await queueRegistrationLine(
    exec,
    d,
    {
      messageId: registrationMessage,
      eventId: registrationEvent,
      registeredAt: new Date(before.registered_at),
    },
    names,
  );
}

/** The registration's message gets its deposit's line: "→ 💰 deposit 100 USD after 2 h 13 min". */
async function queueRegistrationLine(
  exec: Executor,
  d: ClaimedDelivery,
  registration: { messageId: number; eventId: number; registeredAt: Date },
  names: EventNames | undefined,
): Promise<void> {
  const e = d.event;
  if (!e || !d.eventAt) return;
  const [row] = await queryRows<Record<string, unknown>>(
    exec,
    sql`SELECT ${sql.raw(SELECT_FIELDS)},
          ${shownPayload(sql`${JSON.stringify(d.card.show)}::jsonb`)} AS extra, ${SENT_IDS} AS ids,
          ${RECOVERED} AS recovered
        FROM keitaro_events e WHERE e.id = ${registration.eventId}`,
  );
  if (!row) return; // retention took it: nothing to render again
  const language = d.language;
  const amount =
    e.revenue !== null && Number(e.revenue) !== 0 && !d.card.hide.includes('revenue')
      ? `${formatAmount(e.revenue, e.currency, language)} `
      : '';
  const line = t(language, 'funnel-registration-line', {
    amount: escapeHtml(amount),
    duration: took(registration.registeredAt, d.eventAt, language),
  });
  // Rendered again with the card of the thread's chat, as the deposit was.
  const read = {
    ...readEventFields(row),
    extra: (row.extra ?? {}) as Record<string, unknown>,
    ...(row.ids ? { ids: row.ids as Record<string, unknown> } : {}),
    ...(recoveredOf(row) ? { recovered: recoveredOf(row) } : {}),
  };
  // Inside the transaction that records the send: only names already in memory.
  const registrationEvent = names ? names.known(read, d.profileId) : read;
  const body = `${renderEvent(registrationEvent, language, 'html', d.card)}\n${line}`;
  await exec.execute(
    sql`INSERT INTO keitaro_deliveries (kind, profile_id, chat_id, topic_id, language, priority, body, summary)
        VALUES ('edit', ${d.profileId}, ${d.chatId}, ${d.topicId}, ${language}, 1, ${body},
          ${JSON.stringify({ messageId: registration.messageId, eventId: registration.eventId })}::jsonb)`,
  );
}

/** A digest went out: the registrations in it are answered by replying to it. */
async function recordDigest(exec: Executor, d: ClaimedDelivery, messageId: number) {
  await queryRowsNamed(
    exec,
    'keitaro_digest_thread',
    sql`INSERT INTO keitaro_threads (profile_id, chat_id, topic_id, click,
          registration_message_id, registered_at)
        SELECT DISTINCT ON (m.profile_id, e.subid) m.profile_id, ${d.chatId}, ${d.topicId ?? 0},
          e.subid, ${messageId}, e.created_at
        FROM keitaro_deliveries m JOIN keitaro_events e ON e.id = m.event_id
        WHERE m.digest_id = ${d.id} AND e.status = 'registration' AND e.subid IS NOT NULL
        ORDER BY m.profile_id, e.subid, e.id
        ON CONFLICT ON CONSTRAINT keitaro_threads_pkey DO NOTHING`,
  );
}
