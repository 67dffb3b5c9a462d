import { presentValue } from '../postback/fields.ts';

/**
 * What a notification card shows, set per profile and optionally per route: the layout (the
 * seed's `full` card, or `compact`: the title and the values on one line), the lines it hides,
 * and extra lines it shows. A route without a card of its own uses its profile's; a profile
 * without one uses DEFAULT_CARD, which renders exactly what the seed rendered.
 */

export const CARD_LAYOUTS = ['full', 'compact'] as const;
export type CardLayout = (typeof CARD_LAYOUTS)[number];

/** Lines of the seed's layouts that a card may hide. */
export const CARD_LINES = [
  'revenue',
  'campaign',
  'offer',
  'geo',
  'sub1',
  'creative',
  'landing',
  'tx',
  'reason',
  'original_status',
] as const;
export type CardLine = (typeof CARD_LINES)[number];

const SUB_IDS = Array.from({ length: 30 }, (_, i) => `sub_id_${i + 1}` as const);

/** Values a card may show on lines of their own (as routes match them, conditions.ts). */
export const CARD_EXTRAS = [
  'offer_id',
  'landing_id',
  'source',
  'campaign_id',
  'creative_id',
  ...SUB_IDS,
] as const;
export type CardExtra = (typeof CARD_EXTRAS)[number];

export interface Card {
  layout: CardLayout;
  hide: readonly CardLine[];
  show: readonly CardExtra[];
}

export const DEFAULT_CARD: Card = { layout: 'full', hide: [], show: [] };

const LINE_SET = new Set<string>(CARD_LINES);
const EXTRA_SET = new Set<string>(CARD_EXTRAS);

/**
 * A card as stored (jsonb, null when there is none). The database's check keeps its shape;
 * anything this version does not know is left out rather than refused.
 */
export function parseCard(value: unknown): Card | null {
  if (value === null || value === undefined || typeof value !== 'object') return null;
  const v = value as { layout?: unknown; hide?: unknown; show?: unknown };
  const list = (items: unknown, known: Set<string>) =>
    Array.isArray(items) ? items.filter((i): i is string => known.has(i as string)) : [];
  return {
    layout: v.layout === 'compact' ? 'compact' : 'full',
    hide: list(v.hide, LINE_SET) as CardLine[],
    show: list(v.show, EXTRA_SET) as CardExtra[],
  };
}

/** The card in force: the route's own, else the profile's, else the default. */
export function cardInForce(route: unknown, profile: unknown): Card {
  return parseCard(route) ?? parseCard(profile) ?? DEFAULT_CARD;
}

/** The card as stored: lists in their canonical order, without repeats. */
export function storedCard(card: Card): Card {
  return {
    layout: card.layout,
    hide: CARD_LINES.filter((l) => card.hide.includes(l)),
    show: CARD_EXTRAS.filter((x) => card.show.includes(x)),
  };
}

/** What one change (the CLI's options, a button) sets; what it leaves out stays as it was. */
export interface CardChange {
  layout?: CardLayout;
  hide?: readonly CardLine[];
  show?: readonly CardExtra[];
}

export function changeCard(base: Card, change: CardChange): Card {
  return storedCard({
    layout: change.layout ?? base.layout,
    hide: change.hide ?? base.hide,
    show: change.show ?? base.show,
  });
}

const isDefaultCard = (card: Card) =>
  card.layout === 'full' && card.hide.length === 0 && card.show.length === 0;

/** A profile's card as stored: the default as none, so the profile renders as the seed did. */
export const profileCard = (card: Card): Card | null => (isDefaultCard(card) ? null : card);

/** `compact · hide revenue, tx · show offer_id, sub_id_3`; `full` for the default. */
export function describeCard(card: Card): string {
  return [
    card.layout,
    ...(card.hide.length > 0 ? [`hide ${card.hide.join(', ')}`] : []),
    ...(card.show.length > 0 ? [`show ${card.show.join(', ')}`] : []),
  ].join(' · ');
}

/** The fields an extra line needs besides the event's own: read as sent, from the payload. */
export interface ExtraSource {
  campaignId: string | null;
  source: string | null;
  creativeId: string | null;
  subId1: string | null;
  subId2: string | null;
  /** The payload's values of the card's extra fields (outbox.ts reads only those). */
  extra?: Readonly<Record<string, unknown>>;
}

/** The value an extra line shows, or null. */
export function extraValue(event: ExtraSource, field: CardExtra): string | null {
  switch (field) {
    case 'campaign_id':
      return event.campaignId;
    case 'source':
      // Merged with traffic_source_name when stored.
      return event.source;
    case 'creative_id':
      return event.creativeId;
    case 'sub_id_1':
      return event.subId1;
    case 'sub_id_2':
      return event.subId2;
    default: {
      const raw = event.extra?.[field];
      return typeof raw === 'string' ? presentValue(raw) : null;
    }
  }
}
