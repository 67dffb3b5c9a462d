import type { Bot } from 'grammy';
import type { Message } from 'grammy/types';
import type { Db } from '../db/client.ts';
import type { ProfileRow } from '../db/schema.ts';
import type { Logger } from '../log.ts';
import { t } from '../messages/i18n.ts';
import { escapeHtml } from '../messages/render.ts';
import { listProfiles, updateProfile } from '../profiles/repository.ts';
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
}

/**
 * Points a profile's notifications at a chat and topic; the owner's own private chat is the
 * default (stored as none). Held messages to the chat go out, and ingest sees it at once.
 */
export async function bindChat(
  deps: Omit<ConnectDeps, 'isAdmin'>,
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

  /** Binds the chat the update came from (and its topic) to one of the sender's profiles. */
  const connect = async (
    ctx: BotContext,
    profileId: number | null,
    message: Message | undefined,
  ) => {
    const lang = ctx.lang;
    const chat = ctx.chat;
    const userId = ctx.from?.id;
    if (!chat || userId === undefined) return;
    if (chat.type === 'private') return void (await ctx.reply(t(lang, 'bot-connect-private')));
    const topic = topicOf(message);
    const where = topic === null ? {} : { message_thread_id: topic.id };
    const check = await inspectChat(ctx.api, chat.id, ctx.me.id, userId);
    if (!check.ok) {
      const text =
        check.problem === 'not_admin'
          ? t(lang, 'bot-connect-not-admin')
          : chatProblemText(lang, check, chat.id);
      return void (await ctx.reply(text, { ...where, parse_mode: 'HTML' }));
    }
    const mine = await listProfiles(db, { ownerUserId: userId });
    if (mine.length === 0) return void (await ctx.reply(t(lang, 'bot-connect-no-profile'), where));
    const chosen =
      profileId === null
        ? mine.length === 1
          ? mine[0]
          : undefined
        : mine.find((p) => p.id === profileId);
    if (!chosen) {
      // Names only: no secret is ever shown in a group.
      return void (await ctx.reply(t(lang, 'bot-connect-choose'), {
        ...where,
        reply_markup: {
          inline_keyboard: mine.map((p) => [{ text: p.name, callback_data: `c:${p.id}` }]),
        },
      }));
    }
    await rememberChat(db, check.chat);
    if (topic?.name) await rememberTopic(db, chat.id, topic.id, topic.name);
    await bindChat(deps, chosen, chat.id, topic?.id ?? null, '/connect');
    const done = topic === null ? 'bot-connect-done' : 'bot-connect-topic-done';
    await ctx.reply(t(lang, done, { name: escapeHtml(chosen.name) }), {
      ...where,
      parse_mode: 'HTML',
    });
  };

  bot.command('connect', (ctx) => connect(ctx, null, ctx.message));
  bot.callbackQuery(/^c:(\d{1,10})$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    const message = ctx.callbackQuery.message;
    await connect(
      ctx,
      Number(ctx.match[1]),
      message && 'text' in message ? (message as Message) : undefined,
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
