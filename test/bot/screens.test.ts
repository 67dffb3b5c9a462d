import { describe, expect, it } from 'vitest';
import * as screens from '../../src/bot/screens.ts';
import { botProblem, type Names, targetLabel } from '../../src/bot/targets.ts';
import * as steps from '../../src/bot/wizard-screens.ts';
import type { ProfileRow, RouteRow } from '../../src/db/schema.ts';
import { LANGUAGES } from '../../src/messages/i18n.ts';

const OWNER = 7_400_001;
const BIG = 2_147_483_647;
const FORUM = -1009999999999999;

const profile: ProfileRow = {
  id: BIG,
  ownerUserId: OWNER,
  name: 'Team <A>',
  secret: 'S'.repeat(43),
  enabled: true,
  defaultChatId: FORUM,
  defaultTopicId: BIG,
  language: 'ru',
  timezone: 'UTC',
  buyerField: null,
  pausedUntil: null,
  pauseButton: false,
  card: null,
  rateLimitRps: 27,
  dedupTtlSec: 3600,
  createdAt: new Date(),
  updatedAt: new Date(),
};

const route: RouteRow = {
  id: BIG,
  profileId: BIG,
  matchBy: 'campaign_id',
  matchValue: '12, 15',
  isPattern: false,
  statuses: ['deposit', 'rebill'],
  conditions: [],
  pausedUntil: null,
  topicField: null,
  card: null,
  geo: ['UA', 'KZ'],
  priority: 10,
  chatId: FORUM,
  topicId: 7,
  language: null,
  enabled: true,
  createdAt: new Date(),
  updatedAt: new Date(),
};

const names: Names = {
  chats: new Map([[FORUM, 'Team A']]),
  topics: new Map([[`${FORUM}:7`, 'Deposits']]),
};

describe('screens', () => {
  it('keep every button within Telegram’s 64 bytes of callback data, for the largest ids', () => {
    const frame = { lang: 'uk' as const, title: 'x', step: 'zzzzzz' };
    const all = LANGUAGES.flatMap((lang) => [
      screens.profileScreen(lang, profile, names, 50),
      screens.profilesScreen(lang, [profile]),
      screens.urlScreen(lang, profile, 'https://notify.example.com'),
      screens.confirmScreen(lang, profile, 'del'),
      screens.notifyLanguageScreen(lang, profile),
      screens.limitsScreen(lang, profile),
      screens.routesScreen(lang, profile, [route, route], names),
      screens.routeScreen(lang, profile, route, 1, 3, names),
      screens.routeDeleteScreen(lang, route, 'x'),
      steps.targetStep(
        frame,
        [{ label: 'x', answer: { a: 'to', chatId: FORUM, topicId: BIG } }],
        'keep',
      ),
      steps.topicStep(frame, 'x', [{ label: 'x', answer: { a: 'topic', topicId: BIG } }]),
      steps.statusesStep(frame, ['deposit']),
    ]);
    const data = all.flatMap((s) => s.keyboard.flat().map((b) => b.callback_data));
    expect(data.length).toBeGreaterThan(100);
    for (const d of data) expect(Buffer.byteLength(d)).toBeLessThanOrEqual(64);
  });

  it('sum a route up in one line, in the reader’s language, escaping what the user typed', () => {
    expect(screens.routeSummary('en', route, OWNER, names)).toBe(
      'campaign 12, 15 → chat "Team A", topic "Deposits" · deposit, repeat deposit · UA, KZ',
    );
    expect(
      screens.routeSummary(
        'ru',
        {
          ...route,
          matchBy: 'source',
          matchValue: '<fb>',
          isPattern: true,
          statuses: [],
          geo: [],
          chatId: OWNER,
          topicId: null,
          language: 'en',
          enabled: false,
        },
        OWNER,
      ),
    ).toBe('источник ~ /&lt;fb&gt;/ → этот личный чат · 🇬🇧 English · ⏸ выключен');
    expect(targetLabel('uk', OWNER, FORUM, 9, names)).toBe('чат «Team A», топік 9');
  });

  it('sum up a route made on other fields with all its conditions, on screens and on buttons', () => {
    const buyer = {
      ...route,
      matchBy: 'any',
      conditions: [
        { field: 'sub_id_1' as const, values: ['buyer7', '<b>'] },
        { field: 'offer_id' as const, pattern: '^3\\d$' },
      ],
    };
    expect(screens.routeSummary('en', buyer, OWNER, names)).toBe(
      'sub_id_1 = buyer7, &lt;b&gt;, offer_id ~ /^3\\d$/ → chat "Team A", topic "Deposits" · deposit, repeat deposit · UA, KZ',
    );
    const list = screens.routesScreen('en', profile, [buyer], names);
    expect(list.keyboard[0]?.[0]?.text).toBe('1. sub_id_1 = buyer7, <b>, offer_id ~ /^3\\d$/');
  });

  it('list routes in the order they are tried, and say where everything else goes', () => {
    const list = screens.routesScreen(
      'en',
      profile,
      [route, { ...route, id: 2, matchBy: 'any' }],
      names,
    );
    expect(list.text.split('\n').slice(2)).toEqual([
      '1. campaign 12, 15 → chat "Team A", topic "Deposits" · deposit, repeat deposit · UA, KZ',
      '2. all conversions → chat "Team A", topic "Deposits" · deposit, repeat deposit · UA, KZ',
      '',
      `Everything else goes to chat "Team A", topic ${BIG}.`,
    ]);
  });
});

describe('words as people say them', () => {
  const limits = (lang: 'ru' | 'uk' | 'en', rateLimitRps: number, dedupTtlSec: number) =>
    screens.profileScreen(lang, { ...profile, rateLimitRps, dedupTtlSec }, names).text;

  it('count postbacks with the plural form of each language', () => {
    expect(limits('ru', 1, 3600)).toContain(
      'Лимиты: 1 постбэк/с, повторы игнорируются в течение 1 ч',
    );
    expect(limits('ru', 2, 3600)).toContain('Лимиты: 2 постбэка/с,');
    expect(limits('ru', 27, 3600)).toContain('Лимиты: 27 постбэков/с,');
    expect(limits('uk', 2, 1800)).toContain(
      'Ліміти: 2 постбеки/с, повтори ігноруються протягом 30 хв',
    );
    expect(limits('uk', 5, 1800)).toContain('Ліміти: 5 постбеків/с,');
    expect(limits('en', 1, 604_800)).toContain('Limits: 1 postback/s, repeats ignored for 7 days');
    expect(limits('en', 2, 0)).toContain('Limits: 2 postbacks/s, repeats not ignored');
  });

  it('say a window in hours, minutes or days, the way it can be typed back', () => {
    const window = (lang: 'ru' | 'uk' | 'en', dedupTtlSec: number) =>
      screens.limitsScreen(lang, { ...profile, dedupTtlSec }).text;
    expect(window('ru', 3600)).toContain('Окно повторов: <b>1 ч</b>;');
    expect(window('ru', 5400)).toContain('Окно повторов: <b>1 ч 30 мин</b>;');
    expect(window('ru', 172_800)).toContain('Окно повторов: <b>2 дня</b>;');
    expect(window('uk', 604_800)).toContain('Вікно повторів: <b>7 днів</b>;');
    expect(window('en', 90)).toContain('Repeats window: <b>1 min 30 s</b>;');
  });

  it('quote names the way each language does', () => {
    expect(targetLabel('en', OWNER, FORUM, 7, names)).toBe('chat "Team A", topic "Deposits"');
    expect(targetLabel('ru', OWNER, FORUM, 7, names)).toBe('чат «Team A», топик «Deposits»');
    expect(screens.profileScreen('en', profile, names).text).toContain('<b>Team &lt;A&gt;</b>');
    expect(screens.confirmScreen('en', profile, 'del').text).toContain('Delete "Team &lt;A&gt;"');
  });
});

describe("Telegram's refusals in plain words", () => {
  it('judge from the bot’s membership whether it may post', () => {
    const user = { id: 1, is_bot: true, first_name: 'Bot' };
    expect(botProblem({ status: 'member', user }, 'supergroup')).toBeNull();
    expect(botProblem({ status: 'left', user }, 'supergroup')).toBe('bot_absent');
    expect(botProblem({ status: 'kicked', user, until_date: 0 }, 'group')).toBe('bot_absent');
    expect(
      botProblem(
        {
          status: 'restricted',
          user,
          is_member: true,
          can_send_messages: false,
        } as never,
        'supergroup',
      ),
    ).toBe('bot_muted');
    expect(botProblem({ status: 'member', user }, 'channel')).toBe('channel_rights');
  });
});
