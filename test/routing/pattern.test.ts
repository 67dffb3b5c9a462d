import { describe, expect, it } from 'vitest';
import {
  checkPattern,
  MAX_MATCHED_LENGTH,
  MAX_PATTERN_LENGTH,
  PATTERN_CACHE_BUDGET,
  patternCacheStats,
  patternMatches,
} from '../../src/routing/pattern.ts';

describe('route patterns', () => {
  it('runs a pattern that backtracks catastrophically elsewhere in linear time', () => {
    // With a backtracking engine, (a+)+$ against "aaa…a!" takes 2^n steps: n = 50 000
    // would never finish. RE2 answers at once.
    const input = `${'a'.repeat(50_000)}!`;
    expect(checkPattern('(a+)+$')).toEqual({ ok: true });
    expect(patternMatches('(a+)+$', input)).toBe(false);
    expect(patternMatches('(x+x+)+y', 'x'.repeat(50_000))).toBe(false);
  });

  it('refuses backreferences and lookaround with the reason', () => {
    const back = checkPattern('(a)\\1');
    expect(back.ok).toBe(false);
    const look = checkPattern('^(?=fb).*');
    expect(look.ok).toBe(false);
    if (!look.ok) expect(look.reason).toMatch(/lookaround/);
  });

  it('refuses an over-long or empty pattern', () => {
    expect(checkPattern('a'.repeat(MAX_PATTERN_LENGTH + 1))).toMatchObject({ ok: false });
    expect(checkPattern('  ')).toMatchObject({ ok: false });
  });

  it('matches anywhere, case-insensitively, unless anchored', () => {
    expect(patternMatches('fb', 'source_FB_ads')).toBe(true);
    expect(patternMatches('^fb$', 'source_fb')).toBe(false);
  });

  it('never matches with a pattern that is not valid', () => {
    expect(patternMatches('(', '(')).toBe(false);
  });

  it('refuses a short pattern with huge repetition counts, saying why in plain words', () => {
    const check = checkPattern('(?:a?){999}(?:a?){999}a{999}');
    expect(check).toMatchObject({ ok: false, problem: 'too_complex' });
    if (!check.ok) {
      expect(check.reason).toBe(
        'the pattern is too complex to run on every postback (a repetition count of 999; at most 50 is allowed); simplify it',
      );
    }
    expect(checkPattern('x{1,51}')).toMatchObject({ ok: false, problem: 'too_complex' });
  });

  it('refuses a pattern that compiles to too large a program even with small counts', () => {
    const check = checkPattern('((a{30}){30})');
    expect(check).toMatchObject({ ok: false, problem: 'too_complex' });
    if (!check.ok) expect(check.reason).toMatch(/compiles to \d+ steps; at most 200 are allowed/);
    expect(checkPattern('(?:a?){50}(?:b?){50}(?:c?){50}')).toMatchObject({ ok: false });
  });

  it('accepts ordinary route patterns, braces written as text included', () => {
    for (const pattern of [
      '^(fb|tt)_\\d+$',
      '^1\\d$',
      '[a-z]{1,20}',
      'promo\\{2024\\}',
      '[{]999}',
    ]) {
      expect(checkPattern(pattern)).toEqual({ ok: true });
    }
    expect(patternMatches('promo\\{2024\\}', 'PROMO{2024}')).toBe(true);
  });

  it('never matches a stored pattern that is too complex, or a value over 128 characters', () => {
    expect(patternMatches('(?:a?){999}(?:a?){999}a{999}', 'a'.repeat(100))).toBe(false);
    expect(patternMatches('a', 'a'.repeat(MAX_MATCHED_LENGTH))).toBe(true);
    expect(patternMatches('a', 'a'.repeat(MAX_MATCHED_LENGTH + 1))).toBe(false);
  });

  it('keeps the compiled patterns within their memory budget', () => {
    for (let i = 0; i < 1000; i++) checkPattern(`(?:x?){45}y{45}${i}`);
    const stats = patternCacheStats();
    expect(stats.weight).toBeLessThanOrEqual(PATTERN_CACHE_BUDGET);
    expect(stats.patterns).toBeLessThan(1000);
    expect(checkPattern('(?:x?){45}y{45}999')).toEqual({ ok: true });
  });
});
