import { type SQL, sql } from 'drizzle-orm';
import { parseClock } from '../stats/schedule.ts';

/**
 * Which notifications wait out a 🔕 pause or a chat's quiet hours, as one SQL expression:
 * the statement that stores postbacks (postback/store.ts) and the release (calm.ts) both ask
 * it, so a pause set on any instance applies to the next postback on every instance.
 */

/** A pause "until turned back on". */
export const FOREVER = new Date('9999-12-31T00:00:00Z');

/** States of a delivery waiting out a pause or quiet hours. */
export const CALM_STATES = sql`('paused', 'quiet')`;

/**
 * 'paused', 'quiet', or NULL: why a delivery with these columns must wait at `now`. Deposits
 * and rebills (priority 0) come through quiet hours that let them. A campaign paused in a chat
 * (the 🔕 button under a notification) holds that campaign's conversions in that chat only.
 */
export function calmNow(
  d: { profileId: SQL; routeId: SQL; eventId: SQL; chatId: SQL; topicId: SQL; priority: SQL },
  now: SQL = sql`now()`,
): SQL {
  return sql`CASE
    WHEN EXISTS (SELECT 1 FROM keitaro_profiles cp WHERE cp.id = ${d.profileId} AND cp.paused_until > ${now})
      OR EXISTS (SELECT 1 FROM keitaro_routes cr WHERE cr.id = ${d.routeId} AND cr.paused_until > ${now})
      OR EXISTS (
        SELECT 1 FROM keitaro_campaign_pauses cc JOIN keitaro_events ce ON ce.campaign_id = cc.campaign_id
        WHERE ce.id = ${d.eventId} AND cc.profile_id = ${d.profileId} AND cc.chat_id = ${d.chatId}
          AND cc.paused_until > ${now})
      THEN 'paused'
    WHEN EXISTS (
      SELECT 1 FROM keitaro_quiet_hours q JOIN keitaro_profiles qp ON qp.id = q.profile_id,
        LATERAL (SELECT (extract(hour FROM ${now} AT TIME ZONE qp.timezone) * 60
                  + extract(minute FROM ${now} AT TIME ZONE qp.timezone))::int AS m) local
      WHERE q.profile_id = ${d.profileId} AND q.chat_id = ${d.chatId}
        AND q.topic_id = coalesce(${d.topicId}, 0)
        AND NOT (q.deposits_through AND ${d.priority} = 0)
        AND CASE WHEN q.from_min < q.to_min THEN local.m >= q.from_min AND local.m < q.to_min
                 ELSE local.m >= q.from_min OR local.m < q.to_min END)
      THEN 'quiet'
  END`;
}

/** The same rule in code, for screens and tests: is `minutes` inside the window? */
export function inQuietWindow(fromMin: number, toMin: number, minutes: number): boolean {
  return fromMin < toMin
    ? minutes >= fromMin && minutes < toMin
    : minutes >= fromMin || minutes < toMin;
}

/**
 * Quiet hours as written: "23:00-08:00", "1:30 – 7:00" (two different times of day, on the
 * profile's clock); undefined for anything else.
 */
export function parseQuietWindow(text: string): { fromMin: number; toMin: number } | undefined {
  const parts = text.trim().split(/\s*[-–—]\s*/);
  if (parts.length !== 2) return undefined;
  const [from, to] = parts.map((part) => parseClock(part));
  if (from === undefined || to === undefined || from === to) return undefined;
  return { fromMin: from, toMin: to };
}

/** A pause still running at `now`, or null. */
export const activePause = (pausedUntil: Date | null, now = new Date()): Date | null =>
  pausedUntil && pausedUntil.getTime() > now.getTime() ? pausedUntil : null;

export type Calm = 'paused' | 'quiet';

/** Quiet hours of one chat or topic, on the profile's clock. */
export interface QuietWindow {
  chatId: number;
  /** 0: the chat itself. */
  topicId: number;
  fromMin: number;
  toMin: number;
  depositsThrough: boolean;
}

/** A campaign paused in one chat of a profile (keitaro_campaign_pauses). */
export interface CampaignPause {
  chatId: number;
  campaignId: string;
  until: Date;
}

/** What holds a profile's notifications, as the profile directory keeps it. */
export interface CalmSettings {
  quiet: readonly QuietWindow[];
  /** Campaign pauses that had not ended when the directory read them. */
  campaignPauses: readonly CampaignPause[];
}

/**
 * The same rule as calmNow for a postback being stored, from what the profile directory holds
 * (read at most a couple of seconds ago): the route's pause, the campaign's pause in the
 * target chat, and the target's quiet hours. The profile's own pause is read by the storing
 * statement itself.
 */
export function calmFor(
  settings: CalmSettings,
  route: { pausedUntil?: Date | null } | undefined,
  target: { chatId: number; topicId: number | null },
  conversion: { campaignId: string | null; money: boolean },
  clock: { minutes: number; now: Date },
): Calm | null {
  const { now } = clock;
  if (route && activePause(route.pausedUntil ?? null, now)) return 'paused';
  const campaign = conversion.campaignId;
  const paused = settings.campaignPauses.some(
    (c) => c.chatId === target.chatId && c.campaignId === campaign && activePause(c.until, now),
  );
  if (paused) return 'paused';
  const hours = settings.quiet.find(
    (q) => q.chatId === target.chatId && q.topicId === (target.topicId ?? 0),
  );
  if (!hours || (hours.depositsThrough && conversion.money)) return null;
  return inQuietWindow(hours.fromMin, hours.toMin, clock.minutes) ? 'quiet' : null;
}
