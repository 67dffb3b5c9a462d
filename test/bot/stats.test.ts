import { afterEach, describe, expect, it } from 'vitest';
import type { SentMessage } from '../../src/demo/fake-bot-api.ts';
import { changeStatsSettings } from '../../src/stats/settings.ts';
import {
  GROUP_CHAT,
  GROUP_TOPIC,
  storeKyivWeek,
  storeTeamToday,
  TEAM_CHAT,
  teamToday,
} from '../fixtures/conversions.ts';
import { say, sayInTopic } from '../support/bot.ts';
import { type DeliveryWorld, startDeliveryWorld } from '../support/delivery.ts';
import { waitFor } from '../support/processes.ts';

const OWNER = 7_100_001;
const MEMBER = 7_100_002;

describe('/stats', () => {
  let w: DeliveryWorld | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  /** The Kyiv week, moved so that its last day (the 26th) is today in Kyiv. */
  async function team() {
    const today = teamToday();
    w = await startDeliveryWorld('pglite', { botClock: () => today.now.getTime() });
    const world = w;
    const db = world.database.db;
    const profile = await world.profile({ ownerUserId: OWNER, defaultChatId: TEAM_CHAT });
    await storeTeamToday(db, profile, today);
    const reply = async (chatId: number, send: () => void): Promise<SentMessage> => {
      const before = world.telegram.messagesTo(chatId).length;
      send();
      await waitFor(() => world.telegram.messagesTo(chatId).length > before);
      return world.telegram.messagesTo(chatId).at(-1) as SentMessage;
    };
    return { world, reply, today };
  }

  it('in a group, answers with only what that chat and topic receive', async () => {
    const { world, reply } = await team();
    const topic = await reply(GROUP_CHAT, () =>
      sayInTopic(
        world,
        MEMBER,
        { id: GROUP_CHAT, title: 'Buyer 9' },
        { id: GROUP_TOPIC, name: 'KZ' },
        '/stats',
      ),
    );
    expect(topic.threadId).toBe(GROUP_TOPIC);
    const lines = topic.text.split('\n');
    expect(lines[0]).toMatch(/^📊 <b>Сегодня, \d+ \S+<\/b>$/);
    expect(lines.slice(1, 5)).toEqual([
      '📝 Регистрации: 1',
      '💰 Первые депозиты: 0',
      'ℹ️ hold: 1',
      '🎯 Рег → деп: 0% (0 из 1)',
    ]);
    // The team's deposits and revenue are not this group's to see.
    expect(topic.text).not.toContain('Доход');
    expect(topic.text).not.toContain('Betting');

    const week = await reply(TEAM_CHAT, () =>
      say(world, MEMBER, '/stats 7d', 'ru', { id: TEAM_CHAT, type: 'supergroup', title: 'Team' }),
    );
    expect(week.text).toMatch(/^📊 <b>7 дней: /);
    expect(week.text).toContain('💰 Первые депозиты: 1');
    expect(week.text).toContain('💵 Доход: 130 USD');
    expect(week.text).toContain('Баеры: buyer7 1/1, buyer8 0/1');
    expect(week.text).not.toContain('Casino KZ');
  }, 60_000);

  it('in private, answers with the owner’s whole profile; elsewhere it says what to do', async () => {
    const { world, reply } = await team();
    const mine = await reply(OWNER, () => say(world, OWNER, '/stats 7d'));
    expect(mine.text).toContain('📝 Регистрации: 3');
    expect(mine.text).toContain('Кампании: Betting UA 1/2, Casino KZ 0/1');

    const stranger = await reply(MEMBER, () => say(world, MEMBER, '/stats'));
    expect(stranger.text).toContain('У вас пока нет профилей');
    const elsewhere = await reply(-1009999, () =>
      say(world, MEMBER, '/stats', 'ru', { id: -1009999, type: 'supergroup', title: 'Other' }),
    );
    expect(elsewhere.text).toContain('В этот чат не приходят конверсии ни одного профиля');
    const wrong = await reply(OWNER, () => say(world, OWNER, '/stats forever'));
    expect(wrong.text).toContain('/stats yesterday');
  }, 60_000);

  it('in private, sends a long answer as one message per profile', async () => {
    const { world, reply, today } = await team();
    const db = world.database.db;
    for (let n = 2; n <= 11; n++) {
      const more = await world.profile({ ownerUserId: OWNER, name: `Team ${n}` });
      await changeStatsSettings(db, more.id, { timezone: 'Europe/Kyiv', buyerField: 'sub_id_1' });
      await storeKyivWeek(db, more, today);
    }
    const before = world.telegram.messagesTo(OWNER).length;
    await reply(OWNER, () => say(world, OWNER, '/stats 7d'));
    await waitFor(() => world.telegram.messagesTo(OWNER).length - before === 11);
    const answers = world.telegram.messagesTo(OWNER).slice(before);
    expect(answers.map((m) => m.text.split('\n')[0])).toEqual([
      '<b>Keitaro</b>',
      ...[2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((n) => `<b>Team ${n}</b>`),
    ]);
    expect(answers.every((m) => m.text.includes('💵 Доход: 130 USD'))).toBe(true);
  }, 90_000);
});
