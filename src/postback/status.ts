/**
 * Keitaro's four statuses and the words affiliate networks send instead of them,
 * folded into the five a user thinks in. Unknown words are kept as `other`, never dropped.
 */

export const NORMALIZED_STATUSES = [
  'registration',
  'deposit',
  'rebill',
  'rejected',
  'other',
] as const;

export type NormalizedStatus = (typeof NORMALIZED_STATUSES)[number];

const WORDS: Record<Exclude<NormalizedStatus, 'other'>, readonly string[]> = {
  registration: ['lead', 'reg', 'registration', 'signup', 'sign_up', 'install'],
  deposit: ['sale', 'dep', 'deposit', 'ftd', 'first_deposit', 'approved', 'confirmed', 'paid'],
  rebill: ['rebill', 'redep', 'redeposit', 'rdep', 'recurring'],
  rejected: ['rejected', 'reject', 'declined', 'cancelled', 'canceled', 'trash', 'fraud'],
};

const BY_WORD = new Map<string, NormalizedStatus>(
  Object.entries(WORDS).flatMap(([status, words]) =>
    words.map((word) => [word, status as NormalizedStatus] as const),
  ),
);

export function normalizeStatus(word: string): NormalizedStatus {
  return BY_WORD.get(word.trim().toLowerCase()) ?? 'other';
}
