import { type Postback, presentValue } from '../postback/fields.ts';
import { patternMatches } from './pattern.ts';

/**
 * What a route can match on besides its campaign or source: any of these fields, each by a
 * list of values (case-insensitive) or by a pattern (the same safe patterns as the route's
 * own). A route's conditions must all hold.
 */

const SUB_IDS = Array.from({ length: 30 }, (_, i) => `sub_id_${i + 1}` as const);

export const CONDITION_FIELDS = [
  'campaign_id',
  'source',
  'traffic_source_name',
  'offer_id',
  'landing_id',
  'creative_id',
  'country',
  ...SUB_IDS,
] as const;
export type ConditionField = (typeof CONDITION_FIELDS)[number];

export interface Condition {
  field: ConditionField;
  /** Exact values, compared without case; or `pattern`. */
  values?: string[];
  pattern?: string;
}

/** The value a postback carries in `field`, or null. */
export function conditionValue(postback: Postback, field: ConditionField): string | null {
  switch (field) {
    case 'campaign_id':
      return postback.campaignId;
    case 'source':
      return postback.source;
    case 'creative_id':
      return postback.creativeId;
    case 'country':
      return postback.country;
    case 'traffic_source_name':
    case 'offer_id':
    case 'landing_id':
      // Merged with other names in the parsed postback (offer_id with offer_name): read as sent.
      return presentValue(postback.fields[field]);
    default:
      return postback.subIds[Number(field.slice('sub_id_'.length))] ?? null;
  }
}

export function conditionHolds(condition: Condition, postback: Postback): boolean {
  const actual = conditionValue(postback, condition.field);
  if (actual === null) return false;
  if (condition.pattern !== undefined) return patternMatches(condition.pattern, actual);
  const wanted = actual.toLowerCase();
  return (condition.values ?? []).some((v) => v.toLowerCase() === wanted);
}

export const allHold = (conditions: readonly Condition[], postback: Postback) =>
  conditions.every((c) => conditionHolds(c, postback));

/** "sub_id_1 = buyer7, buyer8", "source ~ /^fb/". */
export function describeCondition(condition: Condition): string {
  return condition.pattern !== undefined
    ? `${condition.field} ~ /${condition.pattern}/`
    : `${condition.field} = ${(condition.values ?? []).join(', ')}`;
}
