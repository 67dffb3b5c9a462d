import type { ChatRefusal } from '../delivery/failures.ts';
import type { EventFields } from '../postback/event-fields.ts';
import type { NormalizedStatus } from '../postback/status.ts';
import type { Language } from '../routing/route.ts';
import { type Card, type CardExtra, type CardLine, DEFAULT_CARD, extraValue } from './card.ts';
import { t } from './i18n.ts';

/**
 * Events → Telegram messages, as pure functions. Every value from a postback is escaped;
 * the visible text stays within Telegram's 4096 characters (long values are shortened with
 * "…" before escaping, so a cut never lands inside a tag or an entity). `text` renders the
 * same message without markup, for a chat where Telegram refused the HTML.
 */

export type MessageFormat = 'html' | 'text';

export const TELEGRAM_TEXT_LIMIT = 4096;

/** What a notification is rendered from: the event's stored fields (event-fields.ts). */
export type MessageEvent = EventFields & {
  /** A test sent from the bot: its first line says so, so nobody mistakes it for money. */
  test?: boolean;
  /** The payload's values of the fields the card shows on extra lines (card.ts). */
  extra?: Readonly<Record<string, unknown>>;
  /**
   * Recovered from Keitaro's log, not told by a postback; `from`: a status change, the status
   * told before (a deposit later rejected).
   */
  recovered?: { from: NormalizedStatus | null };
  /** The payload's `offer_id`, `landing_id` and `ts_id` as sent, to name them (keitaro/names.ts). */
  ids?: Readonly<Record<string, unknown>>;
};

export type DigestEvent = MessageEvent & { createdAt: Date };

export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** At most `max` characters (code points, never half an emoji), "…" marking a cut. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** The visible text of a message rendered as HTML (for the plain-text fallback). */
export function htmlToText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

export const LOCALES: Record<Language, string> = { ru: 'ru-RU', uk: 'uk-UA', en: 'en-US' };

/** "100 USD", "1 250,5 EUR" (ru, uk), "1,250.5 EUR" (en): no trailing zeros. */
export function formatAmount(amount: string | number, currency: string | null, language: Language) {
  const formatted = new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: 2 }).format(
    Number(amount),
  );
  return currency ? `${formatted} ${currency}` : formatted;
}

/** "1 ч", "1 ч 30 мин", "7 дней", "90 s" → "1 min 30 s": a duration as people say it (and may type it back). */
export function formatDuration(seconds: number, language: Language): string {
  const parts: [string, number][] = [
    ['duration-days', Math.floor(seconds / 86_400)],
    ['duration-hours', Math.floor((seconds % 86_400) / 3600)],
    ['duration-minutes', Math.floor((seconds % 3600) / 60)],
    ['duration-seconds', seconds % 60],
  ];
  const said = parts.filter(([, n]) => n > 0).map(([id, n]) => t(language, id, { n }));
  return said.length > 0 ? said.join(' ') : t(language, 'duration-seconds', { n: 0 });
}

/** Quotation marks as each language writes them: «Team A» in ru and uk, "Team A" in en. */
export function quoted(text: string, language: Language): string {
  return language === 'en' ? `"${text}"` : `«${text}»`;
}

/** "🇺🇸 US"; the flag only for a two-letter code (UK shows Britain's flag). */
export function formatCountry(country: string): string {
  if (!/^[A-Za-z]{2}$/.test(country)) return country;
  const code = country.toUpperCase();
  const flagCode = code === 'UK' ? 'GB' : code;
  const flag = String.fromCodePoint(...[...flagCode].map((c) => 0x1f1e6 + c.charCodeAt(0) - 65));
  return `${flag} ${code}`;
}

interface Segment {
  label?: string;
  value: string;
  code?: boolean;
}
type Line = Segment[];

function segmentText(s: Segment, format: MessageFormat): string {
  const value =
    format === 'html'
      ? s.code
        ? `<code>${escapeHtml(s.value)}</code>`
        : escapeHtml(s.value)
      : s.value;
  return s.label ? `${s.label}: ${value}` : value;
}

function lineText(line: Line, format: MessageFormat): string {
  return line.map((s) => segmentText(s, format)).join(' | ');
}

function title(event: MessageEvent, language: Language, cap: number): string {
  const head =
    event.status !== 'other'
      ? t(language, `status-${event.status}`)
      : event.statusWord
        ? t(language, 'status-other', { word: shorten(event.statusWord, cap) })
        : t(language, 'status-other-empty');
  return event.test ? t(language, 'status-test', { title: head }) : head;
}

/** A line of the seed's layouts: a card line, or Sub1 and GEO sharing one. */
type Field = CardLine | 'sub1geo';

const LAYOUTS: Record<NormalizedStatus, readonly Field[]> = {
  registration: ['original_status', 'campaign', 'offer', 'geo', 'sub1', 'tx'],
  deposit: ['original_status', 'campaign', 'creative', 'landing', 'revenue', 'sub1geo', 'tx'],
  rebill: ['original_status', 'campaign', 'creative', 'landing', 'revenue', 'sub1geo', 'tx'],
  rejected: ['original_status', 'campaign', 'reason', 'tx'],
  other: ['campaign', 'offer', 'revenue', 'geo', 'sub1', 'tx'],
};

/** What a compact card keeps of its status's layout, in this order: money first. */
const COMPACT: readonly CardLine[] = ['revenue', 'campaign', 'offer', 'geo', 'sub1', 'reason'];

const linesOf = (field: Field): CardLine[] => (field === 'sub1geo' ? ['sub1', 'geo'] : [field]);

function segment(label: string, value: string | null, cap: number, code = false): Segment[] {
  return value ? [{ label, value: shorten(value, cap), code }] : [];
}

/** An extra line that says what a line of the card says already is left out. */
function repeats(extra: CardExtra, shown: ReadonlySet<CardLine>, event: MessageEvent): boolean {
  switch (extra) {
    case 'creative_id':
      return shown.has('creative');
    case 'sub_id_1':
      return shown.has('sub1');
    case 'campaign_id':
      return shown.has('campaign') && !event.campaignName;
    default:
      return false;
  }
}

/** "Revenue", "Original status": what a card line is called on the card. */
export function lineLabel(line: CardLine, language: Language): string {
  return t(language, `label-${line.replaceAll('_', '-')}`);
}

/** "Offer ID", "Sub3": what an extra line is called on the card. */
export function extraLabel(extra: CardExtra, language: Language): string {
  const sub = /^sub_id_(\d+)$/.exec(extra);
  if (sub) return t(language, 'label-sub', { n: Number(sub[1]) });
  return t(language, `label-${extra.replaceAll('_', '-')}`);
}

/** The card's lines: those of the status's layout it keeps, its extra lines before the TX. */
function lines(event: MessageEvent, language: Language, cap: number, card: Card): Line[] {
  const geo = event.country ? formatCountry(shorten(event.country, cap)) : null;
  const revenue =
    event.revenue !== null && Number(event.revenue) !== 0
      ? formatAmount(event.revenue, event.currency ? shorten(event.currency, 16) : null, language)
      : null;
  const value = (name: CardLine): string | null => {
    switch (name) {
      case 'original_status':
        return event.originalStatus;
      case 'campaign':
        return event.campaignName ?? event.campaignId;
      case 'offer':
        return event.offer;
      case 'creative':
        return event.creativeId;
      case 'landing':
        return event.landing;
      case 'revenue':
        return revenue;
      case 'geo':
        return geo;
      case 'sub1':
        return event.subId1;
      case 'reason':
        return event.reason;
      case 'tx':
        return event.tid ?? event.subid;
    }
  };
  const field = (name: CardLine) =>
    segment(lineLabel(name, language), value(name), cap, name === 'tx');
  const layout = LAYOUTS[event.status];
  const visible = (line: CardLine) => !card.hide.includes(line);
  const kept = layout.flatMap(linesOf).filter(visible);
  const shown = new Set(card.layout === 'compact' ? COMPACT.filter((l) => kept.includes(l)) : kept);
  const extras = card.show
    .filter((x) => !repeats(x, shown, event))
    .map((x) => segment(extraLabel(x, language), extraValue(event, x), cap));
  if (card.layout === 'compact') {
    const values = [...[...shown].flatMap(field), ...extras.flat()];
    return values.length > 0 ? [values.map((s) => ({ value: s.value }))] : [];
  }
  const body = layout
    .filter((f) => f !== 'tx')
    .map((f) => linesOf(f).filter(visible).flatMap(field));
  const tx = shown.has('tx') ? [field('tx')] : [];
  return [...body, ...extras, ...tx].filter((line) => line.length > 0);
}

function assemble(head: string, body: Line[], format: MessageFormat, compact = false): string {
  const top = format === 'html' ? `<b>${escapeHtml(head)}</b>` : head;
  if (compact) return [top, ...body.flat().map((s) => segmentText(s, format))].join(' · ');
  return [top, ...body.map((line) => lineText(line, format))].join('\n');
}

/** Shortens values until the visible text (the plain rendering) fits Telegram's limit. */
function fitting(render: (cap: number, format: MessageFormat) => string, format: MessageFormat) {
  let cap = 1024;
  while (cap > 8 && render(cap, 'text').length > TELEGRAM_TEXT_LIMIT) cap = Math.floor(cap / 2);
  return render(cap, format);
}

/** The event's card (card.ts); without one, the seed's layout of its status. */
export function renderEvent(
  event: MessageEvent,
  language: Language,
  format: MessageFormat = 'html',
  card: Card = DEFAULT_CARD,
): string {
  const compact = card.layout === 'compact';
  const note = event.recovered ? recoveredNote(event.recovered.from, language) : null;
  return fitting((cap, f) => {
    const text = assemble(
      title(event, language, cap),
      lines(event, language, cap, card),
      f,
      compact,
    );
    return note ? `${text}\n${f === 'html' ? `<i>${escapeHtml(note)}</i>` : note}` : text;
  }, format);
}

/** The line under a conversion that came by reconciliation, not by its postback. */
function recoveredNote(from: NormalizedStatus | null, language: Language): string {
  return from
    ? t(language, 'event-recovered-change', { from: t(language, `status-${from}`) })
    : t(language, 'event-recovered');
}

const DIGEST_ORDER: readonly NormalizedStatus[] = [
  'deposit',
  'rebill',
  'registration',
  'rejected',
  'other',
];
const MAX_CAMPAIGNS = 5;
const MAX_GEOS = 3;
const MAX_TX = 5;

/**
 * What a digest says, kept as counts so that conversions can join a digest that is still
 * waiting without reading back the ones already in it.
 */
export interface DigestSummary {
  total: number;
  firstAt: number;
  lastAt: number;
  /** Per status: how many, per campaign ('' when none), per GEO. */
  statuses: Partial<
    Record<
      NormalizedStatus,
      { count: number; campaigns: Record<string, { count: number; geos: Record<string, number> }> }
    >
  >;
  /** Revenue per currency ('' when none). */
  revenue: Record<string, number>;
  /** The first TX ids per status. */
  txs: Partial<Record<NormalizedStatus, string[]>>;
  /** What these waited out, when a pause or quiet hours held them (delivery/calm.ts). */
  cause?: 'paused' | 'quiet';
  /**
   * Lines a card of any conversion in it hides (card.ts): the digest leaves out what they say
   * (revenue: the sums; tx: the ids; geo: the countries; campaign: the campaigns).
   */
  hide?: CardLine[];
}

const EMPTY_SUMMARY: DigestSummary = {
  total: 0,
  firstAt: Number.POSITIVE_INFINITY,
  lastAt: Number.NEGATIVE_INFINITY,
  statuses: {},
  revenue: {},
  txs: {},
};

function summaryOf(e: DigestEvent): DigestSummary {
  const at = e.createdAt.getTime();
  const tx = e.tid ?? e.subid;
  const hasRevenue = e.revenue !== null && Number(e.revenue) !== 0;
  return {
    total: 1,
    firstAt: at,
    lastAt: at,
    statuses: {
      [e.status]: {
        count: 1,
        campaigns: {
          [e.campaignName ?? e.campaignId ?? '']: {
            count: 1,
            geos: e.country ? { [e.country]: 1 } : {},
          },
        },
      },
    },
    revenue: hasRevenue ? { [e.currency ?? '']: Number(e.revenue) } : {},
    txs: { [e.status]: tx === null ? [] : [tx] },
  };
}

export function summarize(events: readonly DigestEvent[]): DigestSummary {
  return events.reduce((summary, e) => mergeSummaries(summary, summaryOf(e)), EMPTY_SUMMARY);
}

function addCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out = { ...a };
  for (const [key, n] of Object.entries(b)) out[key] = (out[key] ?? 0) + n;
  return out;
}

export function mergeSummaries(a: DigestSummary, b: DigestSummary): DigestSummary {
  const statuses: DigestSummary['statuses'] = { ...a.statuses };
  for (const [status, group] of Object.entries(b.statuses) as [
    NormalizedStatus,
    NonNullable<DigestSummary['statuses'][NormalizedStatus]>,
  ][]) {
    const mine = statuses[status] ?? { count: 0, campaigns: {} };
    const campaigns = { ...mine.campaigns };
    for (const [name, c] of Object.entries(group.campaigns)) {
      const had = campaigns[name] ?? { count: 0, geos: {} };
      campaigns[name] = { count: had.count + c.count, geos: addCounts(had.geos, c.geos) };
    }
    statuses[status] = { count: mine.count + group.count, campaigns };
  }
  const txs: DigestSummary['txs'] = { ...a.txs };
  for (const [status, ids] of Object.entries(b.txs) as [NormalizedStatus, string[]][]) {
    txs[status] = [...(txs[status] ?? []), ...ids].slice(0, MAX_TX);
  }
  return {
    total: a.total + b.total,
    firstAt: Math.min(a.firstAt, b.firstAt),
    lastAt: Math.max(a.lastAt, b.lastAt),
    statuses,
    revenue: addCounts(a.revenue, b.revenue),
    txs,
    ...(a.cause || b.cause ? { cause: a.cause ?? b.cause } : {}),
    ...(a.hide || b.hide ? { hide: [...new Set([...(a.hide ?? []), ...(b.hide ?? [])])] } : {}),
  };
}

const byCount = <T extends { count: number } | number>(entries: [string, T][]) =>
  entries.sort((x, y) => {
    const cx = typeof x[1] === 'number' ? x[1] : x[1].count;
    const cy = typeof y[1] === 'number' ? y[1] : y[1].count;
    return cy - cx || x[0].localeCompare(y[0]);
  });

/**
 * Many conversions of one flooded chat in one message, e.g.
 * "📝 Регистрации: 48 за 2 мин — Campaign A ×30 (US 20, UK 10), Campaign B ×18".
 */
export function renderDigest(
  summary: DigestSummary,
  language: Language,
  format: MessageFormat = 'html',
): string {
  const render = (cap: number, f: MessageFormat) => {
    const esc = (text: string) => (f === 'html' ? escapeHtml(text) : text);
    const minutes = Math.max(1, Math.ceil((summary.lastAt - summary.firstAt) / 60_000));
    const out: string[] = [];
    if (summary.cause) {
      const head = t(language, `digest-${summary.cause}`, { count: summary.total });
      out.push(f === 'html' ? `<b>${head}</b>` : head);
    }
    const hidden = new Set(summary.hide ?? []);
    for (const status of DIGEST_ORDER) {
      const group = summary.statuses[status];
      if (!group) continue;
      const campaigns = byCount(Object.entries(group.campaigns));
      const parts = campaigns.slice(0, MAX_CAMPAIGNS).map(([name, c]) => {
        const geos = byCount(Object.entries(c.geos)).slice(0, MAX_GEOS);
        const geoText =
          geos.length > 0 && !hidden.has('geo')
            ? ` (${geos.map(([g, n]) => `${esc(shorten(g, 8))} ${n}`).join(', ')})`
            : '';
        const label =
          name === '' ? t(language, 'digest-no-campaign') : shorten(name, Math.min(cap, 64));
        return `${esc(label)} ×${c.count}${geoText}`;
      });
      if (campaigns.length > MAX_CAMPAIGNS) {
        parts.push(t(language, 'digest-more', { count: campaigns.length - MAX_CAMPAIGNS }));
      }
      const name = t(language, `digest-${status}`);
      const counts = {
        name: f === 'html' ? `<b>${name}</b>` : name,
        count: group.count,
        minutes,
      };
      out.push(
        hidden.has('campaign')
          ? t(language, 'digest-line-count', counts)
          : t(language, 'digest-line', { ...counts, campaigns: parts.join(', ') }),
      );
    }
    const sums = hidden.has('revenue') ? [] : Object.entries(summary.revenue);
    if (sums.length > 0) {
      const text = sums
        .map(([currency, sum]) =>
          esc(
            formatAmount(
              Math.round(sum * 100) / 100,
              currency ? shorten(currency, 16) : null,
              language,
            ),
          ),
        )
        .join(', ');
      out.push(t(language, 'digest-revenue', { sums: text }));
    }
    const ids = hidden.has('tx') ? [] : DIGEST_ORDER.flatMap((status) => summary.txs[status] ?? []);
    if (ids.length > 0) {
      const shown = ids
        .slice(0, MAX_TX)
        .map((id) => (f === 'html' ? `<code>${esc(shorten(id, 64))}</code>` : shorten(id, 64)));
      const hidden = summary.total - shown.length;
      const more = hidden > 0 ? ` ${t(language, 'digest-more', { count: hidden })}` : '';
      out.push(`${t(language, 'digest-tx', { ids: shown.join(', ') })}${more}`);
    }
    return out.join('\n');
  };
  return fitting(render, format);
}

/**
 * A notice to a profile owner about one of their chats. Kept with the notice (as delivery
 * `summary`), so it can be said again in the language of whoever asks.
 */
export type Notice =
  | { kind: 'chat-unreachable'; chatId: number; title: string | null; why: ChatRefusal }
  | { kind: 'topic-missing'; chatId: number; title: string | null; topic: number }
  /** A route with a topic per value, in a chat where the bot may not make topics. */
  | { kind: 'topic-rights'; chatId: number; title: string | null };

/** «Team A» (-100…) in ru and uk, "Team A" (-100…) in en; the id alone when the title is unknown. */
export function noticeChat(notice: Pick<Notice, 'chatId' | 'title'>, language: Language): string {
  return notice.title
    ? `${quoted(escapeHtml(shorten(notice.title, 128)), language)} (${notice.chatId})`
    : String(notice.chatId);
}

export function renderNotice(notice: Notice, language: Language): string {
  const chat = noticeChat(notice, language);
  // Telegram's own words stay in the logs: the owner reads why in theirs.
  switch (notice.kind) {
    case 'chat-unreachable':
      return t(language, 'notice-chat-unreachable', {
        chat,
        reason: t(language, `bot-why-${notice.why.replaceAll('_', '-')}`),
      });
    case 'topic-missing':
      return t(language, 'notice-topic-missing', { chat, topic: notice.topic });
    case 'topic-rights':
      return t(language, 'notice-topic-rights', { chat });
  }
}
