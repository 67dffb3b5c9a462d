import type { Postback } from '../postback/fields.ts';
import type { NormalizedStatus } from '../postback/status.ts';
import { allHold, type Condition, type ConditionField, conditionValue } from './conditions.ts';
import { patternMatches } from './pattern.ts';

export type MatchBy = 'campaign_id' | 'source' | 'any';
export type Language = 'ru' | 'uk' | 'en';

export interface Route {
  id: number;
  matchBy: MatchBy;
  /** Comma-separated exact values, or a pattern when `isPattern`; unused for `any`. */
  matchValue: string | null;
  isPattern: boolean;
  /** Empty: every status. */
  statuses: readonly NormalizedStatus[];
  /** Country codes; empty: every country. */
  geo: readonly string[];
  /** More fields that must all match; empty: none. */
  conditions: readonly Condition[];
  priority: number;
  chatId: number;
  topicId: number | null;
  language: Language | null;
  enabled: boolean;
  /** 🔕 Its notifications wait until then (delivery/calm.ts). */
  pausedUntil?: Date | null;
  /** A forum topic per value of this field (delivery/value-topics.ts). */
  topicField?: ConditionField | null;
  /** The topics made so far, by value (read with the route). */
  valueTopics?: Readonly<Record<string, number>>;
}

export interface RoutingProfile {
  ownerUserId: number;
  /** Null: the owner's private chat with the bot. */
  defaultChatId: number | null;
  defaultTopicId: number | null;
  language: Language;
}

export interface Target {
  chatId: number;
  topicId: number | null;
  language: Language;
  /** The route that chose this target; null for the profile's default. */
  routeId: number | null;
  /** A route with a topic per value: the value; `topicId` is its topic when one was made. */
  topicValue?: string | null;
}

export function splitValues(value: string | null): string[] {
  return (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function matchesValue(route: Route, postback: Postback): boolean {
  if (route.matchBy === 'any') return true;
  const actual = route.matchBy === 'campaign_id' ? postback.campaignId : postback.source;
  if (actual === null) return false;
  if (route.isPattern) return route.matchValue !== null && patternMatches(route.matchValue, actual);
  const wanted = actual.toLowerCase();
  return splitValues(route.matchValue).some((v) => v.toLowerCase() === wanted);
}

function matchesFilters(route: Route, postback: Postback): boolean {
  if (route.statuses.length > 0 && !route.statuses.includes(postback.status)) return false;
  if (route.geo.length > 0) {
    const country = postback.country?.toUpperCase();
    if (!country || !route.geo.some((g) => g.toUpperCase() === country)) return false;
  }
  return true;
}

export function byPriority(a: Route, b: Route): number {
  return a.priority - b.priority || a.id - b.id;
}

/** Where a profile's conversions go when no route takes them: its chat, else the owner's. */
export function profileTarget(
  profile: Pick<RoutingProfile, 'ownerUserId' | 'defaultChatId' | 'defaultTopicId'>,
): { chatId: number; topicId: number | null } {
  return profile.defaultChatId === null
    ? { chatId: profile.ownerUserId, topicId: null }
    : { chatId: profile.defaultChatId, topicId: profile.defaultTopicId };
}

/**
 * The first enabled route (ascending priority, ties by id) whose value and filters match
 * wins; when none does, the profile's default chat and topic.
 */
export function resolveTarget(
  profile: RoutingProfile,
  routes: readonly Route[],
  postback: Postback,
): Target {
  const route = [...routes]
    .sort(byPriority)
    .find(
      (r) =>
        r.enabled &&
        matchesValue(r, postback) &&
        matchesFilters(r, postback) &&
        allHold(r.conditions, postback),
    );
  if (route) {
    const value = route.topicField ? conditionValue(postback, route.topicField) : null;
    return {
      chatId: route.chatId,
      topicId: value === null ? route.topicId : (route.valueTopics?.[value] ?? null),
      language: route.language ?? profile.language,
      routeId: route.id,
      ...(value === null ? {} : { topicValue: value }),
    };
  }
  return { ...profileTarget(profile), language: profile.language, routeId: null };
}
