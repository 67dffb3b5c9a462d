import { eq } from 'drizzle-orm';
import { profiles } from '../../src/db/schema.ts';
import type { SentMessage } from '../../src/demo/fake-bot-api.ts';
import type { DeliveryWorld } from './delivery.ts';
import { waitFor } from './processes.ts';

/**
 * People talking to the bot through the fake Bot API: messages, commands, button presses,
 * Telegram's chat picker, and the screens the bot answers with.
 */

let nextId = 1;

export function person(id: number, language = 'ru') {
  return { id, is_bot: false, first_name: `User${id}`, language_code: language };
}

const commandEntities = (text: string) =>
  text.startsWith('/')
    ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]?.length ?? 0 }] }
    : {};

/** A message in the person's private chat with the bot (or in `chat`); returns its id. */
export function say(
  w: DeliveryWorld,
  from: number,
  text: string,
  language = 'ru',
  chat?: { id: number; type: string; title?: string },
): number {
  const messageId = nextId++;
  w.telegram.pushUpdate({
    message: {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat: chat ?? { id: from, type: 'private', first_name: 'User' },
      from: person(from, language),
      text,
      ...commandEntities(text),
    },
  });
  return messageId;
}

/** A message inside a forum topic, as Telegram sends it (replying to the topic's creation). */
export function sayInTopic(
  w: DeliveryWorld,
  from: number,
  chat: { id: number; title: string },
  topic: { id: number; name: string },
  text: string,
  language = 'ru',
) {
  const group = { id: chat.id, type: 'supergroup', title: chat.title, is_forum: true };
  w.telegram.pushUpdate({
    message: {
      message_id: nextId++,
      message_thread_id: topic.id,
      is_topic_message: true,
      date: Math.floor(Date.now() / 1000),
      chat: group,
      from: person(from, language),
      text,
      reply_to_message: {
        message_id: topic.id,
        message_thread_id: topic.id,
        date: Math.floor(Date.now() / 1000) - 3600,
        chat: group,
        forum_topic_created: { name: topic.name, icon_color: 7322096 },
      },
      ...commandEntities(text),
    },
  });
}

/** A message of the person's private chat with the bot carrying `content`. */
function fromPrivateChat(
  w: DeliveryWorld,
  from: number,
  content: Record<string, unknown>,
  language: string,
) {
  w.telegram.pushUpdate({
    message: {
      message_id: nextId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: from, type: 'private', first_name: 'User' },
      from: person(from, language),
      ...content,
    },
  });
}

/** The person picked a chat in Telegram's chat picker (KeyboardButtonRequestChat). */
export function shareChat(
  w: DeliveryWorld,
  from: number,
  chatId: number,
  title: string,
  language = 'ru',
) {
  fromPrivateChat(w, from, { chat_shared: { request_id: 1, chat_id: chatId, title } }, language);
}

/** The person chose someone with Telegram's person picker (KeyboardButtonRequestUsers). */
export function shareUser(w: DeliveryWorld, from: number, userId: number, language = 'ru') {
  const users = [{ user_id: userId, first_name: 'Carol' }];
  fromPrivateChat(w, from, { users_shared: { request_id: 3, users } }, language);
}

/** The bot's membership of a group changed: Telegram's my_chat_member update. */
function botMembership(
  w: DeliveryWorld,
  by: number,
  chat: { id: number; title: string },
  before: string,
  after: string,
) {
  const bot = { id: w.telegram.botId, is_bot: true, first_name: 'Bot' };
  w.telegram.pushUpdate({
    my_chat_member: {
      chat: { id: chat.id, type: 'supergroup', title: chat.title },
      from: person(by),
      date: Math.floor(Date.now() / 1000),
      old_chat_member: { status: before, user: bot },
      new_chat_member: { status: after, user: bot },
    },
  });
}

/** Someone added the bot to a group (or added it back). */
export function botAdded(
  w: DeliveryWorld,
  by: number,
  chat: { id: number; title: string },
  before: 'left' | 'kicked' = 'left',
) {
  botMembership(w, by, chat, before, 'member');
}

/** Someone removed the bot from a group (or banned it). */
export function botRemoved(
  w: DeliveryWorld,
  by: number,
  chat: { id: number; title: string },
  now: 'left' | 'kicked' = 'kicked',
) {
  botMembership(w, by, chat, 'member', now);
}

export function press(
  w: DeliveryWorld,
  from: number,
  message: Pick<SentMessage, 'messageId' | 'chatId' | 'text'>,
  data: string,
  language = 'ru',
) {
  const chat =
    message.chatId > 0
      ? { id: message.chatId, type: 'private' }
      : { id: message.chatId, type: 'supergroup', title: 'Group' };
  pushCallback(w, from, language, data, '42', { chat, text: message.text }, message.messageId);
}

/** A button of the bot's message in a forum topic, pressed there. */
export function pressInTopic(
  w: DeliveryWorld,
  from: number,
  chat: { id: number; title: string },
  topicId: number,
  message: Pick<SentMessage, 'messageId' | 'text'>,
  data: string,
  language = 'ru',
) {
  pushCallback(
    w,
    from,
    language,
    data,
    String(chat.id),
    {
      message_thread_id: topicId,
      is_topic_message: true,
      chat: { id: chat.id, type: 'supergroup', title: chat.title, is_forum: true },
      text: message.text,
    },
    message.messageId,
  );
}

function pushCallback(
  w: DeliveryWorld,
  from: number,
  language: string,
  data: string,
  chatInstance: string,
  message: Record<string, unknown>,
  messageId: number,
) {
  w.telegram.pushUpdate({
    callback_query: {
      id: String(nextId++),
      from: person(from, language),
      chat_instance: chatInstance,
      data,
      message: { message_id: messageId, date: Math.floor(Date.now() / 1000), ...message },
    },
  });
}

/** "text=callback_data" of every inline button of a message. */
export const buttons = (m: SentMessage | undefined) =>
  (m?.replyMarkup?.inline_keyboard ?? []).flat().map((b) => `${b.text}=${b.callback_data}`);

/** The callback data of the button whose text contains `label`. */
export function dataOf(m: SentMessage, label: string): string {
  const found = (m.replyMarkup?.inline_keyboard ?? []).flat().find((b) => b.text.includes(label));
  if (!found?.callback_data)
    throw new Error(`No button "${label}" in: ${buttons(m).join(' | ')}\n${m.text}`);
  return found.callback_data;
}

/**
 * Acts, waits until the bot has finished handling what that pushed (it polls past it) and has
 * sent or edited a message in this chat, and returns the last such message. Waiting for the
 * whole update, not the first change, matters on a busy machine: an answer of two messages
 * (a refusal, then the question again) must not be read half-way.
 */
export async function nextScreen(
  w: DeliveryWorld,
  chatId: number,
  act: () => void,
): Promise<SentMessage> {
  const seen = new Map(w.telegram.messagesTo(chatId).map((m) => [m.messageId, m.edits]));
  const changed = () =>
    w.telegram
      .messagesTo(chatId)
      .filter((m) => seen.get(m.messageId) !== m.edits)
      .at(-1);
  act();
  const pushed = w.telegram.lastUpdateId;
  await waitFor(() => changed() !== undefined && w.telegram.handledThrough >= pushed);
  return changed() as SentMessage;
}

/** Waits until the bot has sent (or edited a message into) exactly `text` in this chat. */
export function shown(w: DeliveryWorld, chatId: number, text: string): Promise<void> {
  return waitFor(() => w.telegram.messagesTo(chatId).some((m) => m.text === text));
}

/** Presses the button labelled `label` on `screen` and returns the screen that follows. */
export function tap(
  w: DeliveryWorld,
  user: number,
  screen: SentMessage,
  label: string,
  language = 'ru',
): Promise<SentMessage> {
  return nextScreen(w, user, () => press(w, user, screen, dataOf(screen, label), language));
}

/** Types `text` in the private chat and returns the screen that answers it. */
export function answer(
  w: DeliveryWorld,
  user: number,
  text: string,
  language = 'ru',
): Promise<SentMessage> {
  return nextScreen(w, user, () => say(w, user, text, language));
}

/** /start → 💚 → ➕: a new profile; returns its row and the URL screen. */
export async function newProfile(w: DeliveryWorld, user: number, language = 'ru') {
  const menu = await nextScreen(w, user, () => say(w, user, '/start', language));
  const list = await nextScreen(w, user, () => press(w, user, menu, 'k', language));
  const url = await nextScreen(w, user, () => press(w, user, list, 'pn', language));
  const rows = await w.database.db.select().from(profiles).where(eq(profiles.ownerUserId, user));
  return { profile: rows.at(-1) as typeof profiles.$inferSelect, screen: url };
}
