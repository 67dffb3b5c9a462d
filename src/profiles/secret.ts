import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: the only thing that authorizes a postback. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * True when the text could be a secret `newSecret` issued (43 characters of base64url).
 * Anything else (a NUL byte, a 60 KiB string, a typo'd macro) is refused without a database
 * read or a cache entry.
 */
export function isWellFormedSecret(text: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(text);
}

/** What logs show instead of a secret: enough to tell two apart, useless to an attacker. */
export function secretFingerprint(secret: string | null | undefined): string {
  if (!secret) return 'none';
  return createHash('sha256').update(secret).digest('hex').slice(0, 8);
}

/**
 * True when a raw query parameter name means `secret` once decoded as the endpoint decodes
 * it (`%73ecret` authenticates too), so masking follows authentication.
 */
export function isSecretParamName(rawName: string): boolean {
  if (rawName === 'secret') return true;
  if (!/[%+]/.test(rawName)) return rawName.toLowerCase() === 'secret';
  const [name] = new URLSearchParams(`${rawName}=`).keys();
  return name?.toLowerCase() === 'secret';
}

/** A query string (`a=1&secret=…`) with every secret's value replaced by `***`. */
export function maskSecretInQuery(query: string): string {
  return query.replace(/(^|&)([^&=]*)=[^&]*/g, (param, lead: string, name: string) =>
    isSecretParamName(name) ? `${lead}${name}=***` : param,
  );
}
