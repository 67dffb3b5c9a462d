import { z } from 'zod';
import { CARD_EXTRAS, CARD_LAYOUTS, CARD_LINES } from '../messages/card.ts';
import { NORMALIZED_STATUSES } from '../postback/status.ts';
import { CONDITION_FIELDS, type Condition, type ConditionField } from '../routing/conditions.ts';
import { checkPattern, type PatternCheck } from '../routing/pattern.ts';
import { splitValues } from '../routing/route.ts';
import { isTimeZone } from '../stats/days.ts';

/**
 * What a user may set on a profile or a route, validated once for every edge (CLI, bot).
 * Messages are sentences shown to the user as they are.
 */

export const LANGUAGES = ['ru', 'uk', 'en'] as const;
export const MAX_DEDUP_TTL_SEC = 7 * 24 * 3600;

/** A whole number given as text or number; range checks follow with their own sentence. */
const wholeNumber = (message: string) =>
  z
    .union([z.number(), z.string()], { error: message })
    .transform((value) => String(value).trim())
    .pipe(z.string().regex(/^-?\d+$/, message))
    .transform(Number);

// Telegram ids: users and private chats are positive, groups negative, supergroups and
// channels -100…; all fit in 52 bits.
export const chatId = wholeNumber('A chat id is a whole number such as -1001234567890.').refine(
  (n) => n !== 0 && Math.abs(n) < 2 ** 52,
  'That chat id is out of range.',
);

export const userId = wholeNumber('A Telegram user id is a positive whole number.')
  .refine((n) => n > 0, 'A Telegram user id is a positive whole number.')
  .refine((n) => n < 2 ** 52, 'That user id is out of range.');

export const topicId = wholeNumber('A topic id is a positive whole number (the message thread id).')
  .refine((n) => n > 0, 'A topic id is a positive whole number (the message thread id).')
  .refine((n) => n < 2 ** 31, 'That topic id is out of range.');

export const language = z.enum(LANGUAGES, { error: 'The language is one of ru, uk, en.' });

const RATE_LIMIT = 'The rate limit is a whole number of postbacks per second from 1 to 1000.';
export const rateLimitRps = wholeNumber(RATE_LIMIT).refine((n) => n >= 1 && n <= 1000, RATE_LIMIT);

const DEDUP_TTL = 'The dedup window is a whole number of seconds from 0 to 604800 (7 days).';
export const dedupTtlSec = wholeNumber(DEDUP_TTL).refine(
  (n) => n >= 0 && n <= MAX_DEDUP_TTL_SEC,
  DEDUP_TTL,
);

export const profileName = z
  .string()
  .trim()
  .min(1, 'The name must not be empty.')
  .max(64, 'The name is at most 64 characters.');

export const timeZone = z
  .string()
  .trim()
  .refine(
    isTimeZone,
    'A time zone is an IANA name such as Europe/Kyiv, Europe/Moscow, Asia/Almaty or UTC.',
  );

/** The postback field that names a buyer. */
export const buyerField = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^(source|sub_id_([1-9]|[12][0-9]|30))$/,
    'The buyer field is one of sub_id_1 … sub_id_30, or source.',
  );

export const buyerName = z
  .string()
  .trim()
  .min(1, 'A buyer’s name must not be empty.')
  .max(64, 'A buyer’s name is at most 64 characters.');

const PRIORITY = 'The priority is a whole number from -1000000 to 1000000; lower goes first.';
export const priority = wholeNumber(PRIORITY).refine((n) => Math.abs(n) <= 1_000_000, PRIORITY);

const listOf = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (typeof value === 'string' ? splitValues(value) : value), z.array(item));

export const statuses = listOf(
  z
    .string()
    .trim()
    .toLowerCase()
    .pipe(
      z.enum(NORMALIZED_STATUSES, {
        error: `A status filter lists ${NORMALIZED_STATUSES.join(', ')}.`,
      }),
    ),
);

export const geo = listOf(
  z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, 'A GEO filter lists two-letter country codes such as US, UA.')
    .transform((code) => code.toUpperCase()),
);

export type ConditionRead =
  | { ok: true; condition: Condition }
  | { ok: false; problem: 'field' }
  | { ok: false; problem: 'values'; field: string }
  | { ok: false; problem: 'pattern'; check: Extract<PatternCheck, { ok: false }> };

/** `sub_id_1=buyer7,buyer8` or `source=/^fb_/`: a route's condition as typed (CLI and bot). */
export function readCondition(text: string): ConditionRead {
  const at = text.indexOf('=');
  const field = text.slice(0, Math.max(at, 0)).trim().toLowerCase();
  const value = text.slice(at + 1).trim();
  if (at < 0 || !(CONDITION_FIELDS as readonly string[]).includes(field))
    return { ok: false, problem: 'field' };
  const pattern = /^\/(.*)\/$/s.exec(value)?.[1];
  if (pattern !== undefined) {
    const check = checkPattern(pattern);
    if (!check.ok) return { ok: false, problem: 'pattern', check };
    return { ok: true, condition: { field: field as ConditionField, pattern } };
  }
  const values = [...new Set(splitValues(value))];
  if (values.length === 0 || values.length > 50 || values.some((v) => v.length > 100))
    return { ok: false, problem: 'values', field };
  return { ok: true, condition: { field: field as ConditionField, values } };
}

export const conditionText = z
  .string()
  .trim()
  .transform((text, ctx): Condition => {
    const read = readCondition(text);
    if (read.ok) return read.condition;
    const message =
      read.problem === 'field'
        ? `A condition is field=values, the field one of campaign_id, source, traffic_source_name, offer_id, landing_id, creative_id, country, sub_id_1 … sub_id_30; got "${text}".`
        : read.problem === 'pattern'
          ? `Refused: ${read.check.reason}.`
          : `The condition on ${read.field} needs one to 50 values (comma-separated, up to 100 characters each) or a /pattern/.`;
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  });

/** A condition as stored (a route read back, edited in the bot). */
const conditionObject = z
  .object({
    field: z.enum(CONDITION_FIELDS),
    values: z.array(z.string().trim().min(1).max(100)).min(1).max(50).optional(),
    pattern: z
      .string()
      .refine((p) => checkPattern(p).ok, 'Refused: the pattern is not safe to run.')
      .optional(),
  })
  .refine(
    (c) => (c.values === undefined) !== (c.pattern === undefined),
    'A condition has values or a pattern.',
  )
  .transform((c): Condition => c);

/** Typed (CLI) or stored (a route edited in the bot); the refusal keeps its sentence. */
const condition = z.unknown().transform((value, ctx): Condition => {
  const parsed = (typeof value === 'string' ? conditionText : conditionObject).safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
  return z.NEVER;
});

/** A notification card (messages/card.ts): its layout, lines hidden, extra lines shown. */
export const cardLayout = z.enum(CARD_LAYOUTS, { error: 'The card is full or compact.' });

/** Names from `known`, comma-separated; `none` (or nothing) clears the list. */
const namesOrNone = <T extends string>(
  known: readonly T[],
  error: string,
  alias: (name: string) => string = (name) => name,
) =>
  listOf(
    z
      .string()
      .trim()
      .toLowerCase()
      .transform(alias)
      .refine((name) => name === 'none' || (known as readonly string[]).includes(name), error),
  ).transform((names) => names.filter((name): name is T => name !== 'none'));

export const cardHide = namesOrNone(
  CARD_LINES,
  `Lines a card hides are among ${CARD_LINES.join(', ')}; or none.`,
);

export const cardShow = namesOrNone(
  CARD_EXTRAS,
  'Lines a card adds are among offer_id, landing_id, source, campaign_id, creative_id, sub_id_1 … sub_id_30; or none.',
  // As routes name it: the traffic source's name is the source.
  (name) => (name === 'traffic_source_name' ? 'source' : name),
);

export const routeInput = z
  .object({
    matchBy: z.enum(['campaign_id', 'source', 'any'], {
      error: 'Match by campaign_id, source or any.',
    }),
    matchValue: z.string().trim().optional(),
    isPattern: z.boolean().default(false),
    statuses: statuses.default([]),
    geo: geo.default([]),
    conditions: z.array(condition).max(10, 'A route has at most 10 conditions.').default([]),
    /** A forum topic per value of this field, made when the value first arrives. */
    topicField: z.enum(CONDITION_FIELDS).nullable().default(null),
    priority: priority.default(100),
    chatId,
    topicId: topicId.nullable().default(null),
    language: language.nullable().default(null),
  })
  .superRefine((route, ctx) => {
    if (route.matchBy === 'any') return;
    if (!route.matchValue) {
      ctx.addIssue({
        code: 'custom',
        message: `A route that matches by ${route.matchBy} needs a value (one or more, comma-separated, or a pattern).`,
      });
      return;
    }
    if (route.isPattern) {
      const check = checkPattern(route.matchValue);
      if (!check.ok) ctx.addIssue({ code: 'custom', message: `Refused: ${check.reason}.` });
    }
  })
  .transform((route) => ({
    ...route,
    matchValue: route.matchBy === 'any' ? null : (route.matchValue ?? null),
  }));

export type RouteInput = z.infer<typeof routeInput>;

/** The first problem's sentence, for edges that answer one thing at a time. */
export function firstProblem(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'The input is not valid.';
}
