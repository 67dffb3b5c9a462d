import { type SQL, sql } from 'drizzle-orm';

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
 * and rebills (priority 0) come through quiet hours that let them.
 */
export function calmNow(
  d: { profileId: SQL; routeId: SQL; chatId: SQL; topicId: SQL; priority: SQL },
  now: SQL = sql`now()`,
): SQL {
  return sql`CASE
    WHEN EXISTS (SELECT 1 FROM keitaro_profiles cp WHERE cp.id = ${d.profileId} AND cp.paused_until > ${now})
      OR EXISTS (SELECT 1 FROM keitaro_routes cr WHERE cr.id = ${d.routeId} AND cr.paused_until > ${now})
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

/**
 * The same rule as calmNow for a postback being stored, from what the profile directory holds
 * (read at most a couple of seconds ago): the route's pause and the target's quiet hours.
 * The profile's own pause is read by the storing statement itself.
 */
export function calmFor(
  route: { pausedUntil?: Date | null } | undefined,
  quiet: readonly QuietWindow[],
  target: { chatId: number; topicId: number | null },
  money: boolean,
  minutesNow: number,
  now: Date,
): Calm | null {
  if (route && activePause(route.pausedUntil ?? null, now)) return 'paused';
  const hours = quiet.find(
    (q) => q.chatId === target.chatId && q.topicId === (target.topicId ?? 0),
  );
  if (!hours || (hours.depositsThrough && money)) return null;
  return inQuietWindow(hours.fromMin, hours.toMin, minutesNow) ? 'quiet' : null;
}
