import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.ts';
import { LeaderJob } from '../delivery/leader-job.ts';
import { enqueueSummary } from '../delivery/outbox.ts';
import type { Logger } from '../log.ts';
import type { Language } from '../routing/route.ts';
import type { ChartSpec } from './chart.ts';
import { addDays, localClock } from './days.ts';
import { loadSummary, renderSummary, summaryChart } from './summary.ts';

/**
 * Queues each chat's daily summary once its local send time has passed: for yesterday, in the
 * profile's zone. Only the leader runs it. The day is claimed by a conditional update of the
 * summary's `last_day` in the transaction that queues the message, so a summary goes out once
 * per chat and day however many instances run and however often they restart; one that
 * comes late (the service was down at the time) still comes, the same day. A day without
 * conversions gets its summary too: "nothing yesterday" is news.
 *
 * The settings are kept in memory and read again every few minutes or when they change here,
 * so an idle service does not query every tick.
 */

export interface SummaryTarget {
  profileId: number;
  chatId: number;
  /** 0: the chat, not a topic. */
  topicId: number;
  sendAt: number;
  lastDay: string | null;
  timeZone: string;
  language: Language;
  withBuyers: boolean;
}

/** The latest day whose summary is due at `now`: yesterday once the send time has passed. */
export function dueDay(now: Date, timeZone: string, sendAt: number): string {
  const { day, minutes } = localClock(now, timeZone);
  return addDays(day, minutes >= sendAt ? -1 : -2);
}

export interface SummaryJobOptions {
  now?: () => Date;
  /** How the chart is drawn (a child process in the service). */
  draw: (spec: ChartSpec) => Promise<Buffer>;
  /** How often due summaries are looked for, in memory. */
  tickMs?: number;
  /** How long the settings read from the database are trusted. */
  refreshMs?: number;
}

export class SummaryJob extends LeaderJob {
  private targets: SummaryTarget[] | undefined;
  private readAt = 0;
  private readonly now: () => Date;

  constructor(
    private readonly db: Db,
    private readonly wake: (chatId: number) => void,
    logger: Logger,
    private readonly options: SummaryJobOptions,
  ) {
    super(logger, options.tickMs ?? 30_000, 'daily summaries: will try again');
    this.now = options.now ?? (() => new Date());
  }

  protected run(): Promise<number> {
    return this.runDue();
  }

  /** Summary settings changed: read them again before the next look. */
  invalidate(): void {
    this.targets = undefined;
  }

  private async settings(): Promise<SummaryTarget[]> {
    const refreshMs = this.options.refreshMs ?? 600_000;
    if (!this.targets || this.now().getTime() - this.readAt > refreshMs) {
      this.targets = await readTargets(this.db);
      this.readAt = this.now().getTime();
    }
    return this.targets;
  }

  /** Queues every summary that is due and not queued yet; returns how many it queued. */
  async runDue(): Promise<number> {
    let queued = 0;
    for (const target of await this.settings()) {
      const day = dueDay(this.now(), target.timeZone, target.sendAt);
      if (target.lastDay !== null && target.lastDay >= day) continue;
      if (await this.queue(target, day)) queued++;
      target.lastDay = day;
    }
    return queued;
  }

  private async queue(target: SummaryTarget, day: string): Promise<boolean> {
    const scope = { profileId: target.profileId, chatId: target.chatId, topicId: target.topicId };
    const summary = await loadSummary(this.db, scope, { from: day, to: day }, target.withBuyers);
    const body = renderSummary(summary, target.language);
    let photo: Buffer | null = null;
    try {
      photo = await this.options.draw(summaryChart(summary, target.language));
    } catch (error) {
      // The figures matter more than the picture: they go without it.
      this.logger.warn({ err: error, chat_id: target.chatId }, 'daily summary: no chart');
    }
    const claimed = await this.db.transaction(async (tx) => {
      const rows = await queryRows<{ claimed: boolean }>(
        tx,
        sql`UPDATE keitaro_summaries SET last_day = ${day}::date
            WHERE profile_id = ${target.profileId} AND chat_id = ${target.chatId}
              AND topic_id = ${target.topicId} AND enabled
              AND (last_day IS NULL OR last_day < ${day}::date)
            RETURNING true AS claimed`,
      );
      if (rows.length === 0) return false; // another instance, or a run before a restart
      await enqueueSummary(tx, {
        profileId: target.profileId,
        chatId: target.chatId,
        topicId: target.topicId === 0 ? null : target.topicId,
        language: target.language,
        body,
        photo,
      });
      return true;
    });
    if (claimed) {
      this.logger.info({ chat_id: target.chatId, day }, 'daily summary queued');
      this.wake(target.chatId);
    }
    return claimed;
  }
}

async function readTargets(db: Db): Promise<SummaryTarget[]> {
  const rows = await queryRows<{
    profileId: number;
    chatId: string | number;
    topicId: number;
    sendAt: number;
    lastDay: string | null;
    timeZone: string;
    language: Language;
    withBuyers: boolean;
  }>(
    db,
    sql`SELECT s.profile_id AS "profileId", s.chat_id AS "chatId", s.topic_id AS "topicId",
          s.send_at AS "sendAt", s.last_day::text AS "lastDay", p.timezone AS "timeZone",
          coalesce(s.language, p.language) AS language, p.buyer_field IS NOT NULL AS "withBuyers"
        FROM keitaro_summaries s JOIN keitaro_profiles p ON p.id = s.profile_id
        WHERE s.enabled AND p.enabled`,
  );
  return rows.map((row) => ({ ...row, chatId: Number(row.chatId) }));
}

export interface SummarySetting {
  profileId: number;
  chatId: number;
  /** 0 or omitted: the chat itself. */
  topicId?: number;
  /** Minutes after local midnight; null turns the summary off. */
  sendAt: number | null;
  language?: Language | null;
}

/**
 * Turns a chat's summary on (at `sendAt`) or off. Turned on, the first one comes at the next
 * send time: the day already due is marked done, so nobody gets yesterday's summary the
 * moment they ask for tomorrow's. A new time for one that is on keeps what was sent.
 */
export async function setSummary(db: Db, setting: SummarySetting, now = new Date()) {
  const topicId = setting.topicId ?? 0;
  if (setting.sendAt === null) {
    await db.execute(
      sql`UPDATE keitaro_summaries SET enabled = false, updated_at = now()
          WHERE profile_id = ${setting.profileId} AND chat_id = ${setting.chatId}
            AND topic_id = ${topicId}`,
    );
    return;
  }
  const [profile] = await queryRows<{ timezone: string }>(
    db,
    sql`SELECT timezone FROM keitaro_profiles WHERE id = ${setting.profileId}`,
  );
  if (!profile) throw new Error(`No profile with id ${setting.profileId}.`);
  const done = dueDay(now, profile.timezone, setting.sendAt);
  await db.execute(
    sql`INSERT INTO keitaro_summaries (profile_id, chat_id, topic_id, send_at, language, last_day)
        VALUES (${setting.profileId}, ${setting.chatId}, ${topicId}, ${setting.sendAt},
          ${setting.language ?? null}, ${done}::date)
        ON CONFLICT ON CONSTRAINT keitaro_summaries_pkey DO UPDATE SET
          send_at = excluded.send_at, language = excluded.language, updated_at = now(),
          last_day = CASE WHEN keitaro_summaries.enabled THEN keitaro_summaries.last_day
                          ELSE excluded.last_day END,
          enabled = true`,
  );
}

export interface SummaryState {
  chatId: number;
  topicId: number;
  /** Null: off. */
  sendAt: number | null;
}

/** The summaries a profile has ever had turned on, and their time (null: off now). */
export async function summariesOf(db: Db, profileId: number): Promise<SummaryState[]> {
  const rows = await queryRows<{ chatId: string | number; topicId: number; sendAt: number | null }>(
    db,
    sql`SELECT chat_id AS "chatId", topic_id AS "topicId",
          CASE WHEN enabled THEN send_at END AS "sendAt"
        FROM keitaro_summaries WHERE profile_id = ${profileId}`,
  );
  return rows.map((row) => ({ ...row, chatId: Number(row.chatId) }));
}

/** "09:00". */
export function formatClock(minutes: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** "09:00", "9:30", "21.15" → minutes after midnight; anything else → undefined. */
export function parseClock(text: string): number | undefined {
  const match = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/.exec(text.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}
