import type { Postback } from './fields.ts';
import type { NormalizedStatus } from './status.ts';

/**
 * An event's fields, mapped once: which column of `keitaro_events` holds each, its SQL type,
 * and where a parsed postback has it. Storing (the batch statement's column lists), reading
 * back for a notification (the outbox) and rendering all go through this list, so a new
 * field is one entry here (and its column in a migration).
 */

interface EventField<T> {
  column: string;
  /** The column's type as the batch statement declares its input. */
  type: 'text' | 'numeric';
  of: (p: Postback) => T;
}

const text = (column: string, of: (p: Postback) => string | null): EventField<string | null> => ({
  column,
  type: 'text',
  of,
});

export const EVENT_FIELDS = {
  status: { column: 'status', type: 'text', of: (p) => p.status } as EventField<NormalizedStatus>,
  statusWord: {
    column: 'status_word',
    type: 'text',
    of: (p) => p.statusWord,
  } as EventField<string>,
  originalStatus: text('original_status', (p) => p.originalStatus),
  tid: text('tid', (p) => p.tid),
  subid: text('subid', (p) => p.subid),
  externalId: text('external_id', (p) => p.externalId),
  campaignId: text('campaign_id', (p) => p.campaignId),
  campaignName: text('campaign_name', (p) => p.campaignName),
  offer: text('offer', (p) => p.offer),
  landing: text('landing', (p) => p.landing),
  // Read back as text: exact decimals, never a float.
  revenue: { column: 'revenue', type: 'numeric', of: (p) => p.revenue } as EventField<
    string | null
  >,
  currency: text('currency', (p) => p.currency),
  country: text('country', (p) => p.country),
  source: text('source', (p) => p.source),
  creativeId: text('creative_id', (p) => p.creativeId),
  subId1: text('sub_id_1', (p) => p.subIds[1] ?? null),
  subId2: text('sub_id_2', (p) => p.subIds[2] ?? null),
  reason: text('reason', (p) => p.reason),
} as const;

export type EventFieldName = keyof typeof EVENT_FIELDS;

/** An event's stored fields, as a notification is rendered from them. */
export type EventFields = {
  [K in EventFieldName]: ReturnType<(typeof EVENT_FIELDS)[K]['of']>;
};

const ENTRIES = Object.entries(EVENT_FIELDS) as [EventFieldName, EventField<unknown>][];

/** The fields of a parsed postback as they would be stored (a preview renders them unsaved). */
export function eventFieldsOf(p: Postback): EventFields {
  return Object.fromEntries(ENTRIES.map(([name, f]) => [name, f.of(p)])) as EventFields;
}

/** The stored fields of a parsed postback, by column (the batch statement's input rows). */
export function eventColumns(p: Postback): Record<string, unknown> {
  return Object.fromEntries(ENTRIES.map(([, f]) => [f.column, f.of(p)]));
}

/** `status text, status_word text, …`: the columns as the batch statement declares them. */
export const COLUMN_TYPES = ENTRIES.map(([, f]) => `${f.column} ${f.type}`).join(', ');

/** `status, status_word, …`. */
export const COLUMN_LIST = ENTRIES.map(([, f]) => f.column).join(', ');

/** `e.status AS "status", …, e.revenue::text AS "revenue"`: selects the fields by name. */
export const SELECT_FIELDS = ENTRIES.map(
  ([name, f]) => `e.${f.column}${f.type === 'numeric' ? '::text' : ''} AS "${name}"`,
).join(', ');

/** The fields of a row selected with SELECT_FIELDS. */
export function readEventFields(row: Record<string, unknown>): EventFields {
  return Object.fromEntries(
    ENTRIES.map(([name]) => [name, (row[name] ?? null) as unknown]),
  ) as EventFields;
}
