import { eq, sql } from 'drizzle-orm';
import { type Api, type Bot, type Context, GrammyError } from 'grammy';
import type { Db } from '../db/client.ts';
import { botUsers, chats } from '../db/schema.ts';
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
import { chatLabel, diagnose, diagnosisScreen, sendTest, watchTest } from './diagnostics.ts';
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
  /** New deliveries (a test) or a chat the bot can post to again. */
  wake: (chatId: number) => void;
  chatReachable: (chatId: number) => Promise<unknown>;
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

/** What the bot learns of a chat when it is connected: its title, for readable screens. */
async function rememberChat(
  db: Db,
  chatId: number,
  title: string | null,
  isForum: boolean,
): Promise<void> {
  await db
    .insert(chats)
    .values({ chatId, type: chatId > 0 ? 'private' : 'group', title, isForum })
    .onConflictDoUpdate({ target: chats.chatId, set: { title, isForum, updatedAt: sql`now()` } });
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

/** Anyone can talk to the bot: a bound keeps one person from filling the database. */
export const MAX_PROFILES_PER_OWNER = 20;

const PROFILE_ACTION = /^p:(\d{1,10})(?::(url|tog|lang|test|diag|rot!?|del!?))?(?::(ru|uk|en))?$/;

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
  const connect = async (ctx: Context, profileId: number | null, topicId: number | null) => {
    const lang = await languageOf(db, ctx);
    const chat = ctx.chat;
    const userId = ctx.from?.id;
    if (!chat || userId === undefined) return;
    const where = topicId === null ? {} : { message_thread_id: topicId };
    if (chat.type === 'private') return void (await ctx.reply(t(lang, 'bot-connect-private')));
    const member = await ctx.api.getChatMember(chat.id, userId);
    if (member.status !== 'administrator' && member.status !== 'creator') {
      return void (await ctx.reply(t(lang, 'bot-connect-not-admin'), where));
    }
    const mine = await listProfiles(db, { ownerUserId: userId });
    const chosen =
      profileId === null
        ? mine.length === 1
          ? mine[0]
          : undefined
        : mine.find((p) => p.id === profileId);
    if (mine.length === 0) return void (await ctx.reply(t(lang, 'bot-connect-no-profile'), where));
    if (!chosen) {
      // Names only: no secret is ever shown in a group.
      return void (await ctx.reply(t(lang, 'bot-connect-choose'), {
        ...where,
        reply_markup: {
          inline_keyboard: mine.map((p) => [{ text: p.name, callback_data: `c:${p.id}` }]),
        },
      }));
    }
    await updateProfile(db, chosen.id, { defaultChatId: chat.id, defaultTopicId: topicId });
    await rememberChat(
      db,
      chat.id,
      'title' in chat ? chat.title : null,
      'is_forum' in chat ? Boolean(chat.is_forum) : false,
    );
    await deps.chatReachable(chat.id);
    deps.onProfilesChanged();
    deps.logger.info(
      { profile_id: chosen.id, chat_id: chat.id, topic_id: topicId },
      'chat connected in the bot',
    );
    const done = topicId === null ? 'bot-connect-done' : 'bot-connect-topic-done';
    await ctx.reply(t(lang, done, { name: escapeHtml(chosen.name) }), {
      ...where,
      parse_mode: 'HTML',
    });
  };
  bot.command('connect', async (ctx) =>
    connect(
      ctx,
      null,
      ctx.message?.is_topic_message ? (ctx.message.message_thread_id ?? null) : null,
    ),
  );
  bot.callbackQuery(/^c:(\d{1,10})$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    const message = ctx.callbackQuery.message;
    const topicId = message?.is_topic_message ? (message.message_thread_id ?? null) : null;
    await connect(ctx, Number(ctx.match[1]), topicId);
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
      if (count >= MAX_PROFILES_PER_OWNER) {
        await ctx.answerCallbackQuery({
          text: t(lang, 'bot-profile-limit', { max: MAX_PROFILES_PER_OWNER }),
          show_alert: true,
        });
        return;
      }
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
      case 'diag':
        return show(ctx, diagnosisScreen(lang, await diagnose(db, profile), Date.now()));
      case 'test': {
        const sent = await sendTest(db, profile);
        if (!sent) return show(ctx, screens.profileScreen(lang, profile));
        deps.wake(sent.chatId);
        const target = chatLabel(lang, profile, sent.chatId, sent.topicId);
        // The screen itself reports, edited in place: a new message here would compete with
        // the test for the chat's one message a second.
        const back = [[{ text: t(lang, 'bot-back'), callback_data: `p:${profile.id}` }]];
        await show(ctx, { text: t(lang, 'bot-test-sent', { target }), keyboard: back });
        const screen = ctx.callbackQuery.message;
        // Reported in the background: updates keep flowing while the test travels.
        void watchTest(db, sent.eventId)
          .then(async (result) => {
            const text =
              result.kind === 'ok'
                ? t(lang, 'bot-test-ok', { target })
                : t(lang, `bot-test-${result.kind}`, { target, reason: escapeHtml(result.reason) });
            if (screen) {
              await ctx.api.editMessageText(screen.chat.id, screen.message_id, text, {
                parse_mode: 'HTML',
                reply_markup: { inline_keyboard: back },
              });
            }
          })
          .catch((error: unknown) => deps.logger.warn({ err: error }, 'reporting a test failed'));
        return;
      }
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
