/**
 * Retries for network errors and 5xx: exponential backoff with jitter. With the defaults,
 * 10 attempts span about 50 minutes (10 s, 20 s, 40 s … capped at 15 min); then the delivery is
 * dead: kept, visible, never silently dropped.
 */

export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  capMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 10, baseMs: 10_000, capMs: 15 * 60_000 };

/** Delay before attempt `attempts + 1`, or null when `attempts` failures are the last. */
export function retryDelayMs(
  policy: RetryPolicy,
  attempts: number,
  random: () => number = Math.random,
): number | null {
  if (attempts >= policy.maxAttempts) return null;
  const exponential = Math.min(policy.capMs, policy.baseMs * 2 ** (attempts - 1));
  // ±20% jitter, so deliveries that failed together do not retry together.
  return Math.round(exponential * (0.8 + 0.4 * random()));
}
