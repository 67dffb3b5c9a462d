import { RE2JS } from 're2js';

/**
 * Route patterns are users' regular expressions run against every postback, so they run on
 * RE2 (linear time in the input, no catastrophic backtracking). What RE2 cannot run in
 * linear time (backreferences, lookaround) is refused with the reason, up front.
 */

export const MAX_PATTERN_LENGTH = 200;

export type PatternProblem = 'empty' | 'too_long' | 'unsafe';

/** `reason` is a sentence for the CLI; `problem` lets other edges say it in their language. */
export type PatternCheck =
  | { ok: true }
  | { ok: false; problem: PatternProblem; reason: string; detail?: string };

const compiled = new Map<string, RE2JS>();

function compile(pattern: string): RE2JS {
  let re = compiled.get(pattern);
  if (!re) {
    re = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
    if (compiled.size >= 1000) compiled.clear();
    compiled.set(pattern, re);
  }
  return re;
}

export function checkPattern(pattern: string): PatternCheck {
  if (pattern.trim() === '') return { ok: false, problem: 'empty', reason: 'the pattern is empty' };
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return {
      ok: false,
      problem: 'too_long',
      reason: `the pattern is longer than ${MAX_PATTERN_LENGTH} characters`,
    };
  }
  try {
    compile(pattern);
    return { ok: true };
  } catch (error) {
    const detail = (error as Error).message;
    return {
      ok: false,
      problem: 'unsafe',
      detail,
      reason: `the pattern is not a safe regular expression (${detail}); backreferences and lookaround are not supported`,
    };
  }
}

/** True when the pattern occurs anywhere in the value (anchor it with ^…$ for a whole match). */
export function patternMatches(pattern: string, value: string): boolean {
  if (checkPattern(pattern).ok === false) return false;
  return compile(pattern).test(value);
}
