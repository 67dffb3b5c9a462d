import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { profiles } from '../../src/db/schema.ts';
import type { SentMessage } from '../../src/demo/fake-bot-api.ts';
import { postbackPath } from '../support/app.ts';
import { type DeliveryWorld, startDeliveryWorld } from '../support/delivery.ts';
import { waitFor } from '../support/processes.ts';

const ANN = 7_100_001;
const EVE = 7_100_002;
let nextId = 1;

function person(id: number, language: string) {
  return { id, is_bot: false, first_name: id === ANN ? 'Ann' : 'Eve', language_code: language };
}

function say(
  w: DeliveryWorld,
  from: number,
  text: string,
  language = 'ru',
  chat?: { id: number; type: string },
) {
  const command = text.split(' ')[0] as string;
  w.telegram.pushUpdate({
    message: {
      message_id: nextId++,
      date: Math.floor(Date.now() / 1000),
      chat: chat ?? { id: from, type: 'private', first_name: 'Ann' },
      from: person(from, language),
      text,
      ...(text.startsWith('/')
        ? { entities: [{ type: 'bot_command', offset: 0, length: command.length }] }
        : {}),
    },
  });
}

function press(
  w: DeliveryWorld,
  from: number,
  message: SentMessage,
  data: string,
  language = 'ru',
) {
  w.telegram.pushUpdate({
    callback_query: {
      id: String(nextId++),
      from: person(from, language),
      chat_instance: '42',
      data,
      message: {
        message_id: message.messageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: message.chatId, type: 'private' },
        text: message.text,
      },
    },
  });
}

const buttons = (m: SentMessage | undefined) =>
  (m?.replyMarkup?.inline_keyboard ?? []).flat().map((b) => `${b.text}=${b.callback_data}`);

/** Waits for the bot's screen in this chat to change, and returns it. */
async function nextScreen(w: DeliveryWorld, chatId: number, act: () => void): Promise<SentMessage> {
  const before = w.telegram
    .messagesTo(chatId)
    .map((m) => `${m.messageId}:${m.edits}`)
    .join();
  act();
  await waitFor(
    () =>
      w.telegram
        .messagesTo(chatId)
        .map((m) => `${m.messageId}:${m.edits}`)
        .join() !== before,
  );
  return w.telegram.messagesTo(chatId).at(-1) as SentMessage;
}

describe('setting up from Telegram', () => {
  let w: DeliveryWorld;
  afterEach(async () => {
    await w?.close();
  });

  it('a new user creates a profile, gets the URL, receives a conversion, and rotates the secret', async () => {
    w = await startDeliveryWorld('pglite');
    const menu = await nextScreen(w, ANN, () => say(w, ANN, '/start'));
    expect(menu.text).toContain('Keitaro → Telegram');
    expect(buttons(menu)).toContain('💚 Keitaro уведомления=k');
    expect(w.telegram.commands.map((c) => c.language)).toEqual(
      expect.arrayContaining(['ru', 'uk', null]),
    );

    const empty = await nextScreen(w, ANN, () => press(w, ANN, menu, 'k'));
    expect(empty.messageId).toBe(menu.messageId); // edited in place
    expect(empty.text).toContain('Профилей пока нет');

    const url = await nextScreen(w, ANN, () => press(w, ANN, empty, 'pn'));
    const [profile] = await w.database.db
      .select()
      .from(profiles)
      .where(eq(profiles.ownerUserId, ANN));
    expect(profile).toMatchObject({ name: 'Keitaro', language: 'ru', defaultChatId: null });
    const secret = profile?.secret as string;
    expect(url.text).toContain(
      `/integrations/keitaro/postback?secret=${secret}&amp;status={status}&amp;tid={tid}`,
    );
    expect(url.text).toContain('Как настроить Keitaro');

    // The URL works: a conversion arrives in this private chat.
    const res = await w.service.app.inject({
      url: postbackPath(secret, 'status=sale&tid=T-1&conversion_revenue=100&currency=USD'),
    });
    expect(res.statusCode).toBe(200);
    await waitFor(() =>
      w.telegram.messagesTo(ANN).some((m) => m.text.startsWith('<b>💰 Депозит</b>')),
    );

    const profileScreen = await nextScreen(w, ANN, () => press(w, ANN, url, `p:${profile?.id}`));
    const confirm = await nextScreen(w, ANN, () =>
      press(w, ANN, profileScreen, `p:${profile?.id}:rot`),
    );
    expect(confirm.text).toContain('Текущий URL сразу перестанет работать');
    const rotated = await nextScreen(w, ANN, () => press(w, ANN, confirm, `p:${profile?.id}:rot!`));
    const [after] = await w.database.db
      .select()
      .from(profiles)
      .where(eq(profiles.id, profile?.id as number));
    expect(after?.secret).not.toBe(secret);
    expect(rotated.text).toContain(after?.secret);
    expect(rotated.text).toContain('старый URL больше не работает');
    expect(
      (await w.service.app.inject({ url: postbackPath(secret, 'status=lead&subid=x') })).statusCode,
    ).toBe(403);
    expect(
      (
        await w.service.app.inject({
          url: postbackPath(after?.secret as string, 'status=lead&subid=x'),
        })
      ).statusCode,
    ).toBe(200);
  });

  it("refuses a forged callback for someone else's profile and changes nothing", async () => {
    w = await startDeliveryWorld('pglite');
    const menu = await nextScreen(w, ANN, () => say(w, ANN, '/start'));
    const list = await nextScreen(w, ANN, () => press(w, ANN, menu, 'k'));
    await nextScreen(w, ANN, () => press(w, ANN, list, 'pn'));
    const [profile] = await w.database.db
      .select()
      .from(profiles)
      .where(eq(profiles.ownerUserId, ANN));

    const eveMenu = await nextScreen(w, EVE, () => say(w, EVE, '/start', 'en'));
    const answers = w.telegram.callbackAnswers.length;
    press(w, EVE, eveMenu, `p:${profile?.id}:del!`, 'en');
    press(w, EVE, eveMenu, `p:${profile?.id}:url`, 'en');
    await waitFor(() => w.telegram.callbackAnswers.length === answers + 2);
    expect(w.telegram.callbackAnswers.slice(-2).map((a) => a.text)).toEqual([
      'This profile no longer exists or is not yours.',
      'This profile no longer exists or is not yours.',
    ]);
    expect(
      await w.database.db
        .select()
        .from(profiles)
        .where(eq(profiles.id, profile?.id as number)),
    ).toHaveLength(1);
    expect(
      w.telegram
        .messagesTo(EVE)
        .map((m) => m.text)
        .join(),
    ).not.toContain(profile?.secret);
  });

  it('switches the bot to English, and the notifications of a profile too', async () => {
    w = await startDeliveryWorld('pglite');
    const menu = await nextScreen(w, ANN, () => say(w, ANN, '/start'));
    const languages = await nextScreen(w, ANN, () => press(w, ANN, menu, 'l'));
    const english = await nextScreen(w, ANN, () => press(w, ANN, languages, 'l:en'));
    expect(buttons(english)).toContain('💚 Keitaro notifications=k');
    // Remembered: the next /start is in English although the app says Russian.
    const again = await nextScreen(w, ANN, () => say(w, ANN, '/start'));
    expect(buttons(again)).toContain('💚 Keitaro notifications=k');

    const list = await nextScreen(w, ANN, () => press(w, ANN, again, 'k'));
    await nextScreen(w, ANN, () => press(w, ANN, list, 'pn'));
    const [profile] = await w.database.db
      .select()
      .from(profiles)
      .where(eq(profiles.ownerUserId, ANN));
    expect(profile?.language).toBe('en');
    const res = await w.service.app.inject({
      url: postbackPath(profile?.secret as string, 'status=lead&subid=c-1&campaign_name=Test'),
    });
    expect(res.statusCode).toBe(200);
    await waitFor(() =>
      w.telegram.messagesTo(ANN).some((m) => m.text.startsWith('<b>📝 Registration</b>')),
    );
  });

  it('keeps secrets out of group chats', async () => {
    w = await startDeliveryWorld('pglite');
    const group = -1003000000001;
    say(w, ANN, '/start', 'en', { id: group, type: 'supergroup' });
    await waitFor(() => w.telegram.messagesTo(group).length === 1);
    expect(w.telegram.messagesTo(group)[0]?.text).toBe(
      'Open me in a private chat: profile settings contain secrets.',
    );
  });
});
