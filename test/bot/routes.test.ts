import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { routes } from '../../src/db/schema.ts';
import type { SentMessage } from '../../src/demo/fake-bot-api.ts';
import { addRoute, getRoute, listRoutes, updateProfile } from '../../src/profiles/repository.ts';
import { routeInput } from '../../src/profiles/settings.ts';
import {
  answer,
  buttons,
  newProfile,
  nextScreen,
  press,
  say,
  sayInTopic,
  shareChat,
  shown,
  tap,
} from '../support/bot.ts';
import { type DeliveryWorld, startDeliveryWorld } from '../support/delivery.ts';
import { waitFor } from '../support/processes.ts';

const ANN = 7_200_001;
const TEAM_A = { id: -1003000000042, title: 'Team A' };
const DEPOSITS = { id: 7, name: 'Deposits' };

const deposit = (campaign: number, tid: string) =>
  `status=sale&tid=${tid}&campaign_id=${campaign}&campaign_name=Camp%20${campaign}&conversion_revenue=50&currency=USD&country=UA`;

describe('routes from Telegram', () => {
  let w: DeliveryWorld;
  afterEach(async () => {
    await w?.close();
  });

  it('a newcomer routes campaign 12 deposits to a forum topic with /connect, tests it, and campaign 13 stays in the private chat', async () => {
    w = await startDeliveryWorld('pglite');
    w.telegram.addChat({
      id: TEAM_A.id,
      type: 'supergroup',
      title: TEAM_A.title,
      isForum: true,
      topics: [DEPOSITS.id],
    });
    w.telegram.setAdmins(TEAM_A.id, [ANN]);
    const { profile, screen: url } = await newProfile(w, ANN);
    expect(url.text).toContain(`secret=${profile.secret}`);

    const profileScreen = await nextScreen(w, ANN, () => press(w, ANN, url, `p:${profile.id}`));
    const routesScreen = await tap(w, ANN, profileScreen, 'Маршруты');
    expect(routesScreen.text).toContain('Маршрутов нет');
    let step = await tap(w, ANN, routesScreen, 'Добавить маршрут');
    expect(step.text).toContain('Какие конверсии забирает этот маршрут?');
    step = await tap(w, ANN, step, 'По кампании');
    step = await answer(w, ANN, '12');
    expect(step.text).toContain('Какие статусы?');
    step = await tap(w, ANN, step, 'депозит');
    expect(buttons(step)).toContainEqual(expect.stringMatching(/^✅ депозит=w:\w+:st:deposit$/));
    step = await tap(w, ANN, step, 'Дальше');
    step = await tap(w, ANN, step, 'Все страны');
    expect(step.text).toContain('Куда присылать эти уведомления?');

    // The target is answered from the forum topic itself.
    step = await nextScreen(w, ANN, () => sayInTopic(w, ANN, TEAM_A, DEPOSITS, '/connect'));
    await waitFor(() => w.telegram.messagesTo(TEAM_A.id).length === 1);
    expect(w.telegram.messagesTo(TEAM_A.id)[0]).toMatchObject({
      threadId: DEPOSITS.id,
      text: '✅ Этот топик выбран для маршрута профиля «Keitaro». Закончите настройку в личном чате со мной.',
    });
    expect(step.text).toContain('Язык этих уведомлений?');
    step = await tap(w, ANN, step, 'Как в профиле');
    expect(step.text).toContain('кампания 12 → чат «Team A», топик «Deposits» · депозит');
    const routeScreen = await tap(w, ANN, step, 'Сохранить');
    expect(routeScreen.text).toContain('✅ Маршрут сохранён.');
    const [saved] = await w.database.db
      .select()
      .from(routes)
      .where(eq(routes.profileId, profile.id));
    expect(saved).toMatchObject({
      matchBy: 'campaign_id',
      matchValue: '12',
      statuses: ['deposit'],
      geo: [],
      chatId: TEAM_A.id,
      topicId: DEPOSITS.id,
      language: null,
    });

    // 🧪 on the route: a sample deposit into the topic, reported on the screen.
    press(w, ANN, routeScreen, `r:${saved?.id}:test`);
    await shown(w, ANN, '✅ Тест пришёл в чат «Team A», топик «Deposits».');
    expect(
      w.telegram
        .messagesTo(TEAM_A.id)
        .some(
          (m) => m.threadId === DEPOSITS.id && m.text.startsWith('<b>🧪 Тест — 💰 Депозит</b>'),
        ),
    ).toBe(true);

    // Real postbacks: campaign 12 goes to the topic, campaign 13 to the private chat.
    await w.service.app.inject({
      url: `/integrations/keitaro/postback?secret=${profile.secret}&${deposit(12, 'T-12')}`,
    });
    await w.service.app.inject({
      url: `/integrations/keitaro/postback?secret=${profile.secret}&${deposit(13, 'T-13')}`,
    });
    await waitFor(() =>
      w.telegram
        .messagesTo(TEAM_A.id)
        .some((m) => m.threadId === DEPOSITS.id && m.text.includes('Camp 12')),
    );
    await waitFor(() => w.telegram.messagesTo(ANN).some((m) => m.text.includes('Camp 13')));
    expect(w.telegram.messagesTo(TEAM_A.id).some((m) => m.text.includes('Camp 13'))).toBe(false);
    expect(w.telegram.messagesTo(ANN).some((m) => m.text.includes('Camp 12'))).toBe(false);
  });

  /** Profile → 🔀 → ➕: the wizard's first question. */
  async function startWizard(user: number, profileId: number, language = 'ru') {
    const last = w.telegram.messagesTo(user).at(-1) as SentMessage;
    const profileScreen = await nextScreen(w, user, () =>
      press(w, user, last, `p:${profileId}`, language),
    );
    const en = language === 'en';
    const list = await tap(w, user, profileScreen, en ? 'Routes' : 'Маршруты', language);
    return tap(w, user, list, en ? 'Add a route' : 'Добавить маршрут', language);
  }

  it('refuses bad answers with the reason and asks again, keeping what was answered', async () => {
    w = await startDeliveryWorld('pglite');
    const { profile } = await newProfile(w, ANN);
    let step = await startWizard(ANN, profile.id);
    step = await tap(w, ANN, step, 'По кампании');

    step = await answer(w, ANN, 'Betting UA');
    expect(step.text).toMatch(/^❗️ Id кампаний — числа, например 12 или 12, 15\./);
    expect(step.text).toContain('Пришлите id кампаний через запятую');
    step = await answer(w, ANN, '/(a)\\1/');
    expect(step.text).toContain('❗️ Этот шаблон нельзя выполнить безопасно');
    expect(step.text).toContain('обратные ссылки и lookaround не поддерживаются');
    step = await answer(w, ANN, '/^1[0-9]$/');
    expect(step.text).toContain('Какие статусы?');
    step = await tap(w, ANN, step, 'Все статусы');
    step = await answer(w, ANN, 'Ukraine');
    expect(step.text).toMatch(/^❗️ Пришлите двухбуквенные коды стран/);
    step = await answer(w, ANN, 'ua, kz');
    expect(step.text).toContain('Куда присылать эти уведомления?');

    step = await tap(w, ANN, step, 'Ввести id чата');
    expect(step.text).toContain('Пришлите id чата');
    step = await answer(w, ANN, 'team chat');
    expect(step.text).toMatch(/^❗️ Id чата — целое число, например -1001234567890\./);
    step = await answer(w, ANN, '-99999999999999999999');
    expect(step.text).toMatch(/^❗️ Это число слишком большое для id чата\./);
    step = await answer(w, ANN, '-1009999999999');
    expect(step.text).toContain('❗️ ❌ Я не вижу чат -1009999999999: сначала добавьте меня туда');
    // A group where the bot may not write is refused with that reason.
    w.telegram.addChat({
      id: -1003000000077,
      type: 'supergroup',
      title: 'Muted',
      bot: 'restricted',
    });
    w.telegram.setAdmins(-1003000000077, [ANN]);
    step = await answer(w, ANN, '-1003000000077');
    expect(step.text).toContain('❗️ ❌ Мне нельзя писать в «Muted»');
    // And one she does not administer.
    w.telegram.addChat({ id: -1003000000078, type: 'supergroup', title: 'Not mine' });
    step = await answer(w, ANN, '-1003000000078');
    expect(step.text).toContain(
      '❗️ ❌ Выбрать «Not mine» для уведомлений может только его администратор',
    );
    w.telegram.addChat({ id: -1003000000079, type: 'supergroup', title: 'Team B' });
    w.telegram.setAdmins(-1003000000079, [ANN]);
    step = await answer(w, ANN, '-1003000000079');
    expect(step.text).toContain('Язык этих уведомлений?');
    step = await tap(w, ANN, step, 'English');
    expect(step.text).toContain('кампания ~ /^1[0-9]$/ → чат «Team B» · UA, KZ · 🇬🇧 English');
    await tap(w, ANN, step, 'Сохранить');
    expect(
      await w.database.db.select().from(routes).where(eq(routes.profileId, profile.id)),
    ).toMatchObject([
      {
        matchValue: '^1[0-9]$',
        isPattern: true,
        geo: ['UA', 'KZ'],
        chatId: -1003000000079,
        language: 'en',
      },
    ]);
  });

  it("Telegram's chat picker chooses a group; a group she does not administer is refused", async () => {
    w = await startDeliveryWorld('pglite', { telegram: { enforceLimits: false } });
    const { profile } = await newProfile(w, ANN);
    w.telegram.addChat({ id: -1003000000081, type: 'supergroup', title: 'Sales' });
    w.telegram.setAdmins(-1003000000081, [ANN]);
    w.telegram.addChat({ id: -1003000000082, type: 'supergroup', title: 'Other team' });
    let step = await startWizard(ANN, profile.id);
    step = await tap(w, ANN, step, 'Все конверсии');
    step = await tap(w, ANN, step, 'Все статусы');
    step = await tap(w, ANN, step, 'Все страны');

    const picker = await tap(w, ANN, step, 'Выбрать группу');
    const request = picker.replyMarkup?.keyboard?.[0]?.[0]?.request_chat;
    expect(request).toMatchObject({ chat_is_channel: false, bot_is_member: true });
    // The picker closes with a message of its own, then the question comes again below it.
    const panel = async (question: string) => {
      await waitFor(() => w.telegram.messagesTo(ANN).at(-1)?.text.includes(question) === true);
      return w.telegram.messagesTo(ANN).at(-1) as SentMessage;
    };
    shareChat(w, ANN, -1003000000082, 'Other team');
    step = await panel('Куда присылать эти уведомления?');
    await waitFor(() =>
      w.telegram.messagesTo(ANN).some((m) => m.replyMarkup?.remove_keyboard === true),
    );
    expect(w.telegram.messagesTo(ANN).find((m) => m.replyMarkup?.remove_keyboard)?.text).toContain(
      '❌ Выбрать «Other team» для уведомлений может только его администратор',
    );
    expect(step.text).toContain('Куда присылать эти уведомления?');

    await tap(w, ANN, step, 'Выбрать группу');
    shareChat(w, ANN, -1003000000081, 'Sales');
    step = await panel('Язык этих уведомлений?');
    expect(w.telegram.messagesTo(ANN).some((m) => m.text === '✅ Выбран «Sales».')).toBe(true);
    expect(step.text).toContain('Язык этих уведомлений?');
    step = await tap(w, ANN, step, 'Как в профиле');
    expect(step.text).toContain('все конверсии → чат «Sales»');
    await tap(w, ANN, step, 'Сохранить');
    const [saved] = await w.database.db
      .select()
      .from(routes)
      .where(eq(routes.profileId, profile.id));
    expect(saved).toMatchObject({ matchBy: 'any', chatId: -1003000000081, topicId: null });
  }, 90_000);

  it('a forum picked from the chats used before is asked for its topic', async () => {
    w = await startDeliveryWorld('pglite', { telegram: { enforceLimits: false } });
    w.telegram.addChat({
      id: TEAM_A.id,
      type: 'supergroup',
      title: TEAM_A.title,
      isForum: true,
      topics: [DEPOSITS.id],
    });
    w.telegram.setAdmins(TEAM_A.id, [ANN]);
    const { profile } = await newProfile(w, ANN);
    // Used before for everything, in its main thread.
    await updateProfile(w.database.db, profile.id, { defaultChatId: TEAM_A.id });
    let step = await startWizard(ANN, profile.id);
    step = await tap(w, ANN, step, 'Все конверсии');
    step = await tap(w, ANN, step, 'Все статусы');
    step = await tap(w, ANN, step, 'Все страны');
    step = await tap(w, ANN, step, `👥 чат ${TEAM_A.id}`);
    expect(step.text).toContain('— форум. Какой топик?');
    step = await answer(w, ANN, String(DEPOSITS.id));
    expect(step.text).toContain('Язык этих уведомлений?');
    step = await tap(w, ANN, step, 'Как в профиле');
    await tap(w, ANN, step, 'Сохранить');
    const [saved] = await w.database.db
      .select()
      .from(routes)
      .where(eq(routes.profileId, profile.id));
    expect(saved).toMatchObject({ chatId: TEAM_A.id, topicId: DEPOSITS.id });
  }, 90_000);

  it("routes one buyer's UA and KZ conversions to a group by typed conditions, refusing a bad line with the reason", async () => {
    w = await startDeliveryWorld('pglite');
    w.telegram.addChat({ id: TEAM_A.id, type: 'supergroup', title: TEAM_A.title });
    w.telegram.setAdmins(TEAM_A.id, [ANN]);
    const { profile } = await newProfile(w, ANN);
    let step = await startWizard(ANN, profile.id);
    step = await tap(w, ANN, step, 'По баеру, офферу, GEO');
    expect(step.text).toContain('Пришлите условия, по одному в строке');

    step = await answer(w, ANN, 'buyer = buyer7');
    expect(step.text).toContain('❗️ Условие — это поле, «=» и значения');
    expect(step.text).toContain('эта строка не такая: buyer = buyer7');
    step = await answer(w, ANN, 'sub_id_1 = buyer7\noffer_id = /(a)\\1/');
    expect(step.text).toContain('❗️ Этот шаблон нельзя выполнить безопасно');
    step = await answer(w, ANN, 'sub_id_1 = buyer7\ncountry =');
    expect(step.text).toContain('❗️ Укажите для country от одного до 50 значений');
    step = await answer(w, ANN, 'Sub_ID_1 = buyer7\n\ncountry = UA, KZ');
    expect(step.text).toContain('Какие статусы?');
    step = await tap(w, ANN, step, 'Все статусы');
    step = await tap(w, ANN, step, 'Все страны');
    step = await tap(w, ANN, step, 'Ввести id чата');
    step = await answer(w, ANN, String(TEAM_A.id));
    step = await tap(w, ANN, step, 'Как в профиле');
    expect(step.text).toContain('sub_id_1 = buyer7, country = UA, KZ → чат «Team A»');
    await tap(w, ANN, step, 'Сохранить');
    const [route] = await listRoutes(w.database.db, profile.id);
    expect(route).toMatchObject({
      matchBy: 'any',
      conditions: [
        { field: 'sub_id_1', values: ['buyer7'] },
        { field: 'country', values: ['UA', 'KZ'] },
      ],
      topicField: null,
      chatId: TEAM_A.id,
    });

    // buyer7 in KZ goes to the group; buyer7 in PL and buyer8 in UA stay in the private chat.
    const sale = (tid: string, buyer: string, country: string) =>
      `status=sale&tid=${tid}&subid=c-${tid}&sub_id_1=${buyer}&country=${country}&campaign_name=Camp%20${tid}&conversion_revenue=50&currency=USD`;
    await w.post(profile, sale('K7', 'buyer7', 'KZ'));
    await w.post(profile, sale('P7', 'buyer7', 'PL'));
    await w.post(profile, sale('U8', 'buyer8', 'UA'));
    await waitFor(() => w.telegram.messagesTo(TEAM_A.id).some((m) => m.text.includes('Camp K7')));
    await waitFor(
      () => w.telegram.messagesTo(ANN).filter((m) => /Camp (P7|U8)/.test(m.text)).length === 2,
    );
    expect(w.telegram.messagesTo(TEAM_A.id).filter((m) => m.text.includes('Camp'))).toHaveLength(1);
  });

  it('each buyer in their own topic, from the bot: it says what right is missing, and then makes the topics', async () => {
    w = await startDeliveryWorld('pglite', { telegram: { enforceLimits: false } });
    const forum = {
      id: TEAM_A.id,
      type: 'supergroup' as const,
      title: TEAM_A.title,
      isForum: true,
      topics: [],
      bot: 'administrator' as const,
      canManageTopics: false,
    };
    w.telegram.addChat(forum);
    w.telegram.setAdmins(TEAM_A.id, [ANN]);
    const { profile } = await newProfile(w, ANN);
    await updateProfile(w.database.db, profile.id, { defaultChatId: TEAM_A.id });
    let step = await startWizard(ANN, profile.id);
    step = await tap(w, ANN, step, 'Каждый баер — в свой топик');
    step = await tap(w, ANN, step, 'Все статусы');
    step = await tap(w, ANN, step, 'Все страны');
    step = await tap(w, ANN, step, `👥 чат ${TEAM_A.id}`);
    step = await tap(w, ANN, step, 'Основной поток');
    step = await tap(w, ANN, step, 'Как в профиле');
    expect(step.text).toContain('sub_id_1 ~ /.+/');
    expect(step.text).toContain('топик на каждое sub_id_1');
    const saved = await tap(w, ANN, step, 'Сохранить');
    // Said in plain words when the route is saved, not found out later.
    expect(saved.text).toContain('Бот пока не может создавать топики в этом чате');
    const [route] = await listRoutes(w.database.db, profile.id);
    expect(route).toMatchObject({ matchBy: 'any', topicField: 'sub_id_1', chatId: TEAM_A.id });

    // Given the right, the first deposit of buyer7 makes the topic "buyer7".
    forum.canManageTopics = true;
    await w.post(
      profile,
      'status=sale&tid=T-7&subid=c7&sub_id_1=buyer7&campaign_name=Camp&conversion_revenue=50&currency=USD',
    );
    await waitFor(() => w.telegram.messagesTo(TEAM_A.id).length === 1);
    expect(w.telegram.topicsCreated.map((x) => x.name)).toEqual(['buyer7']);
    expect(w.telegram.messagesTo(TEAM_A.id)[0]?.threadId).toBe(
      w.telegram.topicsCreated[0]?.topicId,
    );
  }, 90_000);

  it('text typed on a question answered by buttons gets a hint to use them', async () => {
    w = await startDeliveryWorld('pglite', { telegram: { enforceLimits: false } });
    const { profile } = await newProfile(w, ANN, 'en');
    let step = await startWizard(ANN, profile.id, 'en');
    step = await answer(w, ANN, 'campaign 12', 'en');
    expect(step.text).toMatch(/^❗️ Please choose with the buttons below\./);
    expect(step.text).toContain('Which conversions does this route take?');
    step = await tap(w, ANN, step, 'All conversions', 'en');
    step = await answer(w, ANN, 'deposit', 'en');
    expect(step.text).toMatch(/^❗️ Please choose with the buttons below\./);
    expect(step.text).toContain('Which statuses?');
  }, 90_000);

  it('Back goes one step back keeping the answers, and the route screen changes one answer on its own', async () => {
    w = await startDeliveryWorld('pglite', { telegram: { enforceLimits: false } });
    const { profile } = await newProfile(w, ANN);
    let step = await startWizard(ANN, profile.id);
    step = await tap(w, ANN, step, 'По кампании');
    step = await tap(w, ANN, step, 'Назад');
    expect(step.text).toContain('Какие конверсии забирает этот маршрут?');
    step = await tap(w, ANN, step, 'По кампании');
    step = await answer(w, ANN, '12');
    step = await tap(w, ANN, step, 'депозит');
    step = await tap(w, ANN, step, 'Дальше');
    expect(step.text).toContain('Какие страны?');
    step = await tap(w, ANN, step, 'Назад');
    expect(step.text).toContain('Какие статусы?');
    expect(buttons(step)).toContainEqual(expect.stringMatching(/^✅ депозит=/));
    step = await tap(w, ANN, step, 'Дальше');
    step = await tap(w, ANN, step, 'Все страны');
    step = await tap(w, ANN, step, 'Этот личный чат');
    step = await tap(w, ANN, step, 'Как в профиле');
    expect(step.text).toContain('Сохранить маршрут?');
    step = await tap(w, ANN, step, 'Назад');
    expect(step.text).toContain('Язык этих уведомлений?');
    step = await tap(w, ANN, step, 'English');
    expect(step.text).toContain('кампания 12 → этот личный чат · депозит · 🇬🇧 English');
    let screen = await tap(w, ANN, step, 'Сохранить');

    // Only the countries, from the route's screen: asked, saved, the rest as it was.
    screen = await tap(w, ANN, screen, 'Страны');
    expect(screen.text).toContain('Какие страны?');
    screen = await answer(w, ANN, 'KZ');
    expect(screen.text).toContain('✅ Маршрут сохранён.');
    const [saved] = await listRoutes(w.database.db, profile.id);
    expect(saved).toMatchObject({
      matchValue: '12',
      statuses: ['deposit'],
      geo: ['KZ'],
      chatId: ANN,
      language: 'en',
    });
    // Back on that one question leaves it: the route's screen, nothing changed.
    screen = await tap(w, ANN, screen, 'Статусы');
    expect(screen.text).toContain('Какие статусы?');
    screen = await tap(w, ANN, screen, 'Назад');
    expect(screen.text).toContain('Маршрут 1 из 1');
    expect((await listRoutes(w.database.db, profile.id))[0]?.statuses).toEqual(['deposit']);
  }, 120_000);

  it("edits, reorders and deletes routes; a forged button for another person's route gets nothing", async () => {
    w = await startDeliveryWorld('pglite', { telegram: { enforceLimits: false } });
    const { profile } = await newProfile(w, ANN);
    const [first, second] = [
      await addRoute(
        w.database.db,
        profile.id,
        routeInput.parse({ matchBy: 'campaign_id', matchValue: '12', chatId: ANN }),
      ),
      await addRoute(
        w.database.db,
        profile.id,
        routeInput.parse({
          matchBy: 'source',
          matchValue: 'tiktok',
          chatId: ANN,
          statuses: 'deposit,rebill',
          geo: 'UA,KZ',
        }),
      ),
    ];
    const last = w.telegram.messagesTo(ANN).at(-1) as SentMessage;
    const list = await nextScreen(w, ANN, () => press(w, ANN, last, `p:${profile.id}:rt`));
    expect(list.text).toContain('1. кампания 12 → этот личный чат');
    expect(list.text).toContain(
      '2. источник tiktok → этот личный чат · депозит, повторный депозит · UA, KZ',
    );
    expect(list.text).toContain('Всё остальное — в этот личный чат.');

    let screen = await tap(w, ANN, list, '2. источник tiktok');
    expect(screen.text).toContain('Маршрут 2 из 2');
    screen = await tap(w, ANN, screen, 'Выше');
    expect(screen.text).toContain('Маршрут 1 из 2');
    const order = await listRoutes(w.database.db, profile.id);
    expect(order.map((r) => r.id)).toEqual([second?.id, first?.id]);

    // Edit: keep everything but the statuses.
    screen = await tap(w, ANN, screen, 'Изменить');
    expect(screen.text).toContain('Маршрут 1 профиля «Keitaro»');
    screen = await tap(w, ANN, screen, 'Оставить');
    expect(screen.text).toContain('Какие статусы?');
    screen = await tap(w, ANN, screen, 'повторный депозит'); // off: deposits only
    screen = await tap(w, ANN, screen, 'Дальше');
    screen = await tap(w, ANN, screen, 'Оставить'); // GEO
    screen = await tap(w, ANN, screen, 'Оставить'); // target
    screen = await tap(w, ANN, screen, 'Оставить'); // priority
    expect(screen.text).toContain('Язык этих уведомлений?');
    screen = await tap(w, ANN, screen, 'Как в профиле');
    expect(screen.text).toContain('источник tiktok → этот личный чат · депозит · UA, KZ');
    screen = await tap(w, ANN, screen, 'Сохранить');
    expect((await getRoute(w.database.db, second?.id as number))?.statuses).toEqual(['deposit']);

    const EVE = 7_200_002;
    await nextScreen(w, EVE, () => say(w, EVE, '/start', 'en'));
    const answers = w.telegram.callbackAnswers.length;
    press(w, EVE, w.telegram.messagesTo(EVE)[0] as SentMessage, `r:${first?.id}:del!`, 'en');
    await waitFor(() => w.telegram.callbackAnswers.length === answers + 1);
    expect(w.telegram.callbackAnswers.at(-1)?.text).toBe(
      'This route no longer exists or is not yours.',
    );
    expect(await getRoute(w.database.db, first?.id as number)).toBeDefined();

    screen = await tap(w, ANN, screen, 'Удалить');
    expect(screen.text).toContain('Удалить этот маршрут?');
    screen = await tap(w, ANN, screen, 'Да, удалить');
    expect(screen.text).toContain('🗑 Маршрут удалён.');
    expect((await listRoutes(w.database.db, profile.id)).map((r) => r.id)).toEqual([first?.id]);
  });
});
