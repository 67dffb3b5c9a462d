import { type SQL, sql } from 'drizzle-orm';
import { type Db, type Executor, queryRows } from '../db/client.ts';
import type { Logger } from '../log.ts';
import { renderDigest } from '../messages/render.ts';
import type { Language } from '../routing/route.ts';
import {
  CALM_STATES,
  type CampaignPause,
  calmNow,
  FOREVER,
  type QuietWindow,
} from './calm-rule.ts';
import { LeaderJob } from './leader-job.ts';
import * as outbox from './outbox.ts';

/**
 * Calm without loss (the rule itself: calm-rule.ts). A 🔕 pause (of a profile or a route) or a chat's quiet hours keep
 * notifications waiting, not refused: postbacks are stored and answered 200 as always, their
 * deliveries wait as 'paused' or 'quiet', and when the calm ends they come as one digest per
 * chat and topic ("🔕 While paused: …"), or as themselves when only one waited. Turning a
 * profile off is another thing: its URL answers 403 and nothing is stored.
 *
 * Whether a delivery must wait is decided by the database, in the statement that stores it
 * (postback/store.ts) and again when it is released, by one expression (calmNow), so a pause
 * set on any instance applies to the next postback on every instance.
 */

const OF_DELIVERY = {
  profileId: sql`d.profile_id`,
  routeId: sql`d.route_id`,
  eventId: sql`d.event_id`,
  chatId: sql`d.chat_id`,
  topicId: sql`d.topic_id`,
  priority: sql`d.priority`,
};

/** Waiting deliveries whose calm has ended (checked at `now`). */
const releasable = (now: SQL) =>
  sql`d.state IN ${CALM_STATES} AND ${calmNow(OF_DELIVERY, now)} IS NULL`;

/**
 * Releases what waited out a calm that has ended: per chat and topic, one digest (or the
 * conversion itself when it waited alone). Returns the chats that got something.
 */
export async function releaseCalm(db: Db, at?: Date): Promise<number[]> {
  const now = at ? sql`${at.toISOString()}::timestamptz` : sql`now()`;
  return db.transaction(async (tx) => {
    const groups = await queryRows<{
      chat_id: string | number;
      topic_id: number | null;
      n: number;
      paused: boolean;
      profile_id: number;
      language: string;
    }>(
      tx,
      sql`SELECT d.chat_id, d.topic_id, count(*)::int AS n, bool_or(d.state = 'paused') AS paused,
            min(d.profile_id) AS profile_id, min(d.language) AS language
          FROM keitaro_deliveries d WHERE ${releasable(now)}
          GROUP BY d.chat_id, d.topic_id`,
    );
    for (const group of groups) {
      const chatId = Number(group.chat_id);
      const topicId = group.topic_id === null ? null : Number(group.topic_id);
      const here = sql`d.chat_id = ${chatId} AND d.topic_id IS NOT DISTINCT FROM ${topicId}::int`;
      if (group.n === 1) {
        await tx.execute(
          sql`UPDATE keitaro_deliveries d SET state = 'pending', next_attempt_at = now()
              WHERE ${here} AND ${releasable(now)}`,
        );
        continue;
      }
      const language = group.language as Language;
      const digest = await outbox.createDigest(tx, chatId, {
        topicId,
        count: group.n,
        profileId: Number(group.profile_id),
        language,
      });
      const folded = await outbox.foldIntoDigest(tx, chatId, topicId, digest.id, releasable(now));
      const summary = { ...folded, cause: group.paused ? ('paused' as const) : ('quiet' as const) };
      await outbox.writeDigest(tx, digest.id, summary, renderDigest(summary, language));
    }
    // What waited for them is out: campaign pauses that have ended are of no more use.
    await tx.execute(sql`DELETE FROM keitaro_campaign_pauses WHERE paused_until <= ${now}`);
    return groups.map((g) => Number(g.chat_id));
  });
}

/** Whether anything could be calm: a pause set, quiet hours, or deliveries still waiting. */
async function anyCalm(exec: Executor): Promise<boolean> {
  const [row] = await queryRows<{ any: boolean }>(
    exec,
    sql`SELECT EXISTS (SELECT 1 FROM keitaro_profiles WHERE paused_until IS NOT NULL)
          OR EXISTS (SELECT 1 FROM keitaro_routes WHERE paused_until IS NOT NULL)
          OR EXISTS (SELECT 1 FROM keitaro_quiet_hours)
          OR EXISTS (SELECT 1 FROM keitaro_campaign_pauses)
          OR EXISTS (SELECT 1 FROM keitaro_deliveries WHERE state IN ${CALM_STATES}) AS any`,
  );
  return row?.any === true;
}

export interface CalmJobOptions {
  now?: () => Date;
  /** How often waiting deliveries are looked at while anything could be calm. */
  tickMs?: number;
  /** How long "nothing is calm" is trusted before asking again (changes made here: at once). */
  refreshMs?: number;
}

/**
 * On the leader: releases what waited once its pause or quiet hours end. It looks once a
 * minute while a pause, quiet hours or a waiting delivery exist, and not at all otherwise
 * (asking again every few minutes, or at once when settings change here).
 */
export class CalmJob extends LeaderJob {
  private active: boolean | undefined;
  private checkedAt = 0;
  private readonly now: () => Date;

  constructor(
    private readonly db: Db,
    private readonly wake: (chatId: number) => void,
    logger: Logger,
    private readonly options: CalmJobOptions = {},
  ) {
    super(logger, options.tickMs ?? 60_000, 'calm: will look again');
    this.now = options.now ?? (() => new Date());
  }

  /** A pause or quiet hours changed here: look now (a resume comes at once). */
  invalidate(): void {
    this.active = undefined;
    this.tick();
  }

  protected async run(): Promise<void> {
    const at = this.now();
    const stale = at.getTime() - this.checkedAt > (this.options.refreshMs ?? 600_000);
    if (this.active === undefined || (!this.active && stale)) {
      this.active = await anyCalm(this.db);
      this.checkedAt = at.getTime();
    }
    if (!this.active) return;
    const chats = await releaseCalm(this.db, this.options.now ? at : undefined);
    for (const chatId of chats) {
      this.logger.info({ chat_id: chatId }, 'calm ended: what waited goes out');
      this.wake(chatId);
    }
    // Nothing left to watch: stop looking until settings change or the refresh.
    if (chats.length > 0 || stale) {
      this.active = await anyCalm(this.db);
      this.checkedAt = at.getTime();
    }
  }
}

/** How long a pause lasts: seconds, until a local time (minutes after midnight), or until resumed. */
export type PauseLength = { seconds: number } | { untilLocal: number } | 'until-resumed';

const PAUSED_TABLE = { profile: sql`keitaro_profiles`, route: sql`keitaro_routes` };

/**
 * Pauses a profile's or a route's notifications; returns when the pause ends (FOREVER: until
 * resumed), or null when there is no such profile or route. "Until 09:00" is the next 09:00
 * on the profile's clock, across DST changes.
 */
export async function pause(
  exec: Executor,
  what: 'profile' | 'route',
  id: number,
  length: PauseLength,
  at = new Date(),
): Promise<Date | null> {
  const now = sql`${at.toISOString()}::timestamptz`;
  const zone = sql`(SELECT p.timezone FROM keitaro_profiles p WHERE p.id = ${
    what === 'profile' ? sql`${id}` : sql`(SELECT profile_id FROM keitaro_routes WHERE id = ${id})`
  })`;
  let until: SQL;
  if (length === 'until-resumed') until = sql`${FOREVER.toISOString()}::timestamptz`;
  else if ('seconds' in length) until = sql`${now} + make_interval(secs => ${length.seconds})`;
  else {
    const local = sql`(${now} AT TIME ZONE ${zone})`;
    const time = sql`make_time(${Math.floor(length.untilLocal / 60)}, ${length.untilLocal % 60}, 0)`;
    until = sql`(CASE WHEN ${local}::time < ${time} THEN ${local}::date + ${time}
                      ELSE ${local}::date + 1 + ${time} END) AT TIME ZONE ${zone}`;
  }
  const [row] = await queryRows<{ until: string | Date }>(
    exec,
    sql`UPDATE ${PAUSED_TABLE[what]} SET paused_until = ${until}, updated_at = now()
        WHERE id = ${id} RETURNING paused_until AS until`,
  );
  return row ? new Date(row.until) : null;
}

/** Ends a pause: what waited comes as one digest per chat at the next look (at once here). */
export async function resume(
  exec: Executor,
  what: 'profile' | 'route',
  id: number,
): Promise<boolean> {
  const rows = await queryRows<{ id: number }>(
    exec,
    sql`UPDATE ${PAUSED_TABLE[what]} SET paused_until = NULL, updated_at = now()
        WHERE id = ${id} RETURNING id`,
  );
  return rows.length > 0;
}

export type QuietHours = QuietWindow & { profileId: number };

/**
 * Sets a chat's quiet hours (on the profile's clock); `null` hours turn them off. Without
 * `depositsThrough`, deposits come through in new hours and keep what was chosen in old ones.
 */
export async function setQuietHours(
  exec: Executor,
  target: { profileId: number; chatId: number; topicId: number },
  hours: { fromMin: number; toMin: number; depositsThrough?: boolean } | null,
): Promise<void> {
  const { profileId, chatId, topicId } = target;
  if (hours === null) {
    await exec.execute(
      sql`DELETE FROM keitaro_quiet_hours
          WHERE profile_id = ${profileId} AND chat_id = ${chatId} AND topic_id = ${topicId}`,
    );
    return;
  }
  await exec.execute(
    sql`INSERT INTO keitaro_quiet_hours AS q (profile_id, chat_id, topic_id, from_min, to_min, deposits_through)
        VALUES (${profileId}, ${chatId}, ${topicId}, ${hours.fromMin}, ${hours.toMin}, ${hours.depositsThrough ?? true})
        ON CONFLICT ON CONSTRAINT keitaro_quiet_hours_pkey DO UPDATE SET
          from_min = excluded.from_min, to_min = excluded.to_min,
          deposits_through = ${hours.depositsThrough === undefined ? sql`q.deposits_through` : sql`excluded.deposits_through`},
          updated_at = now()`,
  );
}

export async function quietHoursOf(exec: Executor, profileId: number): Promise<QuietHours[]> {
  const rows = await queryRows<{
    chat_id: string | number;
    topic_id: number;
    from_min: number;
    to_min: number;
    deposits_through: boolean;
  }>(
    exec,
    sql`SELECT chat_id, topic_id, from_min, to_min, deposits_through FROM keitaro_quiet_hours
        WHERE profile_id = ${profileId} ORDER BY chat_id, topic_id`,
  );
  return rows.map((r) => ({
    profileId,
    chatId: Number(r.chat_id),
    topicId: r.topic_id,
    fromMin: r.from_min,
    toMin: r.to_min,
    depositsThrough: r.deposits_through,
  }));
}

/** A campaign in one chat of a profile: what the 🔕 button under a notification pauses. */
export interface CampaignKey {
  profileId: number;
  chatId: number;
  campaignId: string;
}

const isCampaign = (key: CampaignKey) =>
  sql`profile_id = ${key.profileId} AND chat_id = ${key.chatId} AND campaign_id = ${key.campaignId}`;

/** Pauses a campaign in a chat for `seconds` from `at`; returns when the pause ends. */
export async function pauseCampaign(
  exec: Executor,
  key: CampaignKey,
  seconds: number,
  by: { userId: number; at: Date },
): Promise<Date> {
  const until = new Date(by.at.getTime() + seconds * 1000);
  await exec.execute(
    sql`INSERT INTO keitaro_campaign_pauses (profile_id, chat_id, campaign_id, paused_until, paused_by)
        VALUES (${key.profileId}, ${key.chatId}, ${key.campaignId}, ${until.toISOString()}::timestamptz, ${by.userId})
        ON CONFLICT ON CONSTRAINT keitaro_campaign_pauses_pkey DO UPDATE SET
          paused_until = excluded.paused_until, paused_by = excluded.paused_by, updated_at = now()`,
  );
  return until;
}

/** Ends a campaign's pause; false when none was running at `at`. What waited comes at once. */
export async function resumeCampaign(exec: Executor, key: CampaignKey, at: Date): Promise<boolean> {
  const rows = await queryRows<{ running: boolean }>(
    exec,
    sql`DELETE FROM keitaro_campaign_pauses WHERE ${isCampaign(key)}
        RETURNING paused_until > ${at.toISOString()}::timestamptz AS running`,
  );
  return rows.some((r) => r.running);
}

/** When the campaign's pause in the chat ends, if one is running at `at`. */
export async function campaignPausedUntil(
  exec: Executor,
  key: CampaignKey,
  at: Date,
): Promise<Date | null> {
  const [row] = await queryRows<{ until: string | Date }>(
    exec,
    sql`SELECT paused_until AS until FROM keitaro_campaign_pauses
        WHERE ${isCampaign(key)} AND paused_until > ${at.toISOString()}::timestamptz`,
  );
  return row ? new Date(row.until) : null;
}

/** The profile's campaign pauses still running (by the database's clock), for ingest. */
export async function campaignPausesOf(
  exec: Executor,
  profileId: number,
): Promise<CampaignPause[]> {
  const rows = await queryRows<{ chat_id: string | number; campaign_id: string; until: string }>(
    exec,
    sql`SELECT chat_id, campaign_id, paused_until AS until FROM keitaro_campaign_pauses
        WHERE profile_id = ${profileId} AND paused_until > now()`,
  );
  return rows.map((r) => ({
    chatId: Number(r.chat_id),
    campaignId: r.campaign_id,
    until: new Date(r.until),
  }));
}
