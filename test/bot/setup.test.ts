import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { botSessions, profiles } from '../../src/db/schema.ts';
import type { SentMessage } from '../../src/demo/fake-bot-api.ts';
import { addRoute, createProfile, getProfile, getRoute } from '../../src/profiles/repository.ts';
import { routeInput } from '../../src/profiles/settings.ts';
import { postbackPath } from '../support/app.ts';
import {
  answer,
  buttons,
  dataOf,
  newProfile,
  nextScreen,
  press,
  say,
  shown,
  tap,
} from '../support/bot.ts';
import { type DeliveryWorld, startDeliveryWorld } from '../support/delivery.ts';
import { waitFor } from '../support/processes.ts';

const ANN = 7_100_001;
const EVE = 7_100_002;

describe('setting up from Telegram', () => {
  let w: DeliveryWorld;
  afterEach(async () => {
    await w?.close();
  });

  const lastTo = (user: number) => w.telegram.messagesTo(user).at(-1) as SentMessage;
  const profileScreen = (user: number, id: number, language = 'ru') =>
    nextScreen(w, user, () => press(w, user, lastTo(user), `p:${id}`, language));

  it('a new user creates a profile, gets the URL and the Keitaro steps, receives a conversion, and rotates the secret', async () => {
    w = await startDeliveryWorld('pglite');
    const menu = await nextScreen(w, ANN, () => say(w, ANN, '/start'));
    expect(menu.text).toContain('Keitaro → Telegram');
    expect(buttons(menu)).toContain('💚 Keitaro уведомления=k');
    await waitFor(() => w.telegram.commands.length >= 6);
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
      `<code>http://localhost:8080/integrations/keitaro/postback?secret=${secret}&amp;status={status}&amp;tid={tid}`,
    );
    expect(url.text).toContain(
      `Или POST на <code>http://localhost:8080/integrations/keitaro/postback?secret=${secret}</code>`,
    );
    const steps = await tap(w, ANN, url, 'Как настроить Keitaro');
    expect(steps.text).toContain('вкладка <b>S2S постбэки</b>');
    expect(steps.text).toContain(`secret=${secret}&amp;status={status}`);
    expect(steps.text).toContain('<b>lead</b> (регистрации), <b>sale</b> (депозиты)');

    // The URL works: a conversion arrives in this private chat.
    const res = await w.service.app.inject({
      url: postbackPath(secret, 'status=sale&tid=T-1&conversion_revenue=100&currency=USD'),
    });
    expect(res.statusCode).toBe(200);
    await waitFor(() =>
      w.telegram.messagesTo(ANN).some((m) => m.text.startsWith('<b>💰 Депозит</b>')),
    );

    const screen = await profileScreen(ANN, profile?.id as number);
    const confirm = await tap(w, ANN, screen, 'Новый секрет');
    expect(confirm.text).toContain('Текущий URL сразу перестанет работать');
    const rotated = await tap(w, ANN, confirm, 'Да, новый секрет');
    const after = await getProfile(w.database.db, profile?.id as number);
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

  it('renames a profile and sets its limits, refusing bad numbers with the reason', async () => {
    w = await startDeliveryWorld('pglite', { telegram: { enforceLimits: false } });
    const { profile } = await newProfile(w, ANN);
    let screen = await profileScreen(ANN, profile.id);
    screen = await tap(w, ANN, screen, 'Переименовать');
    expect(screen.text).toContain('Пришлите новое название');
    screen = await answer(w, ANN, ' ');
    expect(screen.text).toMatch(/^❗️ Название не может быть пустым\./);
    screen = await answer(w, ANN, 'Team <A> & Co');
    expect(screen.text).toContain('✅ Сохранено.');
    expect(screen.text).toContain('<b>Team &lt;A&gt; &amp; Co</b>');
    expect((await getProfile(w.database.db, profile.id))?.name).toBe('Team <A> & Co');

    screen = await tap(w, ANN, screen, 'Лимиты');
    expect(screen.text).toContain('Лимит частоты: <b>27</b> постбэков в секунду');
    expect(screen.text).toContain('Окно повторов: <b>1 ч</b>;');
    screen = await tap(w, ANN, screen, 'Лимит частоты');
    expect(buttons(screen)).toContainEqual(expect.stringMatching(/^↩️ Оставить: 27=w:\w+:k$/));
    screen = await answer(w, ANN, 'fast');
    expect(screen.text).toMatch(/^❗️ Лимит частоты — целое число от 1 до 1000\./);
    screen = await answer(w, ANN, '5000');
    expect(screen.text).toMatch(/^❗️ Лимит частоты — целое число от 1 до 1000\./);
    screen = await answer(w, ANN, '100');
    expect(screen.text).toContain('Лимит частоты: <b>100</b>');
    screen = await tap(w, ANN, screen, 'Окно повторов');
    screen = await answer(w, ANN, '8d');
    expect(screen.text).toMatch(/^❗️ Окно повторов — от 0 до 7 дней/);
    screen = await answer(w, ANN, '2h');
    expect(screen.text).toContain('Окно повторов: <b>2 ч</b>;');
    expect(screen.text).toContain('✅ Сохранено.');
    expect(await getProfile(w.database.db, profile.id)).toMatchObject({
      rateLimitRps: 100,
      dedupTtlSec: 7200,
    });
  });

  it('a "Turn off" pressed twice, or on an old screen, leaves the profile and its route off', async () => {
    w = await startDeliveryWorld('pglite', { telegram: { enforceLimits: false } });
    const { profile } = await newProfile(w, ANN);
    const route = await addRoute(
      w.database.db,
      profile.id,
      routeInput.parse({ matchBy: 'campaign_id', matchValue: '12', chatId: ANN }),
    );
    const choices = await tap(w, ANN, await profileScreen(ANN, profile.id), 'Пауза или выключить');
    // The difference is said before either is chosen.
    expect(choices.text).toContain('URL постбэка отвечает 403');
    expect(choices.text).toContain('Ничего не теряется');
    const screen = choices;
    const off = dataOf(screen, 'Выключить (URL ответит 403)');
    const pressAgain = async (data: string) => {
      const answers = w.telegram.callbackAnswers.length;
      press(w, ANN, screen, data);
      await waitFor(() => w.telegram.callbackAnswers.length === answers + 1);
    };
    const after = await nextScreen(w, ANN, () => press(w, ANN, screen, off));
    expect(after.text).toContain('⏸ выключен');
    // The same button again (a double tap, or an old screen): still off.
    await pressAgain(off);
    expect((await getProfile(w.database.db, profile.id))?.enabled).toBe(false);
    expect(lastTo(ANN).text).toContain('⏸ выключен');

    const routeScreen = await nextScreen(w, ANN, () => press(w, ANN, after, `r:${route.id}`));
    const routeChoices = await tap(w, ANN, routeScreen, 'Пауза или выключить');
    const routeOff = dataOf(routeChoices, 'Выключить маршрут');
    await nextScreen(w, ANN, () => press(w, ANN, routeChoices, routeOff));
    await pressAgain(routeOff);
    expect((await getRoute(w.database.db, route.id))?.enabled).toBe(false);
    expect(lastTo(ANN).text).toContain('⏸ выключен');
  }, 90_000);

  it('🔕 pauses a profile for an hour, says until when, and resumes it with one tap', async () => {
    w = await startDeliveryWorld('pglite', { telegram: { enforceLimits: false } });
    const { profile } = await newProfile(w, ANN);
    const choices = await tap(w, ANN, await profileScreen(ANN, profile.id), 'Пауза или выключить');
    const before = Date.now();
    const paused = await tap(w, ANN, choices, 'На 1 час');
    expect(paused.text).toMatch(/— 🔕 на паузе до \d+ \S+ \d\d:\d\d/);
    const until = (await getProfile(w.database.db, profile.id))?.pausedUntil?.getTime() ?? 0;
    expect(until - before).toBeGreaterThan(3_500_000);
    expect(until - Date.now()).toBeLessThanOrEqual(3_600_000);
    // Still on: the URL keeps answering, only the messages wait.
    expect((await getProfile(w.database.db, profile.id))?.enabled).toBe(true);
    const resumed = await tap(w, ANN, paused, 'Снять с паузы');
    expect(resumed.text).toContain('✅ включён');
    expect((await getProfile(w.database.db, profile.id))?.pausedUntil).toBeNull();
  }, 90_000);

  it('a rename finished after the profile changed hands changes nothing', async () => {
    w = await startDeliveryWorld('pglite', { telegram: { enforceLimits: false } });
    const { profile } = await newProfile(w, ANN);
    const screen = await profileScreen(ANN, profile.id);
    await tap(w, ANN, screen, 'Переименовать');
    await w.database.db
      .update(profiles)
      .set({ ownerUserId: EVE })
      .where(eq(profiles.id, profile.id));
    const reply = await answer(w, ANN, 'Mine again');
    expect(reply.text).toContain('Этого профиля больше нет');
    expect((await getProfile(w.database.db, profile.id))?.name).toBe('Keitaro');
  }, 90_000);

  it('/cancel leaves a wizard: what is typed next changes nothing', async () => {
    w = await startDeliveryWorld('pglite', { telegram: { enforceLimits: false } });
    const { profile } = await newProfile(w, ANN);
    const screen = await profileScreen(ANN, profile.id);
    await tap(w, ANN, screen, 'Переименовать');
    say(w, ANN, '/cancel');
    await shown(w, ANN, '✖️ Отменено: ничего не изменилось.');
    // The notice, then the menu below it.
    await waitFor(() => lastTo(ANN).text.includes('Keitaro → Telegram'));
    const reply = await answer(w, ANN, 'Renamed?');
    expect(reply.text).toBe('Я понимаю кнопки и команды: /start открывает меню.');
    expect((await getProfile(w.database.db, profile.id))?.name).toBe('Keitaro');
    expect(await w.database.db.$count(botSessions)).toBe(0);
  });

  it('a wizard survives a restart of the service and goes on where it was', async () => {
    w = await startDeliveryWorld('pglite', { telegram: { enforceLimits: false } });
    const { profile } = await newProfile(w, ANN);
    let screen = await profileScreen(ANN, profile.id);
    screen = await tap(w, ANN, screen, 'Маршруты');
    screen = await tap(w, ANN, screen, 'Добавить маршрут');
    screen = await tap(w, ANN, screen, 'По кампании');
    screen = await answer(w, ANN, '12');
    expect(screen.text).toContain('Какие статусы?');

    await w.restart();

    screen = await tap(w, ANN, screen, 'депозит');
    expect(buttons(screen)).toContainEqual(expect.stringMatching(/^✅ депозит=w:\w+:st:deposit$/));
    screen = await tap(w, ANN, screen, 'Дальше');
    expect(screen.text).toContain('Какие страны?');
    screen = await answer(w, ANN, 'UA');
    screen = await tap(w, ANN, screen, 'Этот личный чат');
    screen = await tap(w, ANN, screen, 'Как в профиле');
    expect(screen.text).toContain('кампания 12 → этот личный чат · депозит · UA');
    screen = await tap(w, ANN, screen, 'Сохранить');
    expect(screen.text).toContain('✅ Маршрут сохранён.');
  });

  it("refuses a forged callback for someone else's profile and changes nothing", async () => {
    w = await startDeliveryWorld('pglite');
    const { profile } = await newProfile(w, ANN);
    const eveMenu = await nextScreen(w, EVE, () => say(w, EVE, '/start', 'en'));
    const answers = w.telegram.callbackAnswers.length;
    for (const action of ['del!', 'url', 'rt+', 'ren', 'to'])
      press(w, EVE, eveMenu, `p:${profile.id}:${action}`, 'en');
    await waitFor(() => w.telegram.callbackAnswers.length === answers + 5);
    expect(new Set(w.telegram.callbackAnswers.slice(-5).map((a) => a.text))).toEqual(
      new Set(['This profile no longer exists or is not yours.']),
    );
    expect(await getProfile(w.database.db, profile.id)).toBeDefined();
    expect(
      w.telegram
        .messagesTo(EVE)
        .map((m) => m.text)
        .join(),
    ).not.toContain(profile.secret);
    expect(await w.database.db.$count(botSessions)).toBe(0);
  });

  it('ADMIN_USER_IDS see every profile, with its owner', async () => {
    w = await startDeliveryWorld('pglite', { env: { ADMIN_USER_IDS: String(EVE) } });
    const { profile } = await newProfile(w, ANN);
    const menu = await nextScreen(w, EVE, () => say(w, EVE, '/start', 'en'));
    const list = await nextScreen(w, EVE, () => press(w, EVE, menu, 'k', 'en'));
    expect(buttons(list)).toContain(`✅ Keitaro · 👤 ${ANN}=p:${profile.id}`);
    const screen = await nextScreen(w, EVE, () => press(w, EVE, list, `p:${profile.id}`, 'en'));
    expect(screen.text).toContain('<b>Keitaro</b> — ✅ on');
  });

  it('switches the bot to English, and the notifications of a profile too', async () => {
    w = await startDeliveryWorld('pglite');
    const { profile } = await newProfile(w, ANN);
    const menu = await nextScreen(w, ANN, () => say(w, ANN, '/start'));
    const languages = await nextScreen(w, ANN, () => press(w, ANN, menu, 'l'));
    const english = await nextScreen(w, ANN, () => press(w, ANN, languages, 'l:en'));
    expect(buttons(english)).toContain('💚 Keitaro notifications=k');
    // Remembered: the next /start is in English although the app says Russian.
    const again = await nextScreen(w, ANN, () => say(w, ANN, '/start'));
    expect(buttons(again)).toContain('💚 Keitaro notifications=k');

    const list = await nextScreen(w, ANN, () => press(w, ANN, again, 'k'));
    let screen = await nextScreen(w, ANN, () => press(w, ANN, list, `p:${profile.id}`));
    expect(screen.text).toContain('Language of notifications: 🇷🇺 Русский');
    screen = await tap(w, ANN, screen, 'Notification language');
    screen = await tap(w, ANN, screen, 'English');
    expect(screen.text).toContain('Language of notifications: 🇬🇧 English');
    const res = await w.service.app.inject({
      url: postbackPath(profile.secret, 'status=lead&subid=c-1&campaign_name=Test'),
    });
    expect(res.statusCode).toBe(200);
    await waitFor(() =>
      w.telegram.messagesTo(ANN).some((m) => m.text.startsWith('<b>📝 Registration</b>')),
    );
  });

  it('a double tap on "New profile" makes one profile with one secret', async () => {
    w = await startDeliveryWorld('pglite');
    const menu = await nextScreen(w, ANN, () => say(w, ANN, '/start'));
    const list = await nextScreen(w, ANN, () => press(w, ANN, menu, 'k'));
    const answers = w.telegram.callbackAnswers.length;
    press(w, ANN, list, 'pn');
    press(w, ANN, list, 'pn');
    await waitFor(() => w.telegram.callbackAnswers.length === answers + 2);
    const made = await w.database.db.select().from(profiles).where(eq(profiles.ownerUserId, ANN));
    expect(made).toHaveLength(1);
    expect(lastTo(ANN).text).toContain(`secret=${made[0]?.secret}`);
  }, 90_000);

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

  it('keeps secrets out of group chats, and answers an old button politely', async () => {
    w = await startDeliveryWorld('pglite');
    const group = -1003000000001;
    say(w, ANN, '/start', 'en', { id: group, type: 'supergroup' });
    await waitFor(() => w.telegram.messagesTo(group).length === 1);
    expect(w.telegram.messagesTo(group)[0]?.text).toBe(
      'Open me in a private chat: profile settings contain secrets.',
    );
    const menu = await nextScreen(w, ANN, () => say(w, ANN, '/start', 'en'));
    const answers = w.telegram.callbackAnswers.length;
    press(w, ANN, menu, 'w:st:deposit', 'en'); // a wizard's button, the wizard long gone
    press(w, ANN, menu, 'x:1', 'en');
    await waitFor(() => w.telegram.callbackAnswers.length === answers + 2);
    expect(w.telegram.callbackAnswers.slice(-2).map((a) => a.text)).toEqual([
      'This button is from an older screen. Open /start again.',
      'This button is from an older screen. Open /start again.',
    ]);
  });
});
