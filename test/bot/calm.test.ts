import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT_OK } from '../../src/cli/arguments.ts';
import { queryRows } from '../../src/db/client.ts';
import type { SentMessage } from '../../src/demo/fake-bot-api.ts';
import { addRoute, getProfile } from '../../src/profiles/repository.ts';
import { changeStatsSettings } from '../../src/stats/settings.ts';
import { leadQuery } from '../fixtures/postbacks.ts';
import { answer, buttons, dataOf, nextScreen, press, say, tap } from '../support/bot.ts';
import { cliOn } from '../support/cli.ts';
import { databaseKinds } from '../support/databases.ts';
import { type DeliveryWorld, startDeliveryWorld } from '../support/delivery.ts';
import { waitFor } from '../support/processes.ts';

const OWNER = 7_600_001;
const STRANGER = 7_600_002;
const CHAT_ADMIN = 7_600_003;
const TEAM = -1001000000801;
const BUYERS = -1001000000802;
const TOPIC = 9;

/** A registration of its own click, in campaign 12 "Betting UA" or 34 "Casino KZ". */
const lead = (click: string, campaign: 'betting' | 'casino' = 'betting') => {
  const query = leadQuery.replace('3kq1a9x7', click);
  return campaign === 'betting'
    ? query
    : query.replace(
        'campaign_id=12&campaign_name=Betting%20UA',
        'campaign_id=34&campaign_name=Casino%20KZ',
      );
};

const route = (chatId: number, topicId: number | null, match: string) => ({
  matchBy: 'campaign_id' as const,
  matchValue: match,
  isPattern: false,
  statuses: [],
  geo: [],
  priority: 1,
  chatId,
  topicId,
  language: null,
});

const waitForAnswer = (world: DeliveryWorld, count: number) =>
  waitFor(() => world.telegram.callbackAnswers.length > count);

describe('🌙 quiet hours and the 🔕 button, set in the bot', () => {
  let w: DeliveryWorld | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  it('sets quiet hours per chat from buttons or typed, refuses malformed hours and forged chats, and turns them off', async () => {
    w = await startDeliveryWorld('pglite');
    const world = w;
    const db = world.database.db;
    const profile = await world.profile({ ownerUserId: OWNER, defaultChatId: TEAM });
    await changeStatsSettings(db, profile.id, { timezone: 'Europe/Kyiv' });
    await addRoute(db, profile.id, route(BUYERS, TOPIC, '34'));
    const hours = () =>
      queryRows<{
        chat_id: string;
        topic_id: number;
        from_min: number;
        to_min: number;
        deposits_through: boolean;
      }>(
        db,
        sql`SELECT chat_id::text, topic_id, from_min, to_min, deposits_through
            FROM keitaro_quiet_hours WHERE profile_id = ${profile.id} ORDER BY topic_id`,
      );
    const menu = await nextScreen(world, OWNER, () => say(world, OWNER, '/start'));
    const screen = await nextScreen(world, OWNER, () =>
      press(world, OWNER, menu, `p:${profile.id}`),
    );
    const list = await tap(world, OWNER, screen, '🌙 Тихие часы');
    expect(list.text).toContain('<b>🌙 Тихие часы «Keitaro»</b>');
    expect(list.text).toContain('по часам профиля: Europe/Kyiv, сейчас');
    expect(list.text.split('\n').filter((line) => line.startsWith('• '))).toHaveLength(2);
    expect(list.text).toMatch(/• .*: выключены\n• .*топик 9: выключены$/);

    const team = await tap(world, OWNER, list, String(TEAM));
    expect(team.text).toMatch(/^<b>🌙 Тихие часы<\/b> в .*: выключены \(Europe\/Kyiv\)$/);
    const night = await tap(world, OWNER, team, '23:00–08:00');
    expect(night.text).toMatch(/^✅ Тихие часы в .*: 23:00–08:00 \(Europe\/Kyiv\)\./);
    expect(night.text).toContain(': 23:00–08:00 · 💰 депозиты приходят');
    expect(await hours()).toEqual([
      { chat_id: String(TEAM), topic_id: 0, from_min: 1380, to_min: 480, deposits_through: true },
    ]);

    // Deposits wait too, at one tap; the window stays.
    const again = await tap(world, OWNER, night, String(TEAM));
    expect(again.text).toContain('💰 Депозиты и повторные депозиты приходят сразу.');
    const strict = await tap(world, OWNER, again, '💰 Депозиты всё равно приходят: ✅');
    expect(strict.text).toContain('Ждёт всё, депозиты тоже.');
    expect(buttons(strict)).toContain(`• 23:00–08:00=q:${profile.id}:${TEAM}:0:1380-480`);
    expect((await hours())[0]).toMatchObject({ from_min: 1380, deposits_through: false });

    // The route's topic, typed: a malformed window is refused with a sentence, then accepted.
    const back = await tap(world, OWNER, strict, '⬅️');
    const topic = await tap(world, OWNER, back, `топик ${TOPIC}`);
    await tap(world, OWNER, topic, '⌨️ Другие часы');
    for (const typed of ['25:00-08:00', '08:00-08:00', 'ночью']) {
      const bad = await answer(world, OWNER, typed);
      expect(bad.text).toContain(
        'Тихие часы — это два разных времени «с-по», например 23:00-08:00',
      );
    }
    const done = await answer(world, OWNER, '1:30 – 7:00');
    expect(done.text).toContain(`топик ${TOPIC}: 01:30–07:00 · 💰 депозиты приходят`);
    expect(await hours()).toEqual([
      { chat_id: String(TEAM), topic_id: 0, from_min: 1380, to_min: 480, deposits_through: false },
      {
        chat_id: String(BUYERS),
        topic_id: TOPIC,
        from_min: 90,
        to_min: 420,
        deposits_through: true,
      },
    ]);

    // A forged button cannot set quiet hours on a chat the profile does not send to.
    const answers = world.telegram.callbackAnswers.length;
    press(world, OWNER, done, `q:${profile.id}:-1009999999:0:60-480`);
    await waitForAnswer(world, answers);
    expect(world.telegram.callbackAnswers.at(-1)?.text).toContain('Эта кнопка со старого экрана');
    // Nor can someone else's button touch this profile.
    const before = world.telegram.callbackAnswers.length;
    press(world, STRANGER, { ...done, chatId: STRANGER }, `q:${profile.id}:${TEAM}:0:off`);
    await waitForAnswer(world, before);
    expect(world.telegram.callbackAnswers.at(-1)?.text).toContain('или он не ваш');
    expect(await hours()).toHaveLength(2);

    const teamAgain = await tap(world, OWNER, done, String(TEAM));
    const off = await tap(world, OWNER, teamAgain, '✖️ Выключить тихие часы');
    expect(off.text).toMatch(/^✅ Тихие часы в .* выключены\./);
    expect((await hours()).map((h) => h.chat_id)).toEqual([String(BUYERS)]);
  }, 120_000);

  it('turns the 🔕 button under group notifications on and off on the 🔕 screen', async () => {
    w = await startDeliveryWorld('pglite');
    const world = w;
    const profile = await world.profile({ ownerUserId: OWNER, defaultChatId: TEAM });
    const menu = await nextScreen(world, OWNER, () => say(world, OWNER, '/start'));
    const screen = await nextScreen(world, OWNER, () =>
      press(world, OWNER, menu, `p:${profile.id}`),
    );
    const choices = await tap(world, OWNER, screen, '🔕 Пауза или выключить');
    expect(choices.text).toContain('<b>🔘 Кнопка паузы</b>');
    expect(choices.text).toContain('Сейчас: выключена.');
    const on = await tap(world, OWNER, choices, 'Кнопка паузы в группах: включить');
    expect(on.text).toContain('Сейчас: включена.');
    expect((await getProfile(world.database.db, profile.id))?.pauseButton).toBe(true);
    const off = await tap(world, OWNER, on, 'Кнопка паузы в группах: выключить');
    expect(off.text).toContain('Сейчас: выключена.');
    expect((await getProfile(world.database.db, profile.id))?.pauseButton).toBe(false);
  }, 60_000);
});

describe.each(databaseKinds)('🔕 pausing a campaign from its notification on %s', (kind) => {
  let w: DeliveryWorld | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  async function campaignWorld() {
    w = await startDeliveryWorld(kind);
    const world = w;
    const db = world.database.db;
    world.telegram.addChat({ id: TEAM, type: 'supergroup', title: 'Team' });
    world.telegram.setAdmins(TEAM, [CHAT_ADMIN]);
    const cli = cliOn(world.database, () => {
      world.service.directory.invalidate();
      world.service.calm.invalidate();
    });
    const profile = await world.profile({ ownerUserId: OWNER, defaultChatId: TEAM });
    // Campaign 56 goes to the owner's private chat.
    await addRoute(db, profile.id, route(OWNER, null, '56'));
    /** The state of each conversion's delivery, by its click. */
    const states = async () =>
      Object.fromEntries(
        (
          await queryRows<{ subid: string; state: string }>(
            db,
            sql`SELECT e.subid, d.state FROM keitaro_deliveries d JOIN keitaro_events e ON e.id = d.event_id
                WHERE d.kind = 'event' ORDER BY e.id`,
          )
        ).map((r) => [r.subid, r.state]),
      );
    const sentTo = (chatId: number, count: number) =>
      waitFor(() => world.telegram.messagesTo(chatId).length === count);
    return { world, db, cli, profile, states, sentTo };
  }

  const withText = (messages: SentMessage[], text: string) =>
    messages.find((m) => m.text.includes(text)) as SentMessage;

  it('the button comes only when turned on, only in groups; a member is refused, an administrator pauses the campaign there for an hour, nothing is lost', async () => {
    const { world, db, cli, profile, states, sentTo } = await campaignWorld();
    const team = () => world.telegram.messagesTo(TEAM);

    // Off by default.
    await world.post(profile, lead('off1'));
    await waitFor(async () => (await states()).off1 === 'sent');
    expect(team()[0]?.replyMarkup).toBeNull();

    const set = await cli('profile', 'set', String(profile.id), '--pause-button', 'on');
    expect(set.code).toBe(EXIT_OK);
    expect(set.out).toContain('pause button:    on (in groups)');
    await world.post(profile, lead('on1'));
    await world.post(profile, lead('dm1', 'betting').replace('campaign_id=12', 'campaign_id=56'));
    await waitFor(async () => (await states()).on1 === 'sent' && (await states()).dm1 === 'sent');
    const notification = team()[1] as SentMessage;
    const data = dataOf(notification, '🔕 Пауза кампании на 1 ч');
    expect(data).toMatch(/^cp:\d+$/);
    // Not in a private chat.
    expect(world.telegram.messagesTo(OWNER)[0]?.replyMarkup).toBeNull();

    // A member who does not administer the chat: a polite no, and nothing paused.
    const answers = world.telegram.callbackAnswers.length;
    press(world, STRANGER, notification, data);
    await waitForAnswer(world, answers);
    expect(world.telegram.callbackAnswers.at(-1)?.text).toBe(
      'Ставить уведомления на паузу могут только администраторы этого чата и владелец профиля.',
    );
    const pauses = () =>
      queryRows<{ campaign_id: string; chat_id: string; minutes: number; paused_by: string }>(
        db,
        sql`SELECT campaign_id, chat_id::text, paused_by::text,
              round(extract(epoch FROM paused_until - now()) / 60)::int AS minutes
            FROM keitaro_campaign_pauses`,
      );
    expect(await pauses()).toEqual([]);

    // The chat's administrator: the campaign pauses here for an hour, and the chat is told.
    press(world, CHAT_ADMIN, notification, data);
    await sentTo(TEAM, 3);
    const told = team()[2] as SentMessage;
    expect(told.text).toMatch(
      /^🔕 User7600003 поставил\(а\) кампанию Betting UA \(12\) здесь на паузу на 1 ч, до \d\d:\d\d \(UTC\)\./,
    );
    expect(told.replyTo).toBe(notification.messageId);
    expect(buttons(told)).toEqual([`▶️ Снять паузу=${data}:go`]);
    expect(await pauses()).toEqual([
      { campaign_id: '12', chat_id: String(TEAM), paused_by: String(CHAT_ADMIN), minutes: 60 },
    ]);

    // Its conversions wait; another campaign comes at once.
    await world.post(profile, lead('p1'));
    await world.post(profile, lead('p2'));
    await world.post(profile, lead('c1', 'casino'));
    await waitFor(async () => (await states()).c1 === 'sent');
    expect(await states()).toMatchObject({ p1: 'paused', p2: 'paused' });
    expect(team()).toHaveLength(4);
    expect(team()[3]?.text).toContain('Casino KZ');

    // The hour is over: what waited comes as one message, and nothing else.
    await db.execute(
      sql`UPDATE keitaro_campaign_pauses SET paused_until = now() - interval '1 second'`,
    );
    world.service.calm.invalidate();
    await waitFor(
      async () => (await states()).p1 === 'digested' && (await states()).p2 === 'digested',
    );
    await sentTo(TEAM, 5);
    expect(team()[4]?.text.split('\n')[0]).toBe('<b>🔕 Пока была пауза: 2 конверсии</b>');
    await waitFor(async () => (await pauses()).length === 0);
    expect(team()).toHaveLength(5);
  }, 120_000);

  it('the owner pauses and resumes with ▶️; what waited comes at once; a second press while paused says until when', async () => {
    const { world, cli, profile, states, sentTo } = await campaignWorld();
    const team = () => world.telegram.messagesTo(TEAM);
    expect((await cli('profile', 'set', String(profile.id), '--pause-button', 'on')).code).toBe(
      EXIT_OK,
    );
    await world.post(profile, lead('a1'));
    await sentTo(TEAM, 1);
    const notification = team()[0] as SentMessage;
    const data = dataOf(notification, '🔕');

    press(world, OWNER, notification, data);
    await sentTo(TEAM, 2);
    const told = withText(team(), 'на паузу на 1 ч');
    const answers = world.telegram.callbackAnswers.length;
    press(world, CHAT_ADMIN, notification, data);
    await waitForAnswer(world, answers);
    expect(world.telegram.callbackAnswers.at(-1)?.text).toMatch(
      /^Кампания Betting UA \(12\) здесь уже на паузе до \d\d:\d\d\.$/,
    );

    await world.post(profile, lead('a2'));
    await waitFor(async () => (await states()).a2 === 'paused');
    press(world, OWNER, told, dataOf(told, '▶️'));
    await waitFor(() => (team().find((m) => m.messageId === told.messageId)?.edits ?? 0) > 0);
    const resumed = team().find((m) => m.messageId === told.messageId) as SentMessage;
    expect(resumed.text).toBe(
      '▶️ User7600001 снял(а) паузу с кампании Betting UA (12): то, что ждало, приходит сейчас.',
    );
    expect(resumed.replyMarkup).toBeNull();
    // One conversion waited: it comes as itself.
    await waitFor(async () => (await states()).a2 === 'sent');
    expect(team()).toHaveLength(3);
    expect(team()[2]?.text).toMatch(/^<b>📝 Регистрация<\/b>/);
  }, 120_000);
});
