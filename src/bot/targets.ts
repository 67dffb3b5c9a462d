import { and, eq, exists, or, sql } from 'drizzle-orm';
import { type Api, GrammyError } from 'grammy';
import type { Chat, ChatMember, Message } from 'grammy/types';
import { type Executor, queryRows } from '../db/client.ts';
import { type ProfileRow, profiles, routes } from '../db/schema.ts';
import { type ChatRefusal, classifyApiError } from '../delivery/failures.ts';
import { t } from '../messages/i18n.ts';
import { escapeHtml, quoted } from '../messages/render.ts';
import type { Language } from '../routing/route.ts';

/**
 * Where notifications go: checking that a chat can take them (the bot is in it and may post,
 * the person binding it administers it), naming chats and topics on screens, and putting
 * Telegram's refusals into plain words.
 */

export interface ChosenChat {
  id: number;
  /** private | group | supergroup | channel */
  type: string;
  title: string | null;
  isForum: boolean;
}

/** What a Telegram chat object (from getChat or an update) says of the chat. */
export function chosenChat(chat: Chat): ChosenChat {
  return {
    id: chat.id,
    type: chat.type,
    title: 'title' in chat ? (chat.title ?? null) : null,
    isForum: 'is_forum' in chat ? Boolean(chat.is_forum) : false,
  };
}

/** «Team A» ("Team A" in English), or the id of a chat whose title is not known. */
export const chatName = (lang: Language, title: string | null | undefined, chatId: number) =>
  title ? quoted(escapeHtml(title), lang) : String(chatId);

/** The forum topic a message was sent in, with its name when Telegram included it. */
export function topicOf(message: Message | undefined): { id: number; name: string | null } | null {
  if (!message?.is_topic_message || message.message_thread_id === undefined) return null;
  return {
    id: message.message_thread_id,
    name: message.reply_to_message?.forum_topic_created?.name ?? null,
  };
}

export type ChatProblem =
  /** A positive id that is not the person's own: notifications go to groups or to oneself. */
  | 'person'
  | 'not_found'
  | 'bot_absent'
  | 'bot_muted'
  | 'channel_rights'
  | 'not_admin'
  | 'unreachable';

export type ChatCheck =
  | { ok: true; chat: ChosenChat }
  | {
      ok: false;
      problem: ChatProblem;
      title: string | null;
      /** What Telegram's refusal said, when it refused (kicked, blocked…): 'other' otherwise. */
      refusal?: ChatRefusal;
      /** Telegram's own words, for the logs only. */
      detail: string;
    };

/** A chat member's statuses that administer it. */
export const CHAT_ADMIN = new Set(['creator', 'administrator']);

/** Statuses in which the bot is in a chat. */
export const PRESENT = new Set(['member', 'administrator', 'creator', 'restricted']);

/** Can the bot post there, judged from its membership? Null when it can. */
export function botProblem(member: ChatMember, chatType: string): ChatProblem | null {
  if (member.status === 'left' || member.status === 'kicked') return 'bot_absent';
  if (member.status === 'restricted' && (!member.is_member || !member.can_send_messages))
    return member.is_member ? 'bot_muted' : 'bot_absent';
  if (chatType === 'channel') {
    if (member.status !== 'administrator' || member.can_post_messages === false)
      return 'channel_rights';
  }
  return null;
}

function failure(error: unknown): { problem: ChatProblem; refusal: ChatRefusal; detail: string } {
  if (error instanceof GrammyError) {
    const failed = classifyApiError(error);
    const detail = error.description;
    if (failed.kind !== 'chat_gone') return { problem: 'unreachable', refusal: 'other', detail };
    const refusal = failed.why;
    if (refusal === 'not_found') return { problem: 'not_found', refusal, detail };
    if (error.error_code === 403) return { problem: 'bot_absent', refusal, detail };
    return { problem: 'unreachable', refusal, detail };
  }
  return {
    problem: 'unreachable',
    refusal: 'other',
    detail: String((error as Error)?.message ?? error),
  };
}

/**
 * Checks a chat before notifications are pointed at it. With `userId`, that person must
 * administer it (or it is their own private chat).
 */
export async function inspectChat(
  api: Api,
  chatId: number,
  botId: number,
  userId?: number,
): Promise<ChatCheck> {
  if (chatId > 0) {
    if (userId !== undefined && chatId === userId) {
      return { ok: true, chat: { id: chatId, type: 'private', title: null, isForum: false } };
    }
    return { ok: false, problem: 'person', title: null, detail: '' };
  }
  let chat: ChosenChat;
  try {
    chat = chosenChat(await api.getChat(chatId));
  } catch (error) {
    return { ok: false, title: null, ...failure(error) };
  }
  try {
    const problem = botProblem(await api.getChatMember(chatId, botId), chat.type);
    if (problem) return { ok: false, problem, title: chat.title, detail: '' };
    if (userId !== undefined) {
      const member = await api.getChatMember(chatId, userId);
      if (!CHAT_ADMIN.has(member.status))
        return { ok: false, problem: 'not_admin', title: chat.title, detail: '' };
    }
  } catch (error) {
    return { ok: false, title: chat.title, ...failure(error) };
  }
  return { ok: true, chat };
}

/**
 * Does a forum topic exist? Asked the one way Telegram tells: a "typing…" action in it, which
 * fails with "message thread not found" otherwise. 'unknown' when Telegram says something else.
 */
export async function checkTopic(
  api: Api,
  chatId: number,
  topicId: number,
): Promise<'ok' | 'missing' | 'unknown'> {
  try {
    await api.sendChatAction(chatId, 'typing', { message_thread_id: topicId });
    return 'ok';
  } catch (error) {
    if (error instanceof GrammyError && classifyApiError(error).kind === 'thread_not_found')
      return 'missing';
    return 'unknown';
  }
}

/** The sentence for a refused chat, in the person's language. */
export function chatProblemText(
  lang: Language,
  check: Extract<ChatCheck, { ok: false }>,
  chatId: number,
): string {
  // Telegram's own words (check.detail) stay in the logs.
  return t(lang, `bot-chat-${check.problem.replaceAll('_', '-')}`, {
    chat: chatName(lang, check.title, chatId),
  });
}

/** What the bot knows of a chat it was pointed at: its title and whether it is a forum. */
export async function rememberChat(exec: Executor, chat: ChosenChat): Promise<void> {
  const type = chat.id > 0 ? 'private' : 'group';
  await exec.execute(
    sql`INSERT INTO keitaro_chats (chat_id, type, title, is_forum)
        VALUES (${chat.id}, ${type}, ${chat.title}, ${chat.isForum})
        ON CONFLICT (chat_id) DO UPDATE
          SET title = excluded.title, is_forum = excluded.is_forum, updated_at = now()`,
  );
}

export async function rememberTopic(
  exec: Executor,
  chatId: number,
  topicId: number,
  name: string,
): Promise<void> {
  await exec.execute(
    sql`INSERT INTO keitaro_topics (chat_id, topic_id, name) VALUES (${chatId}, ${topicId}, ${name})
        ON CONFLICT (chat_id, topic_id) DO UPDATE SET name = excluded.name, updated_at = now()`,
  );
}

/** Titles of chats and names of topics, for labels. */
export interface Names {
  chats: Map<number, string>;
  topics: Map<string, string>;
}

export const NO_NAMES: Names = { chats: new Map(), topics: new Map() };

export async function loadNames(exec: Executor, chatIds: readonly number[]): Promise<Names> {
  const ids = [...new Set(chatIds.filter((id) => id < 0))];
  if (ids.length === 0) return { chats: new Map(), topics: new Map() };
  const list = `{${ids.join(',')}}`;
  const chats = await queryRows<{ chat_id: string; title: string | null }>(
    exec,
    sql`SELECT chat_id::text, title FROM keitaro_chats WHERE chat_id = ANY(${list}::bigint[]) AND title IS NOT NULL`,
  );
  const topics = await queryRows<{ chat_id: string; topic_id: number; name: string }>(
    exec,
    sql`SELECT chat_id::text, topic_id, name FROM keitaro_topics WHERE chat_id = ANY(${list}::bigint[])`,
  );
  return {
    chats: new Map(chats.map((c) => [Number(c.chat_id), c.title as string])),
    topics: new Map(topics.map((tp) => [`${tp.chat_id}:${tp.topic_id}`, tp.name])),
  };
}

/** "this private chat", "chat «Team A»", "chat «Team A», topic «Deposits»". */
export function targetLabel(
  lang: Language,
  ownerUserId: number,
  chatId: number,
  topicId: number | null,
  names: Names = NO_NAMES,
): string {
  if (chatId === ownerUserId) return t(lang, 'bot-target-private');
  const chat = chatName(lang, names.chats.get(chatId), chatId);
  if (topicId === null) return t(lang, 'bot-target-chat', { chat });
  const name = names.topics.get(`${chatId}:${topicId}`);
  return t(lang, 'bot-target-topic', {
    chat,
    topic: name ? quoted(escapeHtml(name), lang) : String(topicId),
  });
}

export interface TargetRef {
  chatId: number;
  topicId: number | null;
}

/** Chats and topics this person already sends notifications to, for one-tap choices. */
export async function knownTargets(
  exec: Executor,
  userId: number,
  limit = 8,
): Promise<TargetRef[]> {
  const rows = await queryRows<{ chat_id: string; topic_id: number | null }>(
    exec,
    sql`SELECT DISTINCT chat_id::text, topic_id FROM (
          SELECT default_chat_id AS chat_id, default_topic_id AS topic_id FROM keitaro_profiles
          WHERE owner_user_id = ${userId} AND default_chat_id IS NOT NULL
          UNION
          SELECT r.chat_id, r.topic_id FROM keitaro_routes r
          JOIN keitaro_profiles p ON p.id = r.profile_id
          WHERE p.owner_user_id = ${userId}
        ) known WHERE chat_id < 0 ORDER BY 1, 2 NULLS FIRST LIMIT ${limit}`,
  );
  return rows.map((r) => ({ chatId: Number(r.chat_id), topicId: r.topic_id }));
}

/** The profiles whose conversions reach `chatId`: as their default chat or by a route. */
export async function profilesOfChat(exec: Executor, chatId: number): Promise<ProfileRow[]> {
  return exec
    .select()
    .from(profiles)
    .where(
      or(
        eq(profiles.defaultChatId, chatId),
        exists(
          exec
            .select({ one: sql`1` })
            .from(routes)
            .where(and(eq(routes.profileId, profiles.id), eq(routes.chatId, chatId))),
        ),
      ),
    )
    .orderBy(profiles.id);
}
