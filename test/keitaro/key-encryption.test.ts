import { describe, expect, it } from 'vitest';
import {
  encryptionKeyId,
  isSealed,
  KeyEncryptionError,
  openApiKey,
  sealApiKey,
} from '../../src/keitaro/key-encryption.ts';

const KEY = Buffer.alloc(32, 7);
const OTHER = Buffer.alloc(32, 9);
const API_KEY = 'c7f1a9e24b6d80357e2f9a1c4d6b8e03';

describe('the Admin API key at rest', () => {
  it('is sealed with ENCRYPTION_KEY under a versioned prefix, and opens again', () => {
    const stored = sealApiKey(API_KEY, KEY, 4);
    expect(stored).toMatch(new RegExp(`^enc:v1:${encryptionKeyId(KEY)}:[\\w-]+:[\\w-]+:[\\w-]+$`));
    expect(stored).not.toContain(API_KEY);
    expect(isSealed(stored)).toBe(true);
    expect(openApiKey(stored, KEY, 4)).toBe(API_KEY);
    // A fresh IV each time: two seals of one key differ.
    expect(sealApiKey(API_KEY, KEY, 4)).not.toBe(stored);
  });

  it('is stored as given without ENCRYPTION_KEY', () => {
    expect(sealApiKey(API_KEY, undefined, 4)).toBe(API_KEY);
    expect(openApiKey(API_KEY, undefined, 4)).toBe(API_KEY);
    expect(openApiKey(API_KEY, KEY, 4)).toBe(API_KEY);
  });

  it('does not open under another profile, another key, no key, or when changed', () => {
    const stored = sealApiKey(API_KEY, KEY, 4);
    const refusal = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(KeyEncryptionError);
        expect((error as Error).message).not.toContain(API_KEY);
        return (error as Error).message;
      }
      throw new Error('expected a refusal');
    };
    expect(refusal(() => openApiKey(stored, KEY, 5))).toMatch(/does not decrypt/);
    expect(refusal(() => openApiKey(stored, OTHER, 4))).toMatch(/another ENCRYPTION_KEY/);
    expect(refusal(() => openApiKey(stored, undefined, 4))).toMatch(/set ENCRYPTION_KEY/);
    const flipped = stored.slice(0, -2) + (stored.endsWith('A') ? 'BB' : 'AA');
    expect(refusal(() => openApiKey(flipped, KEY, 4))).toMatch(/does not decrypt|damaged/);
    expect(refusal(() => openApiKey('enc:v1:abc', KEY, 4))).toMatch(/damaged/);
  });
});
