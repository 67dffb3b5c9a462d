import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/postback/rate-limit.ts';

describe('per-profile rate limit', () => {
  it('lets a second of postbacks through, then asks the sender to retry', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    const decisions = Array.from({ length: 28 }, () => limiter.take(1, 27));
    expect(decisions.filter((d) => d.ok)).toHaveLength(27);
    expect(decisions[27]).toEqual({ ok: false, retryAfterSec: 1 });
    now += 1000;
    expect(limiter.take(1, 27).ok).toBe(true);
  });

  it('refills steadily: 27 per second go through indefinitely', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    let accepted = 0;
    for (let i = 0; i < 270; i++) {
      now += 1000 / 27;
      if (limiter.take(1, 27).ok) accepted++;
    }
    expect(accepted).toBe(270);
  });

  it('counts each profile on its own', () => {
    const limiter = new RateLimiter(() => 0);
    expect(limiter.take(1, 1).ok).toBe(true);
    expect(limiter.take(1, 1).ok).toBe(false);
    expect(limiter.take(2, 1).ok).toBe(true);
  });
});
