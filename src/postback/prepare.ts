import { calmFor } from '../delivery/calm-rule.ts';
import { type Language, resolveTarget } from '../routing/route.ts';
import { localClock } from '../stats/days.ts';
import { dedupKey } from './dedup-key.ts';
import type { Postback } from './fields.ts';
import type { ProfileEntry } from './profile-directory.ts';
import { deliveryPriority, type StoreInput } from './store.ts';

/**
 * A parsed postback as the store takes it: its route, whether a pause or quiet hours hold it,
 * its dedup key. One place for the S2S endpoint and for conversions recovered from Keitaro's
 * log, so both are routed, held and deduplicated by the same rules.
 */
export function prepareStore(
  entry: ProfileEntry,
  postback: Postback,
  raw: { query: string; body: Buffer | null },
  now: Date,
  /** How long the dedup claim holds; the profile's window by default. */
  dedupTtlSec: number = entry.profile.dedupTtlSec,
): StoreInput {
  const { profile } = entry;
  const target = resolveTarget(
    {
      ownerUserId: profile.ownerUserId,
      defaultChatId: profile.defaultChatId,
      defaultTopicId: profile.defaultTopicId,
      language: profile.language as Language,
    },
    entry.routes,
    postback,
  );
  const calm = calmFor(
    entry,
    entry.routes.find((r) => r.id === target.routeId),
    target,
    { campaignId: postback.campaignId, money: deliveryPriority(postback.status) === 0 },
    { minutes: localClock(now, profile.timezone).minutes, now },
  );
  return {
    calm,
    profileId: profile.id,
    secret: profile.secret,
    dedupTtlSec,
    dedupKey: dedupKey(postback),
    postback,
    target,
    rawQuery: raw.query,
    rawBody: raw.body,
  };
}
