import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * The Admin API key at rest. With ENCRYPTION_KEY set it is stored as
 * `enc:v1:<key id>:<iv>:<ciphertext>:<tag>` (AES-256-GCM, base64url parts), bound to its
 * profile so a copied value does not open under another profile. Without ENCRYPTION_KEY it is
 * stored as given (the README says so): anyone who can read the database can read it.
 */

const PREFIX = 'enc:v1:';
const IV_BYTES = 12;

/** Why a stored key cannot be used; the sentence names the fix, never the key. */
export class KeyEncryptionError extends Error {
  override name = 'KeyEncryptionError';
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

/** Which ENCRYPTION_KEY sealed a value: enough to tell two apart, useless to an attacker. */
export function encryptionKeyId(key: Buffer): string {
  return createHash('sha256').update('keitaro-notify key id').update(key).digest('hex').slice(0, 8);
}

const aad = (profileId: number) => Buffer.from(`keitaro-admin-api-key:${profileId}`);

/** The value to store: sealed when there is an ENCRYPTION_KEY, else the key as given. */
export function sealApiKey(apiKey: string, key: Buffer | undefined, profileId: number): string {
  if (key === undefined) return apiKey;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(profileId));
  const sealed = Buffer.concat([cipher.update(apiKey, 'utf8'), cipher.final()]);
  return `${PREFIX}${encryptionKeyId(key)}:${[iv, sealed, cipher.getAuthTag()].map((b) => b.toString('base64url')).join(':')}`;
}

/** The key from its stored value. */
export function openApiKey(stored: string, key: Buffer | undefined, profileId: number): string {
  if (!isSealed(stored)) return stored;
  const [keyId, iv, sealed, tag, ...rest] = stored.slice(PREFIX.length).split(':');
  if (!keyId || !iv || sealed === undefined || !tag || rest.length > 0)
    throw new KeyEncryptionError(
      `The Admin API key of profile ${profileId} is stored damaged; connect it again.`,
    );
  if (key === undefined)
    throw new KeyEncryptionError(
      `The Admin API key of profile ${profileId} is encrypted: set ENCRYPTION_KEY to the value it was stored with.`,
    );
  if (keyId !== encryptionKeyId(key))
    throw new KeyEncryptionError(
      `The Admin API key of profile ${profileId} was encrypted with another ENCRYPTION_KEY (id ${keyId}, this one is ${encryptionKeyId(key)}): set that one back, or connect the key again.`,
    );
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(aad(profileId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(sealed, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new KeyEncryptionError(
      `The Admin API key of profile ${profileId} does not decrypt (changed in the database, or copied from another profile); connect it again.`,
    );
  }
}
