import { conversations } from '@grammyjs/conversations';
import type { Api, Bot } from 'grammy';
import type { User } from 'grammy/types';
import type { Db } from '../db/client.ts';
import type { ProfileRow, RouteRow } from '../db/schema.ts';
import { type PauseLength, pause, resume } from '../delivery/calm.ts';
import type { CheckOptions } from '../keitaro/admin-api.ts';
import type { Logger } from '../log.ts';
import { LANGUAGES, t } from '../messages/i18n.ts';
import { escapeHtml } from '../messages/render.ts';
import {
  createProfile,
  deleteProfile,
  listProfiles,
  listRoutes,
  moveRoute,
  removeRoute,
  rotateSecret,
  updateProfile,
  updateRoute,
} from '../profiles/repository.ts';
import type { Language } from '../routing/route.ts';
import { type Callback, decode, type Pressed } from './callback.ts';
import { registerCampaignPause } from './campaign-pause.ts';
import { registerCards } from './cards.ts';
import { registerConnect } from './connect.ts';
import { type BotContext, languageOf, setLanguage, show } from './context.ts';
import { diagnose, diagnosisScreen, sendTest, testResultText, watchTest } from './diagnostics.ts';
import { registerInsights } from './insights.ts';
import { registerKeitaro } from './keitaro.ts';
import { OncePerWindow } from './once.ts';
import { registerQuiet } from './quiet.ts';
import * as screens from './screens.ts';
import { registerStats } from './stats.ts';
import { loadNames, targetLabel } from './targets.ts';
import {
  limitsView,
  pressedProfile,
  profileFor,
  profilesView,
  profileView,
  routeFor,
  routesView,
  routeView,
  type Viewer,
} from './views.ts';
import { wizardStorage } from './wizard-storage.ts';
import { type FieldArgs, WIZARDS, wizards } from './wizards.ts';

/**
 * Everything a profile's owner can do, from Telegram: the menu, profiles, the postback URL,
 * where notifications go, routes, limits, languages, a test, diagnostics. Every button
 * re-checks that the profile belongs to the person pressing it (or that they administer the
 * service); screens with a secret are shown only in a private chat.
 */

export interface SetupDeps {
  db: Db;
  publicBaseUrl: string;
  logger: Logger;
  /** Telegram user ids that see and manage every profile (ADMIN_USER_IDS). */
  admins?: readonly number[];
  /** Changes to profiles made here apply to ingest at once. */
  onProfilesChanged: () => void;
  /** New deliveries (a test) or a chat the bot can post to again. */
  wake: (chatId: number) => void;
  chatReachable: (chatId: number) => Promise<unknown>;
  /** How long a second "➕ New profile" shows the profile just made (NEW_PROFILE_WINDOW_MS). */
  newProfileWindowMs?: number;
  now?: () => number;
  /** ENCRYPTION_KEY: Admin API keys typed in the bot are sealed with it before they are stored. */
  encryptionKey?: Buffer;
  /** The Admin API checks' fetch, timeouts and clock (tests). */
  keitaro?: CheckOptions;
}

const COMMANDS = ['start', 'stats', 'help', 'language', 'cancel'] as const;

export async function setCommands(api: Api): Promise<void> {
  for (const language of LANGUAGES) {
    const scope = language === 'en' ? {} : { language_code: language };
    const describe = (command: string) => ({
      command,
      description: t(language, `bot-cmd-${command}`),
    });
    // English is the default for every other app language.
    await api.setMyCommands(COMMANDS.map(describe), scope);
    await api.setMyCommands(['connect', 'stats', 'help'].map(describe), {
      ...scope,
      scope: { type: 'all_group_chats' },
    });
  }
}

/**
 * The command list of one person's private chat, in the language they chose with /language:
 * Telegram would otherwise describe the commands in their app's language.
 */
export async function setChatCommands(api: Api, chatId: number, language: Language) {
  await api.setMyCommands(
    COMMANDS.map((command) => ({ command, description: t(language, `bot-cmd-${command}`) })),
    { scope: { type: 'chat', chat_id: chatId } },
  );
}

/** Anyone can talk to the bot: bounds keep one person from filling the database. */
export const MAX_PROFILES_PER_OWNER = 20;
export const MAX_ROUTES_PER_PROFILE = 50;
/** A double tap arrives within this; a person making profiles on purpose is slower. */
export const NEW_PROFILE_WINDOW_MS = 5_000;

/** Routes a button press by its decoded data; `undefined` data goes on to the next handler. */
const pressed =
  <K extends Callback['kind']>(kind: K) =>
  (ctx: BotContext): ctx is BotContext & { pressed: Pressed<K>; from: User } => {
    const cb = decode(ctx.callbackQuery?.data ?? '');
    if (cb?.kind !== kind) return false;
    Object.assign(ctx, { pressed: cb });
    return true;
  };

export function registerSetup(bot: Bot<BotContext>, deps: SetupDeps): void {
  const { db, logger } = deps;
  const admins = new Set(deps.admins ?? []);
  const isAdmin = (userId: number) => admins.has(userId);
  const viewerOf = (ctx: BotContext): Viewer => {
    const userId = ctx.from?.id ?? 0;
    return { userId, admin: isAdmin(userId) };
  };

  bot.use(async (ctx, next) => {
    ctx.lang = await languageOf(db, ctx.from);
    await next();
  });
  bot.use(conversations<BotContext, BotContext>({ storage: wizardStorage(db) }));

  // These leave any wizard: they come before the wizards see the update.
  const privateOnly = async (ctx: BotContext) => {
    if (ctx.chat?.type === 'private') return true;
    await ctx.reply(t(ctx.lang, 'bot-private-only'));
    return false;
  };
  bot.command('start', async (ctx) => {
    await ctx.conversation.exitAll();
    if (await privateOnly(ctx)) await show(ctx, screens.mainMenu(ctx.lang));
  });
  bot.command('help', async (ctx) => {
    await ctx.conversation.exitAll();
    await show(ctx, screens.helpScreen(ctx.lang));
  });
  bot.command('language', async (ctx) => {
    await ctx.conversation.exitAll();
    if (await privateOnly(ctx)) await show(ctx, screens.languageScreen(ctx.lang));
  });
  bot.command('cancel', async (ctx) => {
    const active = Object.keys(ctx.conversation.active()).length > 0;
    await ctx.conversation.exitAll();
    const notice = t(ctx.lang, active ? 'bot-cancelled' : 'bot-nothing-to-cancel');
    if (ctx.chat.type !== 'private') return void (await ctx.reply(notice));
    // Also takes away the chat picker's keyboard, if it is showing.
    await ctx.reply(notice, { reply_markup: { remove_keyboard: true } });
    await show(ctx, screens.mainMenu(ctx.lang));
  });

  bot.use(
    ...wizards({
      db,
      api: bot.api,
      botId: () => bot.botInfo.id,
      isAdmin,
      logger,
      onProfilesChanged: deps.onProfilesChanged,
      chatReachable: deps.chatReachable,
      encryptionKey: deps.encryptionKey,
      keitaro: deps.keitaro,
    }),
  );
  const clock = deps.now && (() => new Date((deps.now as () => number)()));
  registerStats(bot, { db, logger, ...(clock ? { now: clock } : {}) });
  registerConnect(bot, {
    db,
    logger,
    isAdmin,
    onProfilesChanged: deps.onProfilesChanged,
    chatReachable: deps.chatReachable,
    routeWizard: WIZARDS.route,
    maxRoutes: MAX_ROUTES_PER_PROFILE,
  });

  // 🔕 under a notification in a group: the one button pressed outside the private chat
  // besides /connect's.
  registerCampaignPause(bot, pressed('campaign'), {
    db,
    logger,
    isAdmin,
    onChanged: deps.onProfilesChanged,
    ...(clock ? { now: clock } : {}),
  });

  // Every other button lives in the private chat: from anywhere else it is refused.
  bot.on('callback_query:data', async (ctx, next) => {
    if (ctx.chat?.type === 'private') return next();
    await ctx.answerCallbackQuery({ text: t(ctx.lang, 'bot-private-only'), show_alert: true });
  });

  /** 🔕 for an hour, until 09:00 on the profile's clock, until resumed; or ▶️ resume. */
  const pauseOrResume = async (
    what: 'profile' | 'route',
    id: number,
    action: 'pz1' | 'pz9' | 'pz0' | 'go',
  ) => {
    if (action === 'go') await resume(db, what, id);
    else {
      const length: PauseLength =
        action === 'pz1'
          ? { seconds: 3600 }
          : action === 'pz9'
            ? { untilLocal: 9 * 60 }
            : 'until-resumed';
      await pause(db, what, id, length, new Date(deps.now?.() ?? Date.now()));
    }
    deps.onProfilesChanged();
    logger.info(
      { [`${what}_id`]: id, action },
      `${what} ${action === 'go' ? 'resumed' : 'paused'} in the bot`,
    );
  };

  const enter = async (ctx: BotContext, wizard: string, args: unknown) => {
    await ctx.conversation.exitAll();
    await ctx.conversation.enter(wizard, args);
  };

  const settingsDeps = {
    db,
    logger,
    viewerOf,
    ask: (ctx: BotContext, args: FieldArgs) => enter(ctx, WIZARDS.field, args),
    askMention: (ctx: BotContext, profileId: number) => enter(ctx, WIZARDS.mention, profileId),
    onChanged: deps.onProfilesChanged,
    ...(clock ? { now: clock } : {}),
  };
  registerInsights(bot, pressed, settingsDeps);
  registerQuiet(bot, pressed, settingsDeps);

  registerCards(bot, pressed, { db, logger, viewerOf });
  registerKeitaro(bot, pressed, {
    db,
    logger,
    viewerOf,
    encryptionKey: deps.encryptionKey,
    keitaro: deps.keitaro,
    connect: (ctx, args) => enter(ctx, WIZARDS.keitaro, args),
  });

  const menu = (kind: 'menu' | 'help' | 'languages', screen: (lang: Language) => screens.Screen) =>
    bot.filter(pressed(kind), async (ctx) => {
      await ctx.answerCallbackQuery();
      await show(ctx, screen(ctx.lang));
    });
  menu('menu', screens.mainMenu);
  menu('help', screens.helpScreen);
  menu('languages', screens.languageScreen);
  bot.filter(pressed('language'), async (ctx) => {
    const lang = ctx.pressed.language;
    await setLanguage(db, ctx.from.id, lang);
    await ctx.answerCallbackQuery();
    if (ctx.chat?.type === 'private') {
      await setChatCommands(ctx.api, ctx.chat.id, lang).catch((error: unknown) =>
        logger.warn({ err: error }, 'could not set the command list of a chat'),
      );
    }
    await show(ctx, screens.mainMenu(lang));
  });
  bot.filter(pressed('profiles'), async (ctx) => {
    await ctx.answerCallbackQuery();
    await show(ctx, await profilesView(db, ctx.lang, viewerOf(ctx)));
  });
  const creating = new OncePerWindow<number, number>(
    deps.newProfileWindowMs ?? NEW_PROFILE_WINDOW_MS,
    deps.now,
  );
  bot.filter(pressed('new-profile'), async (ctx) => {
    const userId = ctx.from.id;
    // A double tap (or a second tap before the screen changed) shows the same new profile.
    const { value: id } = await creating.run(userId, async () => {
      const count = (await listProfiles(db, { ownerUserId: userId })).length;
      if (count >= MAX_PROFILES_PER_OWNER) return undefined;
      const profile = await createProfile(db, {
        ownerUserId: userId,
        name: count === 0 ? 'Keitaro' : `Keitaro ${count + 1}`,
        language: ctx.lang,
      });
      deps.onProfilesChanged();
      logger.info({ profile_id: profile.id, owner: userId }, 'profile created in the bot');
      return profile.id;
    });
    if (id === undefined) {
      await ctx.answerCallbackQuery({
        text: t(ctx.lang, 'bot-profile-limit', { max: MAX_PROFILES_PER_OWNER }),
        show_alert: true,
      });
      return;
    }
    await ctx.answerCallbackQuery();
    const profile = await profileFor(db, viewerOf(ctx), id);
    if (!profile) return show(ctx, await profilesView(db, ctx.lang, viewerOf(ctx)));
    await show(ctx, screens.urlScreen(ctx.lang, profile, deps.publicBaseUrl));
  });

  /** A sample deposit through the real path; the screen reports what became of it. */
  const runTest = async (ctx: BotContext, profile: ProfileRow, route?: RouteRow) => {
    const lang = ctx.lang;
    const back = [
      screens.backRow(
        lang,
        route ? { kind: 'route', id: route.id } : { kind: 'profile', id: profile.id },
      ),
    ];
    const sent = await sendTest(db, profile, route);
    if (!sent) return show(ctx, { text: t(lang, 'bot-test-off'), keyboard: back });
    deps.wake(sent.target.chatId);
    const { chatId, topicId } = sent.target;
    const names = await loadNames(db, [chatId]);
    const target = targetLabel(lang, profile.ownerUserId, chatId, topicId, names);
    // The screen itself reports, edited in place: a new message here would compete with
    // the test for the chat's one message a second.
    await show(ctx, { text: t(lang, 'bot-test-sent', { target }), keyboard: back });
    const screen = ctx.callbackQuery?.message;
    // Reported in the background: updates keep flowing while the test travels.
    void watchTest(db, sent.eventId, topicId)
      .then(async (result) => {
        if (!screen) return;
        await ctx.api.editMessageText(
          screen.chat.id,
          screen.message_id,
          testResultText(lang, result, target),
          {
            parse_mode: 'HTML',
            reply_markup: { inline_keyboard: back },
          },
        );
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'reporting a test failed'));
  };

  bot.filter(pressed('profile'), async (ctx) => {
    const lang = ctx.lang;
    const { id, action } = ctx.pressed;
    const profile = await pressedProfile(db, ctx, viewerOf(ctx), id, logger);
    if (!profile) return;
    if (action === 'rt+' && (await listRoutes(db, id)).length >= MAX_ROUTES_PER_PROFILE) {
      await ctx.answerCallbackQuery({
        text: t(lang, 'bot-route-limit', { max: MAX_ROUTES_PER_PROFILE }),
        show_alert: true,
      });
      return;
    }
    await ctx.answerCallbackQuery();
    const pauseView = (p: ProfileRow) =>
      screens.pauseScreen(lang, 'profile', id, escapeHtml(p.name), p.pauseButton);
    const changed = async (patch: Parameters<typeof updateProfile>[2]) => {
      const updated = await updateProfile(db, id, patch);
      deps.onProfilesChanged();
      return updated ?? profile;
    };
    switch (action) {
      case undefined:
        return show(ctx, await profileView(db, lang, profile));
      case 'url':
        return show(ctx, screens.urlScreen(lang, profile, deps.publicBaseUrl));
      case 'how':
        return show(ctx, screens.keitaroStepsScreen(lang, profile, deps.publicBaseUrl));
      case 'to':
        return enter(ctx, WIZARDS.target, id);
      case 'rt':
        return show(ctx, await routesView(db, lang, profile));
      case 'rt+':
        return enter(ctx, WIZARDS.route, { profileId: id });
      case 'test':
        return runTest(ctx, profile);
      case 'diag': {
        const live = { api: ctx.api, botId: ctx.me.id };
        return show(ctx, diagnosisScreen(lang, await diagnose(db, profile, live), Date.now()));
      }
      case 'lim':
        return show(ctx, limitsView(lang, profile));
      case 'ren':
        return enter(ctx, WIZARDS.field, { profileId: id, field: 'name' });
      case 'rps':
      case 'ttl':
        return enter(ctx, WIZARDS.field, { profileId: id, field: action });
      case 'rot':
      case 'del':
        return show(ctx, screens.confirmScreen(lang, profile, action));
      case 'rot!': {
        const rotated = await rotateSecret(db, id);
        deps.onProfilesChanged();
        logger.info({ profile_id: id }, 'secret rotated in the bot');
        if (!rotated) return show(ctx, await profilesView(db, lang, viewerOf(ctx)));
        const screen = screens.urlScreen(lang, rotated, deps.publicBaseUrl);
        return show(ctx, screens.withNotice(screen, t(lang, 'bot-rotated')));
      }
      case 'del!': {
        await deleteProfile(db, id);
        deps.onProfilesChanged();
        logger.info({ profile_id: id }, 'profile deleted in the bot');
        const notice = t(lang, 'bot-deleted', { name: escapeHtml(profile.name) });
        return show(ctx, screens.withNotice(await profilesView(db, lang, viewerOf(ctx)), notice));
      }
      // The button names the state it sets: pressed twice, or on an old screen, it stays so.
      case 'on':
      case 'off':
        return show(ctx, await profileView(db, lang, await changed({ enabled: action === 'on' })));
      case 'pz':
        return show(ctx, pauseView(profile));
      case 'pb1':
      case 'pb0': {
        const updated = await changed({ pauseButton: action === 'pb1' });
        logger.info(
          { profile_id: id, pause_button: updated.pauseButton },
          'pause button set in the bot',
        );
        return show(ctx, pauseView(updated));
      }
      case 'pz1':
      case 'pz9':
      case 'pz0':
      case 'go': {
        await pauseOrResume('profile', id, action);
        const updated = (await profileFor(db, viewerOf(ctx), id)) ?? profile;
        return show(ctx, await profileView(db, lang, updated));
      }
      case 'lang': {
        const { language } = ctx.pressed;
        if (!language) return show(ctx, screens.notifyLanguageScreen(lang, profile));
        return show(ctx, await profileView(db, lang, await changed({ language })));
      }
    }
  });

  bot.filter(pressed('route'), async (ctx) => {
    const lang = ctx.lang;
    const { action } = ctx.pressed;
    const found = await routeFor(db, viewerOf(ctx), ctx.pressed.id);
    if (!found) {
      await ctx.answerCallbackQuery({ text: t(lang, 'bot-route-not-found'), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    const { profile, route } = found;
    switch (action) {
      case undefined:
        return show(ctx, await routeView(db, lang, profile, route));
      case 'ed': {
        const { field } = ctx.pressed;
        const args = { profileId: profile.id, routeId: route.id, ...(field ? { field } : {}) };
        return enter(ctx, WIZARDS.route, args);
      }
      case 'up':
      case 'dn': {
        const list = await moveRoute(db, route.id, action === 'up' ? 'up' : 'down');
        deps.onProfilesChanged();
        const moved = list?.find((r) => r.id === route.id) ?? route;
        return show(ctx, await routeView(db, lang, profile, moved));
      }
      case 'on':
      case 'off': {
        const updated = await updateRoute(db, route.id, { enabled: action === 'on' });
        deps.onProfilesChanged();
        return show(ctx, await routeView(db, lang, profile, updated ?? route));
      }
      case 'test':
        return runTest(ctx, profile, route);
      case 'pz':
        return show(
          ctx,
          screens.pauseScreen(
            lang,
            'route',
            route.id,
            screens.routeSummary(lang, route, profile.ownerUserId),
          ),
        );
      case 'pz1':
      case 'pz9':
      case 'pz0':
      case 'go': {
        await pauseOrResume('route', route.id, action);
        const updated = (await routeFor(db, viewerOf(ctx), route.id))?.route ?? route;
        return show(ctx, await routeView(db, lang, profile, updated));
      }
      case 'del': {
        const names = await loadNames(db, [route.chatId]);
        const summary = screens.routeSummary(lang, route, profile.ownerUserId, names);
        return show(ctx, screens.routeDeleteScreen(lang, route, summary));
      }
      case 'del!': {
        await removeRoute(db, route.id);
        deps.onProfilesChanged();
        logger.info({ profile_id: profile.id, route_id: route.id }, 'route deleted in the bot');
        const screen = await routesView(db, lang, profile);
        return show(ctx, screens.withNotice(screen, t(lang, 'bot-route-deleted')));
      }
    }
  });

  // A button of a screen that has changed since (an old message, a wizard that ended).
  bot.on('callback_query:data', async (ctx) => {
    await ctx.answerCallbackQuery({ text: t(ctx.lang, 'bot-stale') });
  });

  bot.on('message', async (ctx) => {
    if (ctx.chat.type !== 'private') return;
    if (ctx.message.chat_shared) {
      // The chat picker of a wizard that has ended.
      await ctx.reply(t(ctx.lang, 'bot-stale'), { reply_markup: { remove_keyboard: true } });
      return;
    }
    await ctx.reply(t(ctx.lang, 'bot-unknown'));
  });
}
