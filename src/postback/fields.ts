import { type NormalizedStatus, normalizeStatus } from './status.ts';

/**
 * Raw postback fields → `Postback`. Keitaro macros and the names older setup guides used
 * both arrive in the wild, so every field accepts its aliases (the first is canonical).
 */

export type RawFields = Record<string, string>;

export interface Postback {
  status: NormalizedStatus;
  /** The status word as sent (`sale`, `dep`, `hold`); empty when none was sent. */
  statusWord: string;
  originalStatus: string | null;
  tid: string | null;
  subid: string | null;
  externalId: string | null;
  campaignId: string | null;
  campaignName: string | null;
  offer: string | null;
  landing: string | null;
  /** A plain decimal string (`"100.5"`), or null when absent or not a number. */
  revenue: string | null;
  currency: string | null;
  profit: string | null;
  cost: string | null;
  /** Upper-case when it looks like a country code; a name (`{country:en}`) is kept as sent. */
  country: string | null;
  source: string | null;
  creativeId: string | null;
  /** sub_id_1 … sub_id_30 that carry a value, by number. */
  subIds: Record<number, string>;
  reason: string | null;
  /** Every field as received (aliases not merged), without the secret. */
  fields: RawFields;
}

const ALIASES = {
  originalStatus: ['original_status'],
  tid: ['tid', 'transaction_id'],
  subid: ['subid', 'click_id', 'sub_id'],
  externalId: ['external_id'],
  campaignId: ['campaign_id', 'keitaro_campaign_id'],
  campaignName: ['campaign_name', 'keitaro_campaign_name'],
  offer: ['offer_name', 'offer', 'offer_id'],
  landing: ['landing_name', 'landing', 'landing_id'],
  revenue: ['conversion_revenue', 'revenue', 'payout'],
  currency: ['currency'],
  profit: ['profit'],
  cost: ['cost'],
  country: ['country', 'country_code', 'geo'],
  source: ['source', 'traffic_source_name'],
  creativeId: ['creative_id'],
  reason: ['reason', 'comment', 'status_reason'],
} as const satisfies Record<string, readonly string[]>;

const MAX_SUB_ID = 30;

/**
 * A value that is still a macro (`{offer_name}`, `{status:lead=reg}`) means the tracker
 * did not know it: it counts as empty.
 */
export function isUnreplacedMacro(value: string): boolean {
  return /^\{[^{}]*\}$/.test(value.trim());
}

/** A value as sent, trimmed; null when empty or still a macro. */
export function presentValue(value: string | undefined): string | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' || isUnreplacedMacro(trimmed) ? null : trimmed;
}

function pick(fields: RawFields, names: readonly string[]): string | null {
  for (const name of names) {
    const value = presentValue(fields[name]);
    if (value !== null) return value;
  }
  return null;
}

/** `100`, `100.50`, `1,5`, ` 12 ` → a plain decimal string; anything else → null. */
export function parseAmount(value: string | null): string | null {
  if (value === null) return null;
  let text = value.replace(/\s/g, '');
  if (!text.includes('.') && /^-?\d+,\d+$/.test(text)) text = text.replace(',', '.');
  if (!/^-?\d{1,14}(\.\d{1,6})?$/.test(text)) return null;
  return text;
}

function country(value: string | null): string | null {
  if (value === null) return null;
  return /^[a-z]{2}$/i.test(value) ? value.toUpperCase() : value;
}

export function parsePostback(fields: RawFields): Postback {
  const statusWord = presentValue(fields.status) ?? '';
  const subIds: Record<number, string> = {};
  for (let n = 1; n <= MAX_SUB_ID; n++) {
    const value = presentValue(fields[`sub_id_${n}`]);
    if (value !== null) subIds[n] = value;
  }
  return {
    status: normalizeStatus(statusWord),
    statusWord,
    originalStatus: pick(fields, ALIASES.originalStatus),
    tid: pick(fields, ALIASES.tid),
    subid: pick(fields, ALIASES.subid),
    externalId: pick(fields, ALIASES.externalId),
    campaignId: pick(fields, ALIASES.campaignId),
    campaignName: pick(fields, ALIASES.campaignName),
    offer: pick(fields, ALIASES.offer),
    landing: pick(fields, ALIASES.landing),
    revenue: parseAmount(pick(fields, ALIASES.revenue)),
    currency: pick(fields, ALIASES.currency)?.toUpperCase() ?? null,
    profit: parseAmount(pick(fields, ALIASES.profit)),
    cost: parseAmount(pick(fields, ALIASES.cost)),
    country: country(pick(fields, ALIASES.country)),
    source: pick(fields, ALIASES.source),
    creativeId: pick(fields, ALIASES.creativeId),
    subIds,
    reason: pick(fields, ALIASES.reason),
    fields,
  };
}
