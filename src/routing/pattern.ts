import { RE2JS } from 're2js';

/**
 * Route patterns are users' regular expressions run against every postback, so they run on
 * RE2 (linear time in the input, no catastrophic backtracking). What RE2 cannot run in
 * linear time (backreferences, lookaround) is refused with the reason, up front.
 *
 * Linear is not cheap: the cost of a match is about the program's size times the length of
 * the value, and any Telegram user can save patterns. So the program size and repetition
 * counts are capped when a pattern is saved, a value longer than MAX_MATCHED_LENGTH never
 * matches a pattern, and the cache of compiled patterns has a budget. The worst pattern these
 * limits accept, on the longest value, takes microseconds (bench/patterns.ts).
 */

export const MAX_PATTERN_LENGTH = 200;
/** The largest count in `{n}` or `{n,m}`. */
export const MAX_REPEAT = 50;
/** RE2's measure of a compiled pattern's cost (instructions); `^(fb|tt)_\d+$` is about 20. */
export const MAX_PROGRAM_SIZE = 200;
/** Campaign ids and source names are short; a longer value is not matched against patterns. */
export const MAX_MATCHED_LENGTH = 128;
/**
 * Compiled patterns kept, by weight (program size plus 20 per entry); the least recently used
 * go first. A compiled pattern at the size limit holds about 60 KB once warm (its DFA
 * states), so this is some 20 MB at most.
 */
export const PATTERN_CACHE_BUDGET = 50_000;
const ENTRY_WEIGHT = 20;

export type PatternProblem = 'empty' | 'too_long' | 'too_complex' | 'unsafe';

/** `reason` is a sentence for the CLI; `problem` lets other edges say it in their language. */
export type PatternCheck =
  | { ok: true }
  | {
      ok: false;
      problem: PatternProblem;
      reason: string;
      detail?: string;
      /** For too_complex: which bound was passed, by how much, so the bot can say it in words. */
      limit?: { what: 'repeat' | 'size'; found: number; max: number };
    };

type Compiled = { ok: true; re: RE2JS; weight: number } | (PatternCheck & { ok: false });

const cache = new Map<string, Compiled>();
let cacheWeight = 0;

/** The weight a cache entry counts against the budget: its program, or a refusal's text. */
const weightOf = (pattern: string, entry: Compiled) =>
  ENTRY_WEIGHT + (entry.ok ? entry.weight : Math.ceil(pattern.length / 4));

/** The largest repetition count written in the pattern (`{n}`, `{n,}`, `{n,m}`). */
function largestRepeat(pattern: string): number {
  let largest = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++; // an escaped character is a literal
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      if (pattern[i + 1] === '^') i++;
      if (pattern[i + 1] === ']') i++; // a leading ] is a member
    } else if (c === '{') {
      const repeat = /^\{(\d+)(?:,(\d*))?\}/.exec(pattern.slice(i));
      if (repeat) {
        largest = Math.max(largest, Number(repeat[1]), Number(repeat[2] || 0));
      }
    }
  }
  return largest;
}

const tooComplex = (
  detail: string,
  limit: { what: 'repeat' | 'size'; found: number; max: number },
): Compiled => ({
  ok: false,
  problem: 'too_complex',
  detail,
  limit,
  reason: `the pattern is too complex to run on every postback (${detail}); simplify it`,
});

function compileChecked(pattern: string): Compiled {
  if (pattern.trim() === '') return { ok: false, problem: 'empty', reason: 'the pattern is empty' };
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return {
      ok: false,
      problem: 'too_long',
      reason: `the pattern is longer than ${MAX_PATTERN_LENGTH} characters`,
    };
  }
  const repeat = largestRepeat(pattern);
  if (repeat > MAX_REPEAT) {
    return tooComplex(`a repetition count of ${repeat}; at most ${MAX_REPEAT} is allowed`, {
      what: 'repeat',
      found: repeat,
      max: MAX_REPEAT,
    });
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
  } catch (error) {
    const detail = (error as Error).message;
    return {
      ok: false,
      problem: 'unsafe',
      detail,
      reason: `the pattern is not a safe regular expression (${detail}); backreferences and lookaround are not supported`,
    };
  }
  const size = re.programSize();
  if (size > MAX_PROGRAM_SIZE) {
    return tooComplex(`it compiles to ${size} steps; at most ${MAX_PROGRAM_SIZE} are allowed`, {
      what: 'size',
      found: size,
      max: MAX_PROGRAM_SIZE,
    });
  }
  return { ok: true, re, weight: size };
}

/** Compiled once, refusals included, so a stored pattern is never compiled per postback. */
function compiled(pattern: string): Compiled {
  const hit = cache.get(pattern);
  if (hit) {
    cache.delete(pattern); // moved to the end: most recently used
    cache.set(pattern, hit);
    return hit;
  }
  const entry = compileChecked(pattern);
  cache.set(pattern, entry);
  cacheWeight += weightOf(pattern, entry);
  for (const [oldest, old] of cache) {
    if (cacheWeight <= PATTERN_CACHE_BUDGET || oldest === pattern) break;
    cache.delete(oldest);
    cacheWeight -= weightOf(oldest, old);
  }
  return entry;
}

export function checkPattern(pattern: string): PatternCheck {
  const entry = compiled(pattern);
  return entry.ok ? { ok: true } : entry;
}

/**
 * True when the pattern occurs anywhere in the value (anchor it with ^…$ for a whole match).
 * A value over MAX_MATCHED_LENGTH characters never matches.
 */
export function patternMatches(pattern: string, value: string): boolean {
  if (value.length > MAX_MATCHED_LENGTH) return false;
  const entry = compiled(pattern);
  return entry.ok && entry.re.test(value);
}

/** What the compiled-pattern cache holds, for tests and diagnostics. */
export function patternCacheStats(): { patterns: number; weight: number } {
  return { patterns: cache.size, weight: cacheWeight };
}
