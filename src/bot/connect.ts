import type { Bot } from 'grammy';
import type { InlineKeyboardButton, Message } from 'grammy/types';
import type { Db } from '../db/client.ts';
import type { ProfileRow } from '../db/schema.ts';
import type { Logger } from '../log.ts';
import { t } from '../messages/i18n.ts';
import { escapeHtml } from '../messages/render.ts';
import { listProfiles, listRoutes, updateProfile } from '../profiles/repository.ts';
import type { BotContext } from './context.ts';
import {
  chatName,
  chatProblemText,
  chosenChat,
  inspectChat,
  knownTargets,
  loadNames,
  PRESENT,
  rememberChat,
  rememberTopic,
  topicOf,
} from './targets.ts';
import { profileFor } from './views.ts';

/**
 * Groups and channels join a profile from where they are: `/connect` sent in a group (in a
 * forum topic: that topic), or the offer the bot sends its owner in private when they add it
 * to a group or channel. Whoever binds a chat must administer it; nothing secret is ever
 * written in a group, only profile names.
 */

export interface ConnectDeps {
  db: Db;
  logger: Logger;
  isAdmin: (userId: number) => boolean;
  onProfilesChanged: () => void;
  chatReachable: (chatId: number) => Promise<unknown>;
  /** The route wizard's name, entered with this chat or topic as its target. */
  routeWizard: string;
  maxRoutes: number;
}

/**
 * Points a profile's notifications at a chat and topic; the owner's own private chat is the
 * default (stored as none). Held messages to the chat go out, and ingest sees it at once.
 */
export async function bindChat(
  deps: Pick<ConnectDeps, 'db' | 'logger' | 'onProfilesChanged' | 'chatReachable'>,
  profile: Pick<ProfileRow, 'id' | 'ownerUserId'>,
  chatId: number,
  topicId: number | null,
  via: string,
): Promise<void> {
  const own = chatId === profile.ownerUserId;
  await updateProfile(deps.db, profile.id, {
    defaultChatId: own ? null : chatId,
    defaultTopicId: own ? null : topicId,
  });
  await deps.chatReachable(chatId);
  deps.onProfilesChanged();
  deps.logger.info(
    { profile_id: profile.id, chat_id: chatId, topic_id: topicId, via },
    'chat chosen for a profile in the bot',
  );
}

export function registerConnect(bot: Bot<BotContext>, deps: ConnectDeps): void {
  const { db, logger } = deps;

  /**
   * `/connect` outside a wizard: checks the chat and its sender, picks the profile, and asks
   * that sender what to do with this chat or topic; nothing changes until they answer. The
   * buttons carry the sender's id: nobody else in the group can answer for them.
   */
  const connect = async (
    ctx: BotContext,
    profileId: number | null,
    message: Message | undefined,
    action: 'ask' | 'default' | 'route' = 'ask',
  ) => {
    const lang = ctx.lang;
    const chat = ctx.chat;
    const userId = ctx.from?.id;
    if (!chat || userId === undefined) return;
    if (chat.type === 'private') return void (await ctx.reply(t(lang, 'bot-connect-private')));
    const topic = topicOf(message);
    const where = topic === null ? {} : { message_thread_id: topic.id };
    // An answer to a question edits it; anything else is a new message in the same place.
    const say = async (text: string, keyboard?: InlineKeyboardButton[][]) => {
      const markup = keyboard ? { reply_markup: { inline_keyboard: keyboard } } : {};
      if (action !== 'ask' && ctx.callbackQuery?.message) {
        await ctx.editMessageText(text, { parse_mode: 'HTML', ...markup });
      } else await ctx.reply(text, { ...where, parse_mode: 'HTML', ...markup });
    };
    const check = await inspectChat(ctx.api, chat.id, ctx.me.id, userId);
    if (!check.ok) {
      return say(
        check.problem === 'not_admin'
          ? t(lang, 'bot-connect-not-admin')
          : chatProblemText(lang, check, chat.id),
      );
    }
    const mine = await listProfiles(db, { ownerUserId: userId });
    if (mine.length === 0) return say(t(lang, 'bot-connect-no-profile'));
    const chosen =
      profileId === null
        ? mine.length === 1
          ? mine[0]
          : undefined
        : mine.find((p) => p.id === profileId);
    if (!chosen) {
      // Names only: no secret is ever shown in a group.
      return say(
        t(lang, 'bot-connect-choose'),
        mine.map((p) => [{ text: p.name, callback_data: `c:${p.id}:${userId}` }]),
      );
    }
    await rememberChat(db, check.chat);
    if (topic?.name) await rememberTopic(db, chat.id, topic.id, topic.name);
    const name = escapeHtml(chosen.name);
    const here = topic === null ? 'chat' : 'topic';
    if (action === 'ask') {
      return say(t(lang, `bot-connect-ask-${here}`, { name }), [
        [{ text: t(lang, 'bot-connect-to-default'), callback_data: `cd:${chosen.id}:${userId}` }],
        [{ text: t(lang, 'bot-connect-to-route'), callback_data: `cr:${chosen.id}:${userId}` }],
        [{ text: t(lang, 'bot-connect-cancel'), callback_data: `cx:${chosen.id}:${userId}` }],
      ]);
    }
    if (action === 'route') {
      if ((await listRoutes(db, chosen.id)).length >= deps.maxRoutes) {
        return say(t(lang, 'bot-route-limit', { max: deps.maxRoutes }));
      }
      // The route wizard goes on in the private chat, with this chat or topic as its target.
      await ctx.conversation.exitAll();
      await ctx.conversation.enter(deps.routeWizard, {
        profileId: chosen.id,
        target: { chatId: chat.id, topicId: topic?.id ?? null },
      });
      return say(t(lang, 'bot-connect-route-private'));
    }
    await bindChat(deps, chosen, chat.id, topic?.id ?? null, '/connect');
    return say(t(lang, topic === null ? 'bot-connect-done' : 'bot-connect-topic-done', { name }));
  };

  bot.command('connect', (ctx) => connect(ctx, null, ctx.message));
  const ACTIONS = { c: 'ask', cd: 'default', cr: 'route' } as const;
  bot.callbackQuery(/^(c|cd|cr|cx):(\d{1,10})(?::(\d{1,16}))?$/, async (ctx) => {
    const [, kind, profileId, sender] = ctx.match;
    // Buttons from before they named their sender are answered as a fresh /connect.
    if (sender !== undefined && Number(sender) !== ctx.from.id) {
      await ctx.answerCallbackQuery({
        text: t(ctx.lang, 'bot-connect-not-yours'),
        show_alert: true,
      });
      return;
    }
    await ctx.answerCallbackQuery();
    if (kind === 'cx') {
      await ctx.editMessageText(t(ctx.lang, 'bot-cancelled'));
      return;
    }
    const message = ctx.callbackQuery.message;
    const action = sender === undefined ? 'ask' : ACTIONS[kind as keyof typeof ACTIONS];
    await connect(
      ctx,
      Number(profileId),
      message && 'text' in message ? (message as Message) : undefined,
      action,
    );
  });

  // Topic names, for screens that say "topic «Deposits»" rather than a number.
  bot.on('message', async (ctx, next) => {
    const message = ctx.message;
    const created = message.forum_topic_created ?? message.forum_topic_edited;
    if (message.message_thread_id !== undefined && created?.name) {
      await rememberTopic(db, message.chat.id, message.message_thread_id, created.name);
    } else {
      const topic = topicOf(message);
      if (topic?.name) await rememberTopic(db, message.chat.id, topic.id, topic.name);
    }
    await next();
  });

  // Added to a group or channel by someone with profiles: offer it to them, in private.
  bot.on('my_chat_member', async (ctx) => {
    const update = ctx.myChatMember;
    const chat = update.chat;
    if (chat.type === 'private') return;
    const joined =
      PRESENT.has(update.new_chat_member.status) && !PRESENT.has(update.old_chat_member.status);
    if (!joined) return;
    const mine = await listProfiles(db, { ownerUserId: update.from.id });
    if (mine.length === 0) return;
    // Added back to a chat it already serves: the held messages go out, nothing to ask.
    const serving = await knownTargets(db, update.from.id, 10_000);
    if (serving.some((target) => target.chatId === chat.id)) return;
    const joinedChat = chosenChat(chat);
    await rememberChat(db, joinedChat);
    const name = chatName(ctx.lang, joinedChat.title, chat.id);
    await ctx.api
      .sendMessage(update.from.id, t(ctx.lang, 'bot-offer', { chat: name }), {
        parse_mode: 'HTML',
        reply_markup: {
          inline_keyboard: [
            ...mine.slice(0, 10).map((p) => [
              {
                text: t(ctx.lang, 'bot-offer-button', { name: p.name }),
                callback_data: `g:${p.id}:${chat.id}`,
              },
            ]),
            [{ text: t(ctx.lang, 'bot-offer-no'), callback_data: `g:no:${chat.id}` }],
          ],
        },
      })
      // They may never have opened the bot in private; /connect in the group still works.
      .catch((error: unknown) =>
        logger.info({ err: error }, 'could not offer a new chat to its owner'),
      );
  });

  // "No": nothing is bound; the offer says how to change one's mind.
  bot.callbackQuery(/^g:no:(-\d{1,16})$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    const chatId = Number(ctx.match[1]);
    const names = await loadNames(db, [chatId]);
    await ctx.editMessageText(
      t(ctx.lang, 'bot-offer-declined', {
        chat: chatName(ctx.lang, names.chats.get(chatId), chatId),
      }),
      { parse_mode: 'HTML' },
    );
  });

  bot.callbackQuery(/^g:(\d{1,10}):(-\d{1,16})$/, async (ctx) => {
    const lang = ctx.lang;
    const viewer = { userId: ctx.from.id, admin: deps.isAdmin(ctx.from.id) };
    const profile = await profileFor(db, viewer, Number(ctx.match[1]));
    if (!profile || ctx.chat?.type !== 'private') {
      await ctx.answerCallbackQuery({ text: t(lang, 'bot-not-found'), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    const chatId = Number(ctx.match[2]);
    const check = await inspectChat(ctx.api, chatId, ctx.me.id, ctx.from.id);
    if (!check.ok) {
      await ctx.editMessageText(chatProblemText(lang, check, chatId), { parse_mode: 'HTML' });
      return;
    }
    await rememberChat(db, check.chat);
    await bindChat(deps, profile, chatId, null, 'offer');
    await ctx.editMessageText(
      t(lang, check.chat.isForum ? 'bot-offer-done-forum' : 'bot-offer-done', {
        name: escapeHtml(profile.name),
        chat: chatName(lang, check.chat.title, chatId),
      }),
      {
        parse_mode: 'HTML',
        reply_markup: {
          inline_keyboard: [[{ text: t(lang, 'bot-back'), callback_data: `p:${profile.id}` }]],
        },
      },
    );
  });
}
