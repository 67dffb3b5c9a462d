import { eq, sql } from 'drizzle-orm';
import { type Api, type Bot, type Context, GrammyError } from 'grammy';
import type { Db } from '../db/client.ts';
import { botUsers } from '../db/schema.ts';
import type { Logger } from '../log.ts';
import { LANGUAGES, t } from '../messages/i18n.ts';
import { escapeHtml } from '../messages/render.ts';
import {
  createProfile,
  deleteProfile,
  getProfile,
  listProfiles,
  rotateSecret,
  updateProfile,
} from '../profiles/repository.ts';
import type { Language } from '../routing/route.ts';
import * as screens from './screens.ts';

/**
 * Profiles from Telegram: the main menu, the profile screens, the postback URL, a new secret,
 * on/off, notification language, delete. Every callback re-checks that the profile belongs to
 * the person pressing the button; screens with a secret are shown only in a private chat.
 */

export interface SetupDeps {
  db: Db;
  publicBaseUrl: string;
  logger: Logger;
  /** Changes to profiles made here apply to ingest at once. */
  onProfilesChanged: () => void;
}

function fromTelegram(code: string | undefined): Language {
  const base = (code ?? '').slice(0, 2).toLowerCase();
  return base === 'ru' || base === 'uk' ? base : 'en';
}

async function languageOf(db: Db, ctx: Context): Promise<Language> {
  const userId = ctx.from?.id;
  if (userId === undefined) return 'en';
  const [row] = await db.select().from(botUsers).where(eq(botUsers.userId, userId));
  return (row?.language as Language | null) ?? fromTelegram(ctx.from?.language_code);
}

async function setLanguage(db: Db, userId: number, language: Language): Promise<void> {
  await db
    .insert(botUsers)
    .values({ userId, language })
    .onConflictDoUpdate({ target: botUsers.userId, set: { language, updatedAt: sql`now()` } });
}

const options = (screen: screens.Screen) => ({
  parse_mode: 'HTML' as const,
  reply_markup: { inline_keyboard: screen.keyboard },
  link_preview_options: { is_disabled: true },
});

async function show(ctx: Context, screen: screens.Screen): Promise<void> {
  if (ctx.callbackQuery?.message) {
    try {
      await ctx.editMessageText(screen.text, options(screen));
      return;
    } catch (error) {
      // Pressing the same button twice changes nothing; an old message may be gone.
      if (error instanceof GrammyError && /not modified/.test(error.description)) return;
      if (!(error instanceof GrammyError && /not found|can't be edited/.test(error.description))) {
        throw error;
      }
    }
  }
  await ctx.reply(screen.text, options(screen));
}

export async function setCommands(api: Api): Promise<void> {
  for (const language of LANGUAGES) {
    const commands = (['start', 'help', 'language', 'cancel'] as const).map((command) => ({
      command,
      description: t(language, `bot-cmd-${command}`),
    }));
    // English is the default for every other app language.
    await api.setMyCommands(commands, language === 'en' ? {} : { language_code: language });
  }
}

const PROFILE_ACTION = /^p:(\d{1,10})(?::(url|tog|lang|rot!?|del!?))?(?::(ru|uk|en))?$/;

export function registerSetup(bot: Bot, deps: SetupDeps): void {
  const { db } = deps;
  const privateOnly = async (ctx: Context, lang: Language) => {
    if (ctx.chat?.type === 'private') return true;
    await ctx.reply(t(lang, 'bot-private-only'));
    return false;
  };

  bot.command('start', async (ctx) => {
    const lang = await languageOf(db, ctx);
    if (await privateOnly(ctx, lang)) await show(ctx, screens.mainMenu(lang));
  });
  bot.command('help', async (ctx) => show(ctx, screens.helpScreen(await languageOf(db, ctx))));
  bot.command('language', async (ctx) => {
    const lang = await languageOf(db, ctx);
    if (await privateOnly(ctx, lang)) await show(ctx, screens.languageScreen(lang));
  });
  bot.command('cancel', async (ctx) => {
    await ctx.reply(t(await languageOf(db, ctx), 'bot-cancelled'));
  });

  bot.on('callback_query:data', async (ctx) => {
    const userId = ctx.from.id;
    let lang = await languageOf(db, ctx);
    const data = ctx.callbackQuery.data;
    if (ctx.chat?.type !== 'private') {
      await ctx.answerCallbackQuery({ text: t(lang, 'bot-private-only'), show_alert: true });
      return;
    }
    if (data === 'm')
      return ctx.answerCallbackQuery().then(() => show(ctx, screens.mainMenu(lang)));
    if (data === 'h')
      return ctx.answerCallbackQuery().then(() => show(ctx, screens.helpScreen(lang)));
    if (data === 'l')
      return ctx.answerCallbackQuery().then(() => show(ctx, screens.languageScreen(lang)));
    const chosen = /^l:(ru|uk|en)$/.exec(data)?.[1] as Language | undefined;
    if (chosen) {
      await setLanguage(db, userId, chosen);
      lang = chosen;
      await ctx.answerCallbackQuery();
      return show(ctx, screens.mainMenu(lang));
    }
    if (data === 'k') {
      await ctx.answerCallbackQuery();
      return show(
        ctx,
        screens.profilesScreen(lang, await listProfiles(db, { ownerUserId: userId })),
      );
    }
    if (data === 'pn') {
      const count = (await listProfiles(db, { ownerUserId: userId })).length;
      const profile = await createProfile(db, {
        ownerUserId: userId,
        name: count === 0 ? 'Keitaro' : `Keitaro ${count + 1}`,
        language: lang,
      });
      deps.onProfilesChanged();
      deps.logger.info({ profile_id: profile.id, owner: userId }, 'profile created in the bot');
      await ctx.answerCallbackQuery();
      return show(ctx, screens.urlScreen(lang, profile, deps.publicBaseUrl));
    }
    const match = PROFILE_ACTION.exec(data);
    if (!match) {
      // A button from an old version of a screen.
      await ctx.answerCallbackQuery({ text: t(lang, 'bot-not-found') });
      return;
    }
    const id = Number(match[1]);
    const action = match[2];
    const profile = await getProfile(db, id);
    if (!profile || profile.ownerUserId !== userId) {
      deps.logger.warn({ user: userId, profile_id: id }, 'bot: a profile that is not theirs');
      await ctx.answerCallbackQuery({ text: t(lang, 'bot-not-found'), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    switch (action) {
      case undefined:
        return show(ctx, screens.profileScreen(lang, profile));
      case 'url':
        return show(ctx, screens.urlScreen(lang, profile, deps.publicBaseUrl));
      case 'rot':
      case 'del':
        return show(ctx, screens.confirmScreen(lang, profile, action));
      case 'rot!': {
        const rotated = await rotateSecret(db, id);
        deps.onProfilesChanged();
        if (!rotated)
          return show(
            ctx,
            screens.profilesScreen(lang, await listProfiles(db, { ownerUserId: userId })),
          );
        return show(
          ctx,
          screens.urlScreen(lang, rotated, deps.publicBaseUrl, t(lang, 'bot-rotated')),
        );
      }
      case 'del!': {
        await deleteProfile(db, id);
        deps.onProfilesChanged();
        const rest = await listProfiles(db, { ownerUserId: userId });
        const screen = screens.profilesScreen(lang, rest);
        return show(ctx, {
          ...screen,
          text: `${t(lang, 'bot-deleted', { name: escapeHtml(profile.name) })}\n\n${screen.text}`,
        });
      }
      case 'tog': {
        const updated = await updateProfile(db, id, { enabled: !profile.enabled });
        deps.onProfilesChanged();
        return show(ctx, screens.profileScreen(lang, updated ?? profile));
      }
      case 'lang': {
        const language = match[3] as Language | undefined;
        if (!language) return show(ctx, screens.notifyLanguageScreen(lang, profile));
        const updated = await updateProfile(db, id, { language });
        deps.onProfilesChanged();
        return show(ctx, screens.profileScreen(lang, updated ?? profile));
      }
    }
  });
}
