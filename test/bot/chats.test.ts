import { afterEach, describe, expect, it } from 'vitest';
import { rememberChat } from '../../src/bot/targets.ts';
import type { SentMessage } from '../../src/demo/fake-bot-api.ts';
import {
  addRoute,
  createProfile,
  getProfile,
  updateProfile,
} from '../../src/profiles/repository.ts';
import { routeInput } from '../../src/profiles/settings.ts';
import { postbackPath } from '../support/app.ts';
import {
  answer,
  botAdded,
  dataOf,
  newProfile,
  nextScreen,
  press,
  pressInTopic,
  say,
  sayInTopic,
  shown,
  tap,
} from '../support/bot.ts';
import { type DeliveryWorld, startDeliveryWorld } from '../support/delivery.ts';
import { waitFor } from '../support/processes.ts';

const ANN = 7_300_001;
const EVE = 7_300_002;
const TEAM_A = { id: -1003000000042, title: 'Team A' };

describe('chats, tests and diagnostics from Telegram', () => {
  let w: DeliveryWorld;
  afterEach(async () => {
    await w?.close();
  });

  const lastTo = (user: number) => w.telegram.messagesTo(user).at(-1) as SentMessage;
  const profileScreen = (user: number, id: number) =>
    nextScreen(w, user, () => press(w, user, lastTo(user), `p:${id}`));

  it('/connect in a forum topic binds it, and conversions arrive there; a non-admin is refused', async () => {
    w = await startDeliveryWorld('pglite');
    w.telegram.addChat({ ...TEAM_A, type: 'supergroup', isForum: true, topics: [7] });
    w.telegram.setAdmins(TEAM_A.id, [ANN]);
    const { profile } = await newProfile(w, ANN);

    sayInTopic(w, EVE, TEAM_A, { id: 7, name: 'Deals' }, '/connect');
    await waitFor(() => w.telegram.messagesTo(TEAM_A.id).length === 1);
    expect(w.telegram.messagesTo(TEAM_A.id)[0]?.text).toBe(
      'Подключить чат может только его администратор.',
    );

    sayInTopic(w, ANN, TEAM_A, { id: 7, name: 'Deals' }, '/connect');
    await waitFor(() => w.telegram.messagesTo(TEAM_A.id).length === 2);
    // Asked first, answered by the admin who sent it.
    const ask = w.telegram.messagesTo(TEAM_A.id)[1] as SentMessage;
    pressInTopic(w, ANN, TEAM_A, 7, ask, dataOf(ask, 'Все уведомления профиля'));
    await waitFor(() => ask.edits === 1);
    expect(w.telegram.messagesTo(TEAM_A.id)[1]).toMatchObject({
      threadId: 7,
      text: '✅ Конверсии «Keitaro» будут приходить в этот топик.',
    });
    expect(await getProfile(w.database.db, profile.id)).toMatchObject({
      defaultChatId: TEAM_A.id,
      defaultTopicId: 7,
    });
    const group = w.telegram.messagesTo(TEAM_A.id).map((m) => m.text);
    expect(group.join()).not.toContain(profile.secret);
    const screen = await profileScreen(ANN, profile.id);
    expect(screen.text).toContain('Уведомления: чат «Team A», топик «Deals»');

    await w.post(
      { ...profile, rateLimitRps: 1000 },
      'status=sale&tid=T-7&conversion_revenue=5&currency=USD',
    );
    await waitFor(() =>
      w.telegram
        .messagesTo(TEAM_A.id)
        .some((m) => m.threadId === 7 && m.text.startsWith('<b>💰 Депозит</b>')),
    );
  }, 90_000);

  it('offers a new group to the owner who added the bot, and binds it with one tap', async () => {
    w = await startDeliveryWorld('pglite');
    w.telegram.addChat({ ...TEAM_A, type: 'supergroup' });
    w.telegram.setAdmins(TEAM_A.id, [ANN]);
    const { profile } = await newProfile(w, ANN);
    const offer = await nextScreen(w, ANN, () => botAdded(w, ANN, TEAM_A));
    expect(offer.text).toBe('👋 Вы добавили меня в «Team A». Присылать туда конверсии профиля?');
    const done = await tap(w, ANN, offer, '«Keitaro» → сюда');
    expect(done.text).toBe('✅ Конверсии «Keitaro» будут приходить в «Team A».');
    expect((await getProfile(w.database.db, profile.id))?.defaultChatId).toBe(TEAM_A.id);
    expect(w.telegram.messagesTo(TEAM_A.id)).toHaveLength(0); // nothing said in the group
  });

  it('"Where to send" takes a typed chat id, and back to the private chat', async () => {
    w = await startDeliveryWorld('pglite', { telegram: { enforceLimits: false } });
    w.telegram.addChat({ ...TEAM_A, type: 'supergroup' });
    w.telegram.setAdmins(TEAM_A.id, [ANN]);
    const { profile } = await newProfile(w, ANN);
    let screen = await profileScreen(ANN, profile.id);
    screen = await tap(w, ANN, screen, 'Куда присылать');
    expect(screen.text).toContain('Куда присылать эти уведомления?');
    screen = await answer(w, ANN, String(TEAM_A.id));
    expect(screen.text).toContain('✅ Сохранено: уведомления теперь приходят туда.');
    expect(screen.text).toContain('Уведомления: чат «Team A»');
    expect((await getProfile(w.database.db, profile.id))?.defaultChatId).toBe(TEAM_A.id);

    screen = await tap(w, ANN, screen, 'Куда присылать');
    // The chat is offered as a known one now.
    expect(screen.replyMarkup?.inline_keyboard?.flat().map((b) => b.text)).toContain(
      '👥 чат «Team A»',
    );
    screen = await tap(w, ANN, screen, 'Этот личный чат');
    expect(screen.text).toContain('Уведомления: этот личный чат');
    expect((await getProfile(w.database.db, profile.id))?.defaultChatId).toBeNull();
  });

  it('a button of an older "Where to send" panel answers that its question is closed, and changes nothing', async () => {
    w = await startDeliveryWorld('pglite', { telegram: { enforceLimits: false } });
    w.telegram.addChat({ ...TEAM_A, type: 'supergroup' });
    w.telegram.setAdmins(TEAM_A.id, [ANN]);
    const { profile } = await newProfile(w, ANN);
    await addRoute(
      w.database.db,
      profile.id,
      routeInput.parse({ matchBy: 'campaign_id', matchValue: '12', chatId: TEAM_A.id }),
    );
    const second = await createProfile(w.database.db, { ownerUserId: ANN, name: 'Second' });
    const old = await tap(w, ANN, await profileScreen(ANN, profile.id), 'Куда присылать');
    const toTeamA = dataOf(old, String(TEAM_A.id));

    // She leaves that wizard and opens "Where to send" of her second profile.
    const menu = await nextScreen(w, ANN, () => say(w, ANN, '/start'));
    const list = await nextScreen(w, ANN, () => press(w, ANN, menu, 'k'));
    const current = await tap(w, ANN, await tap(w, ANN, list, 'Second'), 'Куда присылать');
    expect(current.text).toContain('«Second»');

    const answers = w.telegram.callbackAnswers.length;
    press(w, ANN, old, toTeamA);
    await waitFor(() => w.telegram.callbackAnswers.length === answers + 1);
    expect(w.telegram.callbackAnswers.at(-1)?.text).toBe(
      'Этот вопрос уже закрыт: ничего не изменилось. Ответьте на тот, что на экране сейчас.',
    );
    expect((await getProfile(w.database.db, second.id))?.defaultChatId).toBeNull();
    expect((await getProfile(w.database.db, profile.id))?.defaultChatId).toBeNull();

    // The panel on screen still answers.
    const saved = await tap(w, ANN, current, String(TEAM_A.id));
    expect(saved.text).toContain('✅ Сохранено: уведомления теперь приходят туда.');
    expect((await getProfile(w.database.db, second.id))?.defaultChatId).toBe(TEAM_A.id);
  }, 90_000);

  it('"Send test" reports delivered, or the reason in plain words', async () => {
    w = await startDeliveryWorld('pglite');
    const { profile } = await newProfile(w, ANN);
    const screen = await profileScreen(ANN, profile.id);
    press(w, ANN, screen, `p:${profile.id}:test`);
    await shown(w, ANN, '✅ Тест пришёл в этот личный чат.');
    expect(
      w.telegram
        .messagesTo(ANN)
        .some((m) => m.text.startsWith('<b>🧪 Тест — 💰 Депозит</b>\nКампания: Test')),
    ).toBe(true);

    // Now the bot is removed from the team chat the profile points to.
    const group = -1003000000043;
    await updateProfile(w.database.db, profile.id, { defaultChatId: group });
    w.telegram.block(group, 'Forbidden: bot was kicked from the supergroup chat');
    press(w, ANN, screen, `p:${profile.id}:test`);
    await shown(
      w,
      ANN,
      `❌ Тест не доставлен в чат ${group}: меня оттуда удалили. Исправьте это — и он придёт: тест сохранён.`,
    );

    const diag = await nextScreen(w, ANN, () => press(w, ANN, screen, `p:${profile.id}:diag`));
    expect(diag.text).toContain('✅ Профиль включён.');
    expect(diag.text).toContain(`❌ чат ${group}: меня оттуда удалили.`);
    expect(diag.text).toContain('Последний постбэк:');
    expect(diag.text).toMatch(
      /#\d+ (?:\S+ )?\d\d:\d\d · депозит · кампания Test · TEST-\w+ — удержано: бот не может туда писать → чат -1003000000043 \(ни один маршрут не подошёл\)/,
    );
    expect(diag.text).toMatch(
      /#\d+ (?:\S+ )?\d\d:\d\d · депозит · кампания Test · TEST-\w+ — доставлено → этот личный чат/,
    );
  });

  it('a test to a deleted topic says so; diagnostics show the route, rights and rate-limit refusals', async () => {
    w = await startDeliveryWorld('pglite', { telegram: { enforceLimits: false } });
    w.telegram.addChat({ ...TEAM_A, type: 'supergroup', isForum: true, topics: [] });
    w.telegram.addChat({
      id: -1003000000044,
      type: 'supergroup',
      title: 'Muted',
      bot: 'restricted',
    });
    const { profile } = await newProfile(w, ANN);
    await updateProfile(w.database.db, profile.id, { rateLimitRps: 1 });
    w.service.directory.invalidate();
    // As the wizard leaves it when the chat is chosen.
    await rememberChat(w.database.db, {
      id: TEAM_A.id,
      type: 'supergroup',
      title: TEAM_A.title,
      isForum: true,
    });
    const route = await addRoute(
      w.database.db,
      profile.id,
      routeInput.parse({ matchBy: 'campaign_id', matchValue: '12', chatId: TEAM_A.id, topicId: 9 }),
    );
    await addRoute(
      w.database.db,
      profile.id,
      routeInput.parse({ matchBy: 'source', matchValue: 'tiktok', chatId: -1003000000044 }),
    );
    const routeScreen = await nextScreen(w, ANN, () => press(w, ANN, lastTo(ANN), `r:${route.id}`));
    press(w, ANN, routeScreen, `r:${route.id}:test`);
    await shown(
      w,
      ANN,
      '⚠️ Тест пришёл в основной поток чата, а не в топик: топика больше нет (чат «Team A», топик 9). Выберите топик заново.',
    );

    // Two postbacks in the same second: the second is over the limit of 1/s.
    const codes = [];
    for (const tid of ['R-1', 'R-2'])
      codes.push(
        (
          await w.service.app.inject({
            url: postbackPath(profile.secret, `status=lead&tid=${tid}&campaign_id=12`),
          })
        ).statusCode,
      );
    expect(codes).toEqual([200, 429]);
    await w.service.flushRefusals();
    // Raised since: 🩺 names the limit that refused them, not today's.
    await updateProfile(w.database.db, profile.id, { rateLimitRps: 100 });

    const diag = await nextScreen(w, ANN, () => press(w, ANN, routeScreen, `p:${profile.id}:diag`));
    expect(diag.text).toContain('✅ этот личный чат: могу туда писать.');
    // The deleted topic was rewritten to the chat's main thread, in the route too.
    expect(diag.text).toContain('✅ чат «Team A»: могу туда писать.');
    expect(diag.text).toContain(
      'ℹ️ Топик 9 чата «Team A» удалён: его уведомления теперь идут в основной поток чата.',
    );
    expect(diag.text).toContain('❌ чат «Muted»: мне там нельзя писать.');
    expect(diag.text).toMatch(
      /⚠️ 1 постбэк отклонён лимитом частоты \(1\/с\), последний \d+ с назад/,
    );
    expect(diag.text).toMatch(
      /#\d+ (?:\S+ )?\d\d:\d\d · регистрация · кампания 12 · R-1 — \S.* → чат «Team A» \(маршрут 1\)/,
    );
  });
});
