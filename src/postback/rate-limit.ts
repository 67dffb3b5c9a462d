/**
 * Per-profile token buckets: a profile may send `rps` postbacks each second, with a burst of
 * one second's worth. Smoother than fixed windows (which let 2× through at a boundary).
 * State is per process; several instances each allow the profile's rate.
 */

export type RateDecision = { ok: true } | { ok: false; retryAfterSec: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter {
  private readonly buckets = new Map<number, Bucket>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  take(profileId: number, rps: number): RateDecision {
    const now = this.now();
    const bucket = this.buckets.get(profileId) ?? { tokens: rps, updatedAt: now };
    bucket.tokens = Math.min(rps, bucket.tokens + ((now - bucket.updatedAt) / 1000) * rps);
    bucket.updatedAt = now;
    this.buckets.set(profileId, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSec: Math.max(1, Math.ceil((1 - bucket.tokens) / rps)) };
  }
}
