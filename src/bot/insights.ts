import type { Bot } from 'grammy';
import type { Db } from '../db/client.ts';
import type { Logger } from '../log.ts';
import { t } from '../messages/i18n.ts';
import { escapeHtml } from '../messages/render.ts';
import { listProfiles } from '../profiles/repository.ts';
import { formatClock, setSummary } from '../stats/schedule.ts';
import { changeStatsSettings } from '../stats/settings.ts';
import type { Callback, Pressed } from './callback.ts';
import { type BotContext, show } from './context.ts';
import {
  buyerFieldView,
  buyerNamesView,
  insightsView,
  statsChoiceScreen,
  statsView,
  summariesView,
  summaryTargetView,
  ZONES,
  zoneScreen,
} from './insights-screens.ts';
import * as screens from './screens.ts';
import { profileFor, profilesView, type Viewer } from './views.ts';
import type { FieldArgs } from './wizards.ts';

/**
 * The buttons of 📊 Statistics and its settings, in the private chat. Each re-checks that the
 * profile is the person's (or that they administer the service), as every button does.
 */

export interface InsightsDeps {
  db: Db;
  logger: Logger;
  viewerOf: (ctx: BotContext) => Viewer;
  /** Opens the text step of a setting (a typed zone, time or buyer name). */
  ask: (ctx: BotContext, args: FieldArgs) => Promise<void>;
  /** Settings changed: the daily summaries' schedule is read again. */
  onChanged: () => void;
  now?: () => Date;
}

export function registerInsights(
  bot: Bot<BotContext>,
  pressed: <K extends Callback['kind']>(
    kind: K,
  ) => (ctx: BotContext) => ctx is BotContext & { pressed: Pressed<K> },
  deps: InsightsDeps,
): void {
  const { db, logger } = deps;
  const now = deps.now ?? (() => new Date());

  bot.filter(pressed('statistics'), async (ctx) => {
    await ctx.answerCallbackQuery();
    const viewer = deps.viewerOf(ctx);
    const profiles = await listProfiles(db, { ownerUserId: viewer.userId });
    if (profiles.length === 0) {
      const screen = await profilesView(db, ctx.lang, viewer);
      return show(ctx, screens.withNotice(screen, t(ctx.lang, 'bot-stats-no-profiles')));
    }
    const [only] = profiles;
    if (profiles.length === 1 && only)
      return show(ctx, await statsView(db, ctx.lang, only, 'today', undefined, now()));
    await show(ctx, statsChoiceScreen(ctx.lang, profiles));
  });

  /** The profile a button names, when it is the person's; an alert otherwise. */
  const profileOf = async (ctx: BotContext, id: number) => {
    const profile = await profileFor(db, deps.viewerOf(ctx), id);
    if (!profile) {
      logger.warn({ user: ctx.from?.id, profile_id: id }, 'bot: a profile that is not theirs');
      await ctx.answerCallbackQuery({ text: t(ctx.lang, 'bot-not-found'), show_alert: true });
    }
    return profile;
  };

  bot.filter(pressed('stats'), async (ctx) => {
    const { id, period, by } = ctx.pressed;
    const profile = await profileOf(ctx, id);
    if (!profile) return;
    await ctx.answerCallbackQuery();
    await show(ctx, await statsView(db, ctx.lang, profile, period, by, now()));
  });

  bot.filter(pressed('insights'), async (ctx) => {
    const lang = ctx.lang;
    const { id, set } = ctx.pressed;
    const profile = await profileOf(ctx, id);
    if (!profile) return;
    const settings = async (notice: string) => {
      const updated = (await profileFor(db, deps.viewerOf(ctx), id)) ?? profile;
      await show(ctx, screens.withNotice(await insightsView(db, lang, updated, now()), notice));
    };
    switch (set?.what) {
      case undefined:
        await ctx.answerCallbackQuery();
        return show(ctx, await insightsView(db, lang, profile, now()));
      case 'tz': {
        const zone = typeof set.zone === 'number' ? ZONES[set.zone] : undefined;
        await ctx.answerCallbackQuery();
        if (set.zone === 'type') return deps.ask(ctx, { profileId: id, field: 'tz' });
        if (!zone) return show(ctx, zoneScreen(lang, profile, now()));
        // The figures are counted again under the new zone's days.
        await changeStatsSettings(db, id, { timezone: zone });
        deps.onChanged();
        return settings(t(lang, 'bot-zone-saved', { zone }));
      }
      case 'bf': {
        await ctx.answerCallbackQuery();
        if (set.field === undefined) return show(ctx, await buyerFieldView(db, lang, profile));
        const buyerField = set.field === 'none' ? null : set.field;
        await changeStatsSettings(db, id, { buyerField });
        deps.onChanged();
        return settings(
          buyerField === null
            ? t(lang, 'bot-buyer-field-cleared')
            : t(lang, 'bot-buyer-field-saved', { field: buyerField }),
        );
      }
      case 'bn':
        await ctx.answerCallbackQuery();
        if (set.add) return deps.ask(ctx, { profileId: id, field: 'bn' });
        return show(ctx, await buyerNamesView(db, lang, profile, now()));
      case 'sm': {
        const { target, at } = set;
        if (!target) {
          await ctx.answerCallbackQuery();
          return show(ctx, await summariesView(db, lang, profile));
        }
        // Only a chat the profile sends to: a forged button must not aim summaries elsewhere.
        const screen = await summaryTargetView(db, lang, profile, target);
        if (!screen) {
          await ctx.answerCallbackQuery({ text: t(lang, 'bot-stale'), show_alert: true });
          return;
        }
        await ctx.answerCallbackQuery();
        if (at === undefined) return show(ctx, screen);
        if (at === 'type') return deps.ask(ctx, { profileId: id, field: 'sum', target });
        const sendAt = at === 'off' ? null : at;
        await setSummary(db, { profileId: id, ...target, sendAt }, now());
        deps.onChanged();
        logger.info(
          { profile_id: id, chat_id: target.chatId, send_at: sendAt },
          'daily summary set in the bot',
        );
        const notice =
          sendAt === null
            ? t(lang, 'bot-summary-turned-off')
            : t(lang, 'bot-summary-turned-on', {
                time: formatClock(sendAt),
                zone: escapeHtml(profile.timezone),
              });
        return show(ctx, screens.withNotice(await summariesView(db, lang, profile), notice));
      }
    }
  });
}
