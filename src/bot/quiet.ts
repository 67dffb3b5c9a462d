import type { Bot } from 'grammy';
import { setQuietHours } from '../delivery/calm.ts';
import { t } from '../messages/i18n.ts';
import { escapeHtml } from '../messages/render.ts';
import { type BotContext, type Presses, show } from './context.ts';
import type { InsightsDeps } from './insights.ts';
import { quietTargetView, quietView, windowText } from './quiet-screens.ts';
import { withNotice } from './screens.ts';
import { pressedProfile, profileFor } from './views.ts';

/**
 * The buttons of 🌙 Quiet hours, in the private chat. Each re-checks that the profile is the
 * person's, and that the chat it names is one the profile sends to: a forged button can aim
 * quiet hours nowhere else.
 */

export function registerQuiet(bot: Bot<BotContext>, pressed: Presses, deps: InsightsDeps): void {
  const { db, logger } = deps;
  const now = deps.now ?? (() => new Date());

  bot.filter(pressed('quiet'), async (ctx) => {
    const lang = ctx.lang;
    const { id, target, set } = ctx.pressed;
    const viewer = deps.viewerOf(ctx);
    const profile = await pressedProfile(db, ctx, viewer, id, logger);
    if (!profile) return;
    if (!target) {
      await ctx.answerCallbackQuery();
      return show(ctx, await quietView(db, lang, profile, now()));
    }
    const found = await quietTargetView(db, lang, profile, target);
    if (!found) {
      logger.warn(
        { user: viewer.userId, profile_id: id, chat_id: target.chatId },
        'bot: quiet hours of a chat the profile does not send to',
      );
      await ctx.answerCallbackQuery({ text: t(lang, 'bot-stale'), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    if (set === undefined) return show(ctx, found.screen);
    if (set === 'type') return deps.ask(ctx, { profileId: id, field: 'qh', target });
    const where = { profileId: id, ...target };
    const { hours, label } = found;
    let notice: string;
    if (set === 'off') {
      await setQuietHours(db, where, null);
      notice = t(lang, 'bot-quiet-turned-off', { target: label });
    } else if ('deposits' in set) {
      // Whether deposits come through belongs to hours that are set.
      if (!hours) return show(ctx, found.screen);
      await setQuietHours(db, where, { ...hours, depositsThrough: set.deposits });
      deps.onChanged();
      const again = await quietTargetView(db, lang, profile, target);
      return show(ctx, again?.screen ?? found.screen);
    } else {
      await setQuietHours(db, where, { fromMin: set.from, toMin: set.to });
      notice = t(lang, 'bot-quiet-saved', {
        target: label,
        window: windowText(lang, set.from, set.to),
        zone: escapeHtml(profile.timezone),
      });
    }
    deps.onChanged();
    logger.info(
      { profile_id: id, chat_id: target.chatId, topic_id: target.topicId, set },
      'quiet hours set in the bot',
    );
    const updated = (await profileFor(db, viewer, id)) ?? profile;
    await show(ctx, withNotice(await quietView(db, lang, updated, now()), notice));
  });
}
