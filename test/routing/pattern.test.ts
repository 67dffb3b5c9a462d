import { describe, expect, it } from 'vitest';
import { checkPattern, MAX_PATTERN_LENGTH, patternMatches } from '../../src/routing/pattern.ts';

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
});
