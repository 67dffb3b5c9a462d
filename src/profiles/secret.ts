import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: the only thing that authorizes a postback. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** What logs show instead of a secret: enough to tell two apart, useless to an attacker. */
export function secretFingerprint(secret: string | null | undefined): string {
  if (!secret) return 'none';
  return createHash('sha256').update(secret).digest('hex').slice(0, 8);
}
