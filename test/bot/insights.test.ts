import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { profiles } from '../../src/db/schema.ts';
import { buyerNamesOf } from '../../src/stats/buyers.ts';
import {
  GROUP_CHAT,
  GROUP_TOPIC,
  storeTeamToday,
  TEAM_CHAT,
  teamToday,
} from '../fixtures/conversions.ts';
import { answer, buttons, nextScreen, press, say, shareUser, tap } from '../support/bot.ts';
import { type DeliveryWorld, startDeliveryWorld } from '../support/delivery.ts';
import { waitFor } from '../support/processes.ts';

const LEAD = 7_200_001;
const STRANGER = 7_200_002;

/** The buttons' labels. */
const labels = (m: Parameters<typeof buttons>[0]) =>
  buttons(m).map((b) => b.split('=')[0] as string);

/** Everything under the header and the legend of a breakdown. */
const breakdown = (text: string) => text.split('\n').filter((line) => /^\d+\. /.test(line));

describe('📊 Statistics in the private chat', () => {
  let w: DeliveryWorld | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  async function team() {
    const today = teamToday();
    w = await startDeliveryWorld('pglite', { botClock: () => today.now.getTime() });
    const profile = await w.profile({ ownerUserId: LEAD, defaultChatId: TEAM_CHAT });
    await storeTeamToday(w.database.db, profile, today);
    const menu = await nextScreen(w, LEAD, () => say(w as DeliveryWorld, LEAD, '/start'));
    return { world: w, profile, menu };
  }

  const readProfile = async (world: DeliveryWorld, id: number) =>
    (await world.database.db.select().from(profiles).where(eq(profiles.id, id)))[0];

  it('shows today per buyer in two taps, edited in place, and by any period and breakdown', async () => {
    const { world, menu } = await team();
    const today = await tap(world, LEAD, menu, '📊 Статистика');
    expect(today.messageId).toBe(menu.messageId);
    const lines = today.text.split('\n');
    expect(lines[0]).toBe('<b>Keitaro</b>');
    expect(lines[1]).toMatch(/^📊 <b>Сегодня, \d+ \S+<\/b>$/);
    expect(lines.slice(2)).toEqual([
      '📝 Регистрации: 1',
      '💰 Первые депозиты: 1',
      '🔁 Повторные депозиты: 1',
      '⛔️ Отказы: 1',
      'ℹ️ hold: 1',
      '💵 Доход: 130 USD',
      '🎯 Рег → деп: 0% (0 из 1)',
      '⏱ Медиана до депозита: 1 день 2 ч',
      '',
      'Кампании: Betting UA 1/0, Casino KZ 0/1',
      'ГЕО: 🇺🇦 UA 1/0, 🇰🇿 KZ 0/1',
      'Баеры: buyer7 1/0, buyer9 0/1',
      '<i>в списках: первые депозиты / регистрации</i>',
    ]);

    const buyers = await tap(world, LEAD, today, '👤 Баеры');
    expect(buyers.messageId).toBe(menu.messageId);
    expect(buyers.text).toContain('<b>По баерам</b>');
    // buyer7's first deposit and rebill; buyer9's registration; buyer8's deposit taken back.
    expect(breakdown(buyers.text)).toEqual([
      '1. buyer7 — 📝 0 · 💰 1 · 130 USD',
      '2. buyer9 — 📝 1 · 💰 0',
      '3. buyer8 — 📝 0 · 💰 0',
    ]);
    // The top lists give way to the chosen breakdown.
    expect(buyers.text).not.toContain('Кампании:');

    // The breakdown stays while the period changes; the chosen ones are marked.
    const week = await tap(world, LEAD, buyers, '7 дней');
    expect(week.text).toMatch(/📊 <b>7 дней: /);
    expect(breakdown(week.text)).toEqual([
      '1. buyer7 — 📝 1 · 💰 1 · 130 USD',
      '2. buyer8 — 📝 1 · 💰 0',
      '3. buyer9 — 📝 1 · 💰 0',
    ]);
    const campaigns = await tap(world, LEAD, week, '📣 Кампании');
    expect(breakdown(campaigns.text)).toEqual([
      '1. Betting UA — 📝 2 · 💰 1 · 130 USD',
      '2. Casino KZ — 📝 1 · 💰 0',
    ]);
    const marked = labels(campaigns);
    expect(marked).toContain('• 7 дней');
    expect(marked).toContain('• 📣 Кампании');
    // Tapping the chosen breakdown again takes it away.
    const plain = await tap(world, LEAD, campaigns, '• 📣 Кампании');
    expect(breakdown(plain.text)).toEqual([]);
    expect(plain.text).toContain('Кампании: Betting UA 1/2, Casino KZ 0/1');
  }, 90_000);

  it('names a buyer, and the name shows in every breakdown by buyer', async () => {
    const { world, menu, profile } = await team();
    const today = await tap(world, LEAD, menu, '📊 Статистика');
    const settings = await tap(world, LEAD, today, '⚙️ Настройки');
    expect(settings.text).toContain('👤 Поле баера: sub_id_1');
    const names = await tap(world, LEAD, settings, '🏷 Имена баеров');
    expect(names.text).toContain('Баеры последних 30 дней без имени: buyer7, buyer8, buyer9');
    const ask = await tap(world, LEAD, names, '✏️ Дать имя баеру');
    const refused = await answer(world, LEAD, 'Анна');
    expect(refused.text).toContain('Вот так: <code>buyer7 = Анна</code>');
    const saved = await answer(world, LEAD, 'buyer7 = Анна @anna_buys');
    expect(saved.text).toContain('• buyer7 → Анна (👤 @anna_buys)');
    expect(saved.text).toContain('без имени: buyer8, buyer9');
    expect(await buyerNamesOf(world.database.db, profile.id)).toEqual([
      { value: 'buyer7', name: 'Анна', mention: '@anna_buys' },
    ]);
    expect(ask.messageId).toBe(menu.messageId);

    const stats = await nextScreen(world, LEAD, () =>
      press(world, LEAD, saved, `s:${profile.id}:t:b`),
    );
    expect(breakdown(stats.text)[0]).toBe('1. Анна (buyer7) — 📝 0 · 💰 1 · 130 USD');
  }, 90_000);

  it("picks whom a buyer's deposits mention: a group's administrator, Telegram's person picker, or @username", async () => {
    const { world, menu, profile } = await team();
    const BOB = 7_200_003;
    const CAROL = 7_200_004;
    world.telegram.addChat({ id: TEAM_CHAT, type: 'supergroup', title: 'Team' });
    world.telegram.setAdmins(TEAM_CHAT, [LEAD, BOB], { [LEAD]: 'Lead', [BOB]: 'Bob' });
    const today = await tap(world, LEAD, menu, '📊 Статистика');
    const settings = await tap(world, LEAD, today, '⚙️ Настройки');
    const names = await tap(world, LEAD, settings, '🏷 Имена баеров');
    await tap(world, LEAD, names, '✏️ Дать имя баеру');
    const named = await answer(world, LEAD, 'buyer7 = Анна');
    const start = async (from: typeof names) => {
      const screen = await tap(world, LEAD, from, '🔔 Упоминать баера');
      expect(screen.text).toContain('Чьи депозиты должны звонить на телефон?');
      return screen;
    };

    // A named buyer is a button; the group's administrators (not the bot) are buttons too.
    let step = await tap(world, LEAD, await start(named), 'Анна (buyer7)');
    expect(step.text).toContain('Кто <b>buyer7</b> в Telegram?');
    expect(labels(step).filter((l) => l.startsWith('👤'))).toEqual(['👤 Lead', '👤 Bob']);
    step = await tap(world, LEAD, step, '👤 Bob');
    expect(step.text).toContain('Упоминать только в депозитах или и в регистрациях?');
    let done = await tap(world, LEAD, step, 'Только депозиты');
    expect(done.text).toContain('✅ Депозиты buyer7 будут его упоминать.');
    expect(done.text).toContain(`• buyer7 → Анна (👤 <a href="tg://user?id=${BOB}">Анна</a>)`);

    // A value typed, a bad @username refused, then the person picker; registrations too.
    await start(done);
    step = await answer(world, LEAD, 'buyer8');
    expect(step.text).toContain('Кто <b>buyer8</b> в Telegram?');
    step = await answer(world, LEAD, 'anna buys');
    expect(step.text).toContain('❗️ Это не имя пользователя Telegram');
    step = await nextScreen(world, LEAD, () => shareUser(world, LEAD, CAROL));
    done = await tap(world, LEAD, step, 'Депозиты и 📝 регистрации');
    expect(done.text).toContain('✅ Депозиты и регистрации buyer8 будут его упоминать.');

    // Nobody: buyer7 is mentioned no more.
    step = await tap(world, LEAD, await start(done), 'Анна (buyer7)');
    done = await tap(world, LEAD, step, 'Никого');
    expect(done.text).toContain('✅ buyer7 больше не упоминается.');
    const rows = await queryRows<{ value: string; mention: string | null; regs: boolean }>(
      world.database.db,
      sql`SELECT value, mention, mention_registrations AS regs FROM keitaro_buyer_names
          WHERE profile_id = ${profile.id} ORDER BY value`,
    );
    expect(rows).toEqual([
      { value: 'buyer7', mention: null, regs: false },
      { value: 'buyer8', mention: String(CAROL), regs: true },
    ]);
  }, 90_000);

  it('changes the time zone and the buyer field from buttons or typed, and counts again', async () => {
    const { world, menu, profile } = await team();
    const today = await tap(world, LEAD, menu, '📊 Статистика');
    const settings = await tap(world, LEAD, today, '⚙️ Настройки');
    const zones = await tap(world, LEAD, settings, '🕐 Часовой пояс');
    expect(labels(zones).map((b) => b.split(' · ')[0])).toEqual([
      '• Europe/Kyiv',
      'Europe/Moscow',
      'Europe/Warsaw',
      'Asia/Almaty',
      'Asia/Tbilisi',
      'UTC',
      '⌨️ Другой пояс…',
      '⬅️ Назад',
    ]);
    const warsaw = await tap(world, LEAD, zones, 'Europe/Warsaw');
    expect(warsaw.text).toContain('✅ Часовой пояс: Europe/Warsaw');
    expect((await readProfile(world, profile.id))?.timezone).toBe('Europe/Warsaw');

    const again = await tap(world, LEAD, warsaw, '🕐 Часовой пояс');
    await tap(world, LEAD, again, '⌨️ Другой пояс');
    const wrong = await answer(world, LEAD, 'Mars/Olympus');
    expect(wrong.text).toContain('Такого часового пояса сервер не знает');
    const typed = await answer(world, LEAD, 'america/new_york');
    expect(typed.text).toContain('✅ Сохранено');
    expect((await readProfile(world, profile.id))?.timezone).toBe('America/New_York');

    const fields = await tap(world, LEAD, typed, '👤 Поле баера');
    expect(fields.text).toContain('В последней конверсии было:');
    expect(fields.text).toContain('sub_id_1 = buyer8');
    expect(fields.text).toContain('source = fb');
    const source = await tap(world, LEAD, fields, 'source');
    expect(source.text).toContain('✅ Баер теперь в source');
    expect((await readProfile(world, profile.id))?.buyerField).toBe('source');
    // Counted again: every conversion of the week came from "fb".
    const week = await nextScreen(world, LEAD, () =>
      press(world, LEAD, source, `s:${profile.id}:30:b`),
    );
    expect(breakdown(week.text)).toEqual(['1. fb — 📝 3 · 💰 1 · 130 USD']);

    const none = await tap(
      world,
      LEAD,
      await tap(world, LEAD, week, '⚙️ Настройки'),
      '👤 Поле баера',
    );
    const cleared = await tap(world, LEAD, none, '✖️ Нет');
    expect(cleared.text).toContain('👤 Поле баера: не выбрано');
    const byBuyer = await nextScreen(world, LEAD, () =>
      press(world, LEAD, cleared, `s:${profile.id}:t:b`),
    );
    expect(byBuyer.text).toContain('Для цифр по баерам нужно знать, в каком поле постбэка баер');
  }, 90_000);

  it('turns a daily summary on in one tap, sets each chat apart, and refuses other chats', async () => {
    const { world, menu, profile } = await team();
    const db = world.database.db;
    const summaries = () =>
      queryRows<{ chat_id: string; topic_id: number; send_at: number; enabled: boolean }>(
        db,
        sql`SELECT chat_id::text, topic_id, send_at, enabled FROM keitaro_summaries
            WHERE profile_id = ${profile.id} ORDER BY topic_id`,
      );
    const today = await tap(world, LEAD, menu, '📊 Статистика');
    const settings = await tap(world, LEAD, today, '⚙️ Настройки');
    expect(settings.text).toContain('📬 Итоги дня: выключены');
    const on = await tap(world, LEAD, settings, '📬 Итоги дня в 09:00');
    expect(on.text).toContain('✅ Итоги будут приходить каждый день в 09:00 (Europe/Kyiv)');
    expect(await summaries()).toEqual([
      { chat_id: String(TEAM_CHAT), topic_id: 0, send_at: 540, enabled: true },
    ]);

    // The route's topic is a target of its own.
    const list = labels(on);
    expect(list).toHaveLength(3);
    const group = await tap(world, LEAD, on, `топик ${GROUP_TOPIC}`);
    const evening = await tap(world, LEAD, group, '18:00');
    expect(evening.text).toContain('✅ Итоги будут приходить каждый день в 18:00');
    const typedTarget = await tap(world, LEAD, evening, `топик ${GROUP_TOPIC}`);
    await tap(world, LEAD, typedTarget, '⌨️ Другое время');
    const bad = await answer(world, LEAD, '25:00');
    expect(bad.text).toContain('Время — это часы и минуты');
    await answer(world, LEAD, '7:45');
    expect(await summaries()).toEqual([
      { chat_id: String(TEAM_CHAT), topic_id: 0, send_at: 540, enabled: true },
      { chat_id: String(GROUP_CHAT), topic_id: GROUP_TOPIC, send_at: 465, enabled: true },
    ]);

    // A forged button cannot aim the profile's figures at a chat it does not send to.
    const answers = world.telegram.callbackAnswers.length;
    press(world, LEAD, on, `i:${profile.id}:sm:-1009999999:0:540`);
    await waitForAnswer(world, answers);
    expect(world.telegram.callbackAnswers.at(-1)?.text).toContain('Эта кнопка со старого экрана');
    expect(await summaries()).toHaveLength(2);

    // Someone else's profile: not found, and nothing shown.
    const before = world.telegram.callbackAnswers.length;
    press(world, STRANGER, { ...on, chatId: STRANGER }, `s:${profile.id}:t:b`);
    await waitForAnswer(world, before);
    expect(world.telegram.callbackAnswers.at(-1)?.text).toContain('или он не ваш');
    expect(world.telegram.messagesTo(STRANGER)).toEqual([]);
  }, 90_000);
});

const waitForAnswer = (world: DeliveryWorld, count: number) =>
  waitFor(() => world.telegram.callbackAnswers.length > count);
