import { sql } from 'drizzle-orm';
import type { Bot } from 'grammy';
import type { User } from 'grammy/types';
import { type Db, queryRows } from '../db/client.ts';
import {
  type CampaignKey,
  campaignPausedUntil,
  pauseCampaign,
  resumeCampaign,
} from '../delivery/calm.ts';
import type { Logger } from '../log.ts';
import { t } from '../messages/i18n.ts';
import { escapeHtml } from '../messages/render.ts';
import type { Language } from '../routing/route.ts';
import { localClock } from '../stats/days.ts';
import { formatClock } from '../stats/schedule.ts';
import { type Callback, encode } from './callback.ts';
import type { BotContext } from './context.ts';
import { CHAT_ADMIN } from './targets.ts';

/**
 * 🔕 under a conversion in a group (delivery/campaign-button.ts): pauses that campaign in that
 * chat for an hour; ▶️ under the answer resumes it. Its conversions there wait meanwhile and
 * come as one message after (delivery/calm.ts), other campaigns and other chats go on as
 * before. The button carries only the event's id: the campaign, the chat it was sent to, the
 * profile and who may press are read again here, and only the chat's administrators, the
 * profile's owner and the service's administrators may.
 */

export interface CampaignPauseDeps {
  db: Db;
  logger: Logger;
  isAdmin: (userId: number) => boolean;
  /** A pause began or ended: ingest and the release of what waited see it at once. */
  onChanged: () => void;
  now?: () => Date;
}

/** How long the button pauses a campaign. */
export const CAMPAIGN_PAUSE_SEC = 3600;

interface Notified {
  profileId: number;
  ownerUserId: number;
  timezone: string;
  pauseButton: boolean;
  campaignId: string;
  campaignName: string | null;
  /** The language the notification was written in: the chat's. */
  language: Language;
}

/** The conversion, when it was notified in this chat and has a campaign. */
async function notifiedIn(db: Db, eventId: number, chatId: number): Promise<Notified | undefined> {
  const [row] = await queryRows<{
    profile_id: number;
    owner_user_id: string | number;
    timezone: string;
    pause_button: boolean;
    campaign_id: string;
    campaign_name: string | null;
    language: string;
  }>(
    db,
    sql`SELECT e.profile_id, p.owner_user_id, p.timezone, p.pause_button, e.campaign_id,
          e.campaign_name, d.language
        FROM keitaro_events e
        JOIN keitaro_deliveries d ON d.event_id = e.id AND d.chat_id = ${chatId}
        JOIN keitaro_profiles p ON p.id = e.profile_id
        WHERE e.id = ${eventId} AND e.campaign_id IS NOT NULL LIMIT 1`,
  );
  if (!row) return undefined;
  return {
    profileId: Number(row.profile_id),
    ownerUserId: Number(row.owner_user_id),
    timezone: row.timezone,
    pauseButton: row.pause_button,
    campaignId: row.campaign_id,
    campaignName: row.campaign_name,
    language: row.language as Language,
  };
}

const campaignText = (c: Notified) =>
  c.campaignName ? `${c.campaignName} (${c.campaignId})` : c.campaignId;
const personText = (user: User) => [user.first_name, user.last_name].filter(Boolean).join(' ');

export function registerCampaignPause(
  bot: Bot<BotContext>,
  pressed: (ctx: BotContext) => ctx is BotContext & {
    pressed: Extract<Callback, { kind: 'campaign' }>;
    from: User;
  },
  deps: CampaignPauseDeps,
): void {
  const { db, logger } = deps;
  const now = deps.now ?? (() => new Date());

  /** The owner, the service's administrators, and the chat's administrators. */
  const mayPause = async (ctx: BotContext, chatId: number, c: Notified) => {
    const userId = ctx.from?.id ?? 0;
    if (userId === c.ownerUserId || deps.isAdmin(userId)) return true;
    try {
      return CHAT_ADMIN.has((await ctx.api.getChatMember(chatId, userId)).status);
    } catch (error) {
      logger.warn({ err: error, chat_id: chatId }, 'could not check who pressed a pause button');
      return false;
    }
  };

  bot.filter(pressed, async (ctx) => {
    const { eventId, action } = ctx.pressed;
    const chat = ctx.chat;
    const message = ctx.callbackQuery?.message;
    const refuse = (id: string, args?: Record<string, string>) =>
      ctx.answerCallbackQuery({ text: t(ctx.lang, id, args), show_alert: true });
    const c = chat && chat.type !== 'private' ? await notifiedIn(db, eventId, chat.id) : undefined;
    // A resume stays possible after the button was turned off: a pause is never stranded.
    if (!chat || !message || !c || (action === undefined && !c.pauseButton))
      return void (await refuse('campaign-button-gone'));
    if (!(await mayPause(ctx, chat.id, c))) {
      logger.info(
        { user: ctx.from.id, chat_id: chat.id, profile_id: c.profileId },
        'pause button refused: not an administrator of the chat',
      );
      return void (await refuse('campaign-not-allowed'));
    }
    const key: CampaignKey = { profileId: c.profileId, chatId: chat.id, campaignId: c.campaignId };
    const at = now();
    const lang = c.language;
    const args = { user: escapeHtml(personText(ctx.from)), campaign: escapeHtml(campaignText(c)) };
    const clock = (until: Date) => formatClock(localClock(until, c.timezone).minutes);
    if (action === 'go') {
      const resumed = await resumeCampaign(db, key, at);
      deps.onChanged();
      await ctx.answerCallbackQuery();
      logger.info({ ...key, user: ctx.from.id }, 'campaign resumed in a group');
      await ctx.editMessageText(
        t(lang, resumed ? 'campaign-resumed' : 'campaign-pause-ended', args),
        {
          parse_mode: 'HTML',
        },
      );
      return;
    }
    const running = await campaignPausedUntil(db, key, at);
    if (running)
      return void (await refuse('campaign-already-paused', {
        campaign: campaignText(c),
        until: clock(running),
      }));
    const until = await pauseCampaign(db, key, CAMPAIGN_PAUSE_SEC, { userId: ctx.from.id, at });
    deps.onChanged();
    await ctx.answerCallbackQuery();
    logger.info({ ...key, user: ctx.from.id, until }, 'campaign paused in a group');
    const resume = encode({ kind: 'campaign', eventId, action: 'go' });
    await ctx.api.sendMessage(
      chat.id,
      t(lang, 'campaign-paused', { ...args, until: clock(until), zone: escapeHtml(c.timezone) }),
      {
        parse_mode: 'HTML',
        ...(message.is_topic_message && message.message_thread_id !== undefined
          ? { message_thread_id: message.message_thread_id }
          : {}),
        reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true },
        reply_markup: {
          inline_keyboard: [[{ text: t(lang, 'campaign-resume-btn'), callback_data: resume }]],
        },
      },
    );
  });
}
