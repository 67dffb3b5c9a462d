import type { Bot } from 'grammy';
import type { Db } from '../db/client.ts';
import type { ProfileRow } from '../db/schema.ts';
import type { Logger } from '../log.ts';
import { t } from '../messages/i18n.ts';
import { escapeHtml } from '../messages/render.ts';
import { listProfiles } from '../profiles/repository.ts';
import type { Language } from '../routing/route.ts';
import { type Period, periodRange } from '../stats/days.ts';
import type { StatsScope } from '../stats/report.ts';
import { formatDay, loadSummary, renderSummary } from '../stats/summary.ts';
import type { BotContext } from './context.ts';
import { profilesOfChat } from './targets.ts';

/**
 * `/stats [yesterday|7d|30d]`. In a group: the figures of what that chat receives (in a
 * forum topic, that topic's), never the whole profile's, so a buyer's group does not see the
 * team's revenue; anyone in the chat may ask, as they already see each conversion. In private:
 * the whole of each profile the person owns.
 */

/** Under Telegram's 4,096, with room for what HTML entities add back. */
const MESSAGE_MAX = 3_500;

const WORDS: Record<string, Period> = {
  '': 'today',
  today: 'today',
  сегодня: 'today',
  сьогодні: 'today',
  yesterday: 'yesterday',
  вчера: 'yesterday',
  вчора: 'yesterday',
  '7d': '7d',
  '7': '7d',
  week: '7d',
  '30d': '30d',
  '30': '30d',
  month: '30d',
};

export function periodOf(text: string): Period | undefined {
  return WORDS[text.trim().toLowerCase()];
}

function title(period: Period, from: string, to: string, language: Language): string {
  switch (period) {
    case 'today':
      return t(language, 'stats-title-today', { day: formatDay(to, language) });
    case 'yesterday':
      return t(language, 'stats-title-yesterday', { day: formatDay(to, language) });
    default:
      return t(language, 'stats-title-days', {
        days: period === '7d' ? 7 : 30,
        from: formatDay(from, language),
        to: formatDay(to, language),
      });
  }
}

/**
 * One profile's figures for `period`, in the profile's language (as a chat reads them) unless
 * told otherwise; `lists`: with its top campaigns, countries and buyers.
 */
export async function statsMessage(
  db: Db,
  profile: ProfileRow,
  scope: StatsScope,
  period: Period,
  now: Date,
  options: { named?: boolean; language?: Language; lists?: boolean } = {},
): Promise<string> {
  const range = periodRange(period, now, profile.timezone);
  const language = options.language ?? (profile.language as Language);
  const summary = await loadSummary(db, scope, range, profile.buyerField !== null, false);
  const shown =
    options.lists === false ? { ...summary, campaigns: [], countries: [], buyers: null } : summary;
  const text = renderSummary(shown, language, title(period, range.from, range.to, language));
  return options.named ? `<b>${escapeHtml(profile.name)}</b>\n${text}` : text;
}

export function registerStats(
  bot: Bot<BotContext>,
  deps: { db: Db; logger: Logger; now?: () => Date },
): void {
  const now = deps.now ?? (() => new Date());
  bot.command('stats', async (ctx) => {
    const period = periodOf(ctx.match);
    if (!period) return void (await ctx.reply(t(ctx.lang, 'bot-stats-usage')));
    const chat = ctx.chat;
    const isPrivate = chat.type === 'private';
    const profiles = isPrivate
      ? await listProfiles(deps.db, { ownerUserId: ctx.from?.id ?? 0 })
      : await profilesOfChat(deps.db, chat.id);
    if (profiles.length === 0) {
      const why = isPrivate ? 'bot-stats-no-profiles' : 'bot-stats-not-bound';
      return void (await ctx.reply(t(ctx.lang, why)));
    }
    const topicId = ctx.message?.is_topic_message ? ctx.message.message_thread_id : undefined;
    const answer = (text: string) =>
      ctx.reply(text, {
        parse_mode: 'HTML',
        ...(topicId === undefined ? {} : { message_thread_id: topicId }),
      });
    const parts: string[] = [];
    for (const profile of profiles) {
      const scope: StatsScope = isPrivate
        ? { profileId: profile.id }
        : { profileId: profile.id, chatId: chat.id, topicId: topicId ?? 0 };
      parts.push(
        await statsMessage(deps.db, profile, scope, period, now(), { named: profiles.length > 1 }),
      );
    }
    // One message while it fits Telegram's 4,096 characters; else one per profile.
    const joined = parts.join('\n\n');
    if (joined.length <= MESSAGE_MAX) await answer(joined);
    else for (const part of parts) await answer(part);
  });
}
