import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { profiles } from '../../src/db/schema.ts';
import type { SentMessage } from '../../src/demo/fake-bot-api.ts';
import { createProfile } from '../../src/profiles/repository.ts';
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

/** Waits for the bot to send or edit a message in this chat, and returns that message. */
async function nextScreen(w: DeliveryWorld, chatId: number, act: () => void): Promise<SentMessage> {
  const seen = new Map(w.telegram.messagesTo(chatId).map((m) => [m.messageId, m.edits]));
  const changed = () =>
    w.telegram.messagesTo(chatId).find((m) => seen.get(m.messageId) !== m.edits);
  act();
  await waitFor(() => changed() !== undefined);
  return changed() as SentMessage;
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

  it('stops one person at 20 profiles with a clear answer', async () => {
    w = await startDeliveryWorld('pglite');
    for (let i = 0; i < 20; i++) await createProfile(w.database.db, { ownerUserId: ANN });
    const menu = await nextScreen(w, ANN, () => say(w, ANN, '/start', 'en'));
    const list = await nextScreen(w, ANN, () => press(w, ANN, menu, 'k', 'en'));
    const answers = w.telegram.callbackAnswers.length;
    press(w, ANN, list, 'pn', 'en');
    await waitFor(() => w.telegram.callbackAnswers.length === answers + 1);
    expect(w.telegram.callbackAnswers.at(-1)?.text).toBe(
      'You already have 20 profiles, the most one person can have: delete one to create another.',
    );
    expect(await w.database.db.$count(profiles, eq(profiles.ownerUserId, ANN))).toBe(20);
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

describe('chats, tests and diagnostics from Telegram', () => {
  let w: DeliveryWorld;
  afterEach(async () => {
    await w?.close();
  });

  async function profileOf(user: number) {
    const menu = await nextScreen(w, user, () => say(w, user, '/start'));
    const list = await nextScreen(w, user, () => press(w, user, menu, 'k'));
    await nextScreen(w, user, () => press(w, user, list, 'pn'));
    const [profile] = await w.database.db
      .select()
      .from(profiles)
      .where(eq(profiles.ownerUserId, user));
    return profile as typeof profiles.$inferSelect;
  }

  function sayInTopic(from: number, chatId: number, topic: number, text: string) {
    w.telegram.pushUpdate({
      message: {
        message_id: nextId++,
        message_thread_id: topic,
        is_topic_message: true,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: 'supergroup', title: 'Team A', is_forum: true },
        from: person(from, 'ru'),
        text,
        entities: [{ type: 'bot_command', offset: 0, length: text.length }],
      },
    });
  }

  it('/connect in a forum topic binds it, and conversions arrive there; a non-admin is refused', async () => {
    w = await startDeliveryWorld('pglite');
    const group = -1003000000042;
    w.telegram.addChat({
      id: group,
      type: 'supergroup',
      title: 'Team A',
      isForum: true,
      topics: [7],
    });
    w.telegram.setAdmins(group, [ANN]);
    const profile = await profileOf(ANN);

    sayInTopic(EVE, group, 7, '/connect');
    await waitFor(() => w.telegram.messagesTo(group).length === 1);
    expect(w.telegram.messagesTo(group)[0]?.text).toBe(
      'Подключить чат может только его администратор.',
    );

    sayInTopic(ANN, group, 7, '/connect');
    await waitFor(() => w.telegram.messagesTo(group).length === 2);
    expect(w.telegram.messagesTo(group)[1]).toMatchObject({
      threadId: 7,
      text: '✅ Конверсии «Keitaro» будут приходить в этот топик.',
    });
    const [bound] = await w.database.db.select().from(profiles).where(eq(profiles.id, profile.id));
    expect(bound).toMatchObject({ defaultChatId: group, defaultTopicId: 7 });
    expect(
      w.telegram
        .messagesTo(group)
        .map((m) => m.text)
        .join(),
    ).not.toContain(profile.secret);

    const res = await w.service.app.inject({
      url: postbackPath(profile.secret, 'status=sale&tid=T-7&conversion_revenue=5&currency=USD'),
    });
    expect(res.statusCode).toBe(200);
    await waitFor(() =>
      w.telegram
        .messagesTo(group)
        .some((m) => m.threadId === 7 && m.text.startsWith('<b>💰 Депозит</b>')),
    );
  });

  it('"Send test" reports delivered, or the reason in plain words', async () => {
    w = await startDeliveryWorld('pglite');
    const profile = await profileOf(ANN);
    const screen = await nextScreen(w, ANN, () =>
      press(w, ANN, w.telegram.messagesTo(ANN).at(-1) as SentMessage, `p:${profile.id}`),
    );
    press(w, ANN, screen, `p:${profile.id}:test`);
    await waitFor(() =>
      w.telegram.messagesTo(ANN).some((m) => m.text === '✅ Тест пришёл в этот личный чат.'),
    );
    expect(
      w.telegram
        .messagesTo(ANN)
        .some((m) => m.text.startsWith('<b>💰 Депозит</b>\nКампания: Test')),
    ).toBe(true);

    // Now the bot is removed from the team chat the profile points to.
    const group = -1003000000043;
    await w.database.db
      .update(profiles)
      .set({ defaultChatId: group })
      .where(eq(profiles.id, profile.id));
    w.telegram.block(group, 'Forbidden: bot was kicked from the supergroup chat');
    press(w, ANN, screen, `p:${profile.id}:test`);
    await waitFor(() =>
      w.telegram
        .messagesTo(ANN)
        .some((m) =>
          m.text.startsWith(
            `❌ Тест не доставлен в чат ${group}: бота там нет или ему нельзя писать (Forbidden: bot was kicked`,
          ),
        ),
    );

    const diag = await nextScreen(w, ANN, () => press(w, ANN, screen, `p:${profile.id}:diag`));
    expect(diag.text).toContain('✅ Профиль включён.');
    expect(diag.text).toContain(
      `❌ чат ${group}: Forbidden: bot was kicked from the supergroup chat`,
    );
    expect(diag.text).toContain('Последний постбэк:');
    expect(diag.text).toMatch(
      /#\d+ deposit \(sale\) · TEST-\w+ — удержано: бот не может туда писать/,
    );
    expect(diag.text).toMatch(/#\d+ deposit \(sale\) · TEST-\w+ — доставлено/);
  });
});
