import { describe, expect, it } from 'vitest';
import { normalizeStatus } from '../../src/postback/status.ts';

describe('status normalization', () => {
  const table = {
    registration: ['lead', 'reg', 'registration', 'signup', 'sign_up', 'install'],
    deposit: ['sale', 'dep', 'deposit', 'ftd', 'first_deposit', 'approved', 'confirmed', 'paid'],
    rebill: ['rebill', 'redep', 'redeposit', 'rdep', 'recurring'],
    rejected: ['rejected', 'reject', 'declined', 'cancelled', 'canceled', 'trash', 'fraud'],
  } as const;

  for (const [normalized, words] of Object.entries(table)) {
    it.each(words)(`"%s" is a ${normalized}`, (word) => {
      expect(normalizeStatus(word)).toBe(normalized);
    });
  }

  it('ignores case and surrounding spaces, as networks send them', () => {
    expect(normalizeStatus('SALE')).toBe('deposit');
    expect(normalizeStatus(' Lead ')).toBe('registration');
    expect(normalizeStatus('FTD')).toBe('deposit');
  });

  it('keeps unknown words as other instead of dropping them', () => {
    expect(normalizeStatus('hold')).toBe('other');
    expect(normalizeStatus('pending')).toBe('other');
    expect(normalizeStatus('')).toBe('other');
  });
});
