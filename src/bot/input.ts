import type { ZodType } from 'zod';
import { parseQuietWindow } from '../delivery/calm-rule.ts';
import { normalizeAdminUrl } from '../keitaro/admin-api.ts';
import * as settings from '../profiles/settings.ts';
import type { Condition } from '../routing/conditions.ts';
import { checkPattern, MAX_PATTERN_LENGTH, type PatternCheck } from '../routing/pattern.ts';
import { splitValues } from '../routing/route.ts';
import { parseClock } from '../stats/schedule.ts';

/**
 * What people type into the bot, read into values. Validation is the CLI's (profiles/settings)
 * wherever it exists; a refusal names a message of the locale files, so the bot answers in the
 * person's language and asks again.
 */

export type Parsed<T> =
  | { ok: true; value: T }
  | { ok: false; error: string; args?: Record<string, string | number> };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const refuse = <T>(error: string, args?: Record<string, string | number>): Parsed<T> => ({
  ok: false,
  error,
  ...(args ? { args } : {}),
});

function bySchema<T>(schema: ZodType<T>, text: string, error: string): Parsed<T> {
  const parsed = schema.safeParse(text);
  return parsed.success ? ok(parsed.data) : refuse(error);
}

/** Whole numbers only; "1e3", "12.5", "−5" and words are refused with `error`. */
const WHOLE = /^-?\d+$/;

export function parseName(text: string): Parsed<string> {
  const name = text.trim();
  if (name === '') return refuse('bot-bad-name-empty');
  if (name.length > 64) return refuse('bot-bad-name-long');
  return ok(name);
}

export function parseRateLimit(text: string): Parsed<number> {
  return bySchema(settings.rateLimitRps, text.trim(), 'bot-bad-rps');
}

/** A unit as written in any language of the bot: s/с/сек, m/мин/хв, h/ч/год, d/д/дн/день/днів. */
const UNITS: readonly [RegExp, number][] = [
  [/^(|s|secs?|seconds?|с|сек\p{L}*|секунд\p{L}*)$/u, 1],
  [/^(m|mins?|minutes?|м|мин\p{L}*|хв\p{L}*)$/u, 60],
  [/^(h|hrs?|hours?|ч|час\p{L}*|год|годин\p{L}*)$/u, 3600],
  [/^(d|days?|д|дн\p{L}*|день|дня|дней|доб\p{L}*|діб)$/u, 86_400],
];

/** Seconds, or a number with a unit in any UI language: "3600", "30m", "30 мин", "2 год", "7 днів". */
export function parseDedupWindow(text: string): Parsed<number> {
  const match = /^(\d{1,9})\s*(\p{L}*)\.?$/u.exec(text.trim());
  if (!match) return refuse('bot-bad-ttl');
  const word = (match[2] ?? '').toLowerCase();
  const unit = UNITS.find(([pattern]) => pattern.test(word))?.[1];
  if (unit === undefined) return refuse('bot-bad-ttl');
  return bySchema(settings.dedupTtlSec, String(Number(match[1]) * unit), 'bot-bad-ttl');
}

/** A chat id typed by hand. The range check comes from the CLI's rule. */
export function parseChatId(text: string): Parsed<number> {
  const typed = text.trim().replace(/^[−–]/, '-');
  if (!WHOLE.test(typed)) return refuse('bot-bad-chat-id');
  return bySchema(settings.chatId, typed, 'bot-bad-chat-id-range');
}

/**
 * A forum topic: its number, or a link to it or to a message in it
 * (t.me/c/<chat>/<topic>, t.me/c/<chat>/<topic>/<message>, t.me/<name>/<topic>/<message>).
 * When the link names a chat by its internal id, it must be `chatId`.
 */
export function parseTopic(text: string, chatId: number): Parsed<number> {
  const typed = text.trim();
  let topic: string | undefined;
  if (WHOLE.test(typed)) topic = typed;
  else {
    const link = /t\.me\/(?:c\/(\d+)|[A-Za-z][\w]{3,})\/(\d+)(?:\/\d+)?\/?(?:\?.*)?$/i.exec(typed);
    if (!link) return refuse('bot-bad-topic');
    if (link[1] !== undefined && -(1e12 + Number(link[1])) !== chatId) {
      return refuse('bot-bad-topic-chat');
    }
    topic = link[2];
  }
  return bySchema(settings.topicId, topic as string, 'bot-bad-topic');
}

export function parsePriority(text: string): Parsed<number> {
  return bySchema(settings.priority, text.trim(), 'bot-bad-priority');
}

export function parseGeo(text: string): Parsed<string[]> {
  const parsed = settings.geo.safeParse(text);
  if (!parsed.success || parsed.data.length === 0) return refuse('bot-bad-geo');
  return ok([...new Set(parsed.data)]);
}

export interface MatchValue {
  value: string;
  isPattern: boolean;
}

/**
 * Campaign ids or sources, comma-separated, or a pattern between slashes (`/^1\d$/`).
 * Keitaro's campaign ids are numbers, so anything else is a typo worth pointing out.
 */
export function parseMatchValue(text: string, by: 'campaign_id' | 'source'): Parsed<MatchValue> {
  const typed = text.trim();
  const pattern = /^\/(.*)\/$/s.exec(typed)?.[1];
  if (pattern !== undefined) {
    const refused = patternRefusal<MatchValue>(checkPattern(pattern));
    return refused ?? ok({ value: pattern, isPattern: true });
  }
  const values = [...new Set(splitValues(typed))];
  if (values.length === 0)
    return refuse(by === 'campaign_id' ? 'bot-bad-campaigns' : 'bot-bad-sources');
  if (values.length > 50 || values.some((v) => v.length > 100))
    return refuse('bot-bad-values-long');
  if (by === 'campaign_id' && values.some((v) => !/^\d{1,10}$/.test(v))) {
    return refuse('bot-bad-campaigns');
  }
  return ok({ value: values.join(', '), isPattern: false });
}

/** Why a route pattern is refused, in the person's language; undefined when it is safe. */
function patternRefusal<T>(check: PatternCheck): Parsed<T> | undefined {
  if (check.ok) return undefined;
  if (check.problem === 'too_long')
    return refuse('bot-bad-pattern-long', { max: MAX_PATTERN_LENGTH });
  if (check.problem === 'empty') return refuse('bot-bad-pattern-empty');
  if (check.problem === 'too_complex' && check.limit?.what === 'repeat')
    return refuse('bot-bad-pattern-repeat', { found: check.limit.found, max: check.limit.max });
  if (check.problem === 'too_complex') return refuse('bot-bad-pattern-complex');
  return refuse('bot-bad-pattern-unsafe');
}

/**
 * A route's conditions, one a line: `sub_id_1 = buyer7, buyer8`, `country = UA, KZ`,
 * `offer_id = /^1[0-9]$/`. All must hold; at most 10. The field names are Keitaro's.
 */
export function parseConditions(text: string): Parsed<Condition[]> {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (lines.length === 0) return refuse('bot-bad-condition', { got: '' });
  if (lines.length > 10) return refuse('bot-bad-conditions-many', { max: 10 });
  const conditions: Condition[] = [];
  for (const line of lines) {
    const read = settings.readCondition(line);
    if (read.ok) conditions.push(read.condition);
    else if (read.problem === 'field')
      return refuse('bot-bad-condition', { got: line.slice(0, 60) });
    else if (read.problem === 'values')
      return refuse('bot-bad-condition-values', { field: read.field });
    else return patternRefusal<Condition[]>(read.check) ?? refuse('bot-bad-pattern-unsafe');
  }
  return ok(conditions);
}

/** A buyer's value as their postbacks carry it (sub_id_1=buyer7 → "buyer7"). */
export function parseBuyerValue(text: string): Parsed<string> {
  const value = text.trim();
  return value === '' || value.length > 100 ? refuse('bot-bad-buyer-value') : ok(value);
}

/** `@anna` (a Telegram username as it may be written), or a refusal. */
export function parseUsername(text: string): Parsed<string> {
  const typed = text.trim().replace(/^(https?:\/\/)?t\.me\//i, '@');
  const name = /^@?([A-Za-z][A-Za-z0-9_]{3,31})$/.exec(typed)?.[1];
  return name ? ok(`@${name}`) : refuse('bot-bad-username');
}

/** An IANA zone as typed ("europe/warsaw" is Europe/Warsaw): spelled as the runtime lists it. */
export function parseTimeZone(text: string): Parsed<string> {
  const typed = text.trim();
  const known = Intl.supportedValuesOf('timeZone').find(
    (zone) => zone.toLowerCase() === typed.toLowerCase(),
  );
  return bySchema(settings.timeZone, known ?? typed, 'bot-bad-zone');
}

/** "09:00", "9:30", "21.15": minutes after local midnight. */
export function parseSendTime(text: string): Parsed<number> {
  const minutes = parseClock(text);
  return minutes === undefined ? refuse('bot-bad-time') : ok(minutes);
}

/** Quiet hours: "23:00-08:00", two different times of day on the profile's clock. */
export function parseQuietHours(text: string): Parsed<{ fromMin: number; toMin: number }> {
  const window = parseQuietWindow(text);
  return window ? ok(window) : refuse('bot-bad-quiet-hours');
}

/**
 * "buyer7 = Anna" names a buyer; "buyer7 = Anna @anna" also mentions @anna on the buyer's
 * deposits; "buyer7 =" takes the name away (name: null).
 */
export function parseBuyerName(
  text: string,
): Parsed<{ value: string; name: string | null; mention?: string }> {
  const match = /^([^=]+)=(.*)$/s.exec(text.trim());
  const value = match?.[1]?.trim() ?? '';
  if (!match || value === '' || value.length > 100) return refuse('bot-bad-buyer-name');
  const said = (match[2] ?? '').trim();
  const mention = /\s*(@[A-Za-z][A-Za-z0-9_]{3,31})$/.exec(said);
  const name = (mention ? said.slice(0, mention.index) : said).trim();
  if (name === '') return mention ? refuse('bot-bad-buyer-name') : ok({ value, name: null });
  if (name.length > 64) return refuse('bot-bad-name-long');
  return ok(mention ? { value, name, mention: mention[1] as string } : { value, name });
}

/** The Keitaro panel's address, as pasted: the Admin API's root (keitaro/admin-api.ts). */
export function parseAdminUrl(text: string): Parsed<string> {
  const normalized = normalizeAdminUrl(text);
  return normalized.ok ? ok(normalized.url) : refuse('keitaro-bad-url');
}
