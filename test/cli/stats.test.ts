import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../../src/cli/commands.ts';
import { queryRows } from '../../src/db/client.ts';
import { getProfile } from '../../src/profiles/repository.ts';
import { CHART_HEIGHT, CHART_WIDTH } from '../../src/stats/chart.ts';
import { storeKyivWeek, TEAM_CHAT } from '../fixtures/conversions.ts';
import { cliOn } from '../support/cli.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { pngSize } from '../support/png.ts';

describe.each(databaseKinds)('statistics in the CLI on %s', (kind) => {
  let database: TestDatabase;
  let id: number;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const created = await cli(
      'profile',
      'create',
      '--owner',
      '7001',
      '--chat',
      String(TEAM_CHAT),
      '--json',
    );
    id = JSON.parse(created.out).id;
    const profile = await getProfile(database.db, id);
    if (!profile) throw new Error('no profile');
    await storeKyivWeek(database.db, profile);
  }, 60_000);
  afterAll(() => database.close());

  const cli = (...argv: string[]) => cliOn(database)(...argv);

  it('sets the time zone and the buyer field, and prints the figures as --json', async () => {
    const set = await cli(
      'profile',
      'set',
      String(id),
      '--timezone',
      'Europe/Kyiv',
      '--buyer-field',
      'sub_id_1',
    );
    expect(set.code).toBe(EXIT_OK);
    expect(set.out).toContain('time zone:       Europe/Kyiv');
    expect(set.out).toContain('buyer field:     sub_id_1');
    expect((await cli('buyer', 'name', String(id), 'buyer7', 'Вася', 'К.')).code).toBe(EXIT_OK);

    const res = await cli(
      'stats',
      String(id),
      '--from',
      '2026-10-24',
      '--to',
      '2026-10-26',
      '--by',
      'buyer',
      '--json',
    );
    expect(res.code).toBe(EXIT_OK);
    const none = { other: {}, revenue: {} };
    expect(JSON.parse(res.out)).toEqual({
      profile_id: id,
      time_zone: 'Europe/Kyiv',
      from: '2026-10-24',
      to: '2026-10-26',
      totals: {
        registrations: 3,
        first_deposits: 1,
        repeat_deposits: 1,
        rejections: 1,
        other: { hold: 1 },
        revenue: { USD: '130.00' },
      },
      registration_to_first_deposit: {
        registrations: 3,
        first_deposits: 1,
        median_seconds: 93_600,
      },
      by: 'buyer',
      rows: [
        {
          key: 'buyer7',
          name: 'Вася К.',
          registrations: 1,
          first_deposits: 1,
          repeat_deposits: 1,
          rejections: 0,
          other: {},
          revenue: { USD: '130.00' },
        },
        {
          key: 'buyer8',
          registrations: 1,
          first_deposits: 0,
          repeat_deposits: 0,
          rejections: 1,
          ...none,
        },
        {
          key: 'buyer9',
          registrations: 1,
          first_deposits: 0,
          repeat_deposits: 0,
          rejections: 0,
          other: { hold: 1 },
          revenue: {},
        },
      ],
    });
  });

  it('prints a day as a person reads it', async () => {
    const res = await cli(
      'stats',
      String(id),
      '--from',
      '2026-10-26',
      '--to',
      '2026-10-26',
      '--by',
      'campaign',
    );
    expect(res.code).toBe(EXIT_OK);
    expect(res.out.split('\n')).toEqual([
      `Profile ${id} "Keitaro", 2026-10-26 (Europe/Kyiv)`,
      'Registrations 1 · first deposits 1 · repeat deposits 1 · rejected 1 · hold 1',
      'Revenue: 130.00 USD',
      'Registration → first deposit: 0 of 1 (0%); median time to first deposit 1d 2h',
      '',
      'campaign    reg  ftd  redep  rej  other   revenue',
      'Betting UA    0    1      1    1  -       130.00 USD',
      'Casino KZ     1    0      0    0  hold 1  0',
    ]);
  });

  it('answers a wrong option with a sentence and exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['stats', String(id), '--by', 'weekday'],
        /--by is one of day, campaign, country, buyer, source, offer/,
      ],
      [['stats', String(id), '--from', '2026-02-30'], /--from is a date such as 2026-11-29/],
      [['stats', String(id), '--from', '2026-10-26', '--to', '2026-10-24'], /is after --to/],
      [
        ['profile', 'set', String(id), '--timezone', 'Europe/Atlantis'],
        /IANA name such as Europe\/Kyiv/,
      ],
      [
        ['profile', 'set', String(id), '--buyer-field', 'sub_id_31'],
        /sub_id_1 … sub_id_30, or source/,
      ],
    ];
    for (const [argv, message] of cases) {
      const res = await cli(...argv);
      expect(res.code, argv.join(' ')).toBe(EXIT_USAGE);
      expect(res.err).toMatch(message);
    }
    const missing = await cli('stats', '999999');
    expect(missing.code).toBe(EXIT_FAILED);
    expect(missing.err).toBe('No profile with id 999999.');
  });
});

describe('the daily summary in the CLI', () => {
  it('prints the day as it would be sent, and writes its chart', async () => {
    const database = await createTestDatabase('pglite');
    try {
      const cli = cliOn(database);
      const created = await cli(
        'profile',
        'create',
        '--owner',
        '7001',
        '--chat',
        String(TEAM_CHAT),
        '--json',
      );
      const id = JSON.parse(created.out).id as number;
      await cli(
        'profile',
        'set',
        String(id),
        '--timezone',
        'Europe/Kyiv',
        '--buyer-field',
        'sub_id_1',
      );
      const profile = await getProfile(database.db, id);
      if (!profile) throw new Error('no profile');
      await storeKyivWeek(database.db, profile);
      const png = join(mkdtempSync(join(tmpdir(), 'summary-')), 'chart.png');
      const res = await cli('summary', String(id), '--date', '2026-10-26', '--png', png);
      expect(res.code).toBe(EXIT_OK);
      expect(res.out.split('\n')).toEqual([
        '📊 Итоги 26 октября',
        '📝 Регистрации: 1',
        '💰 Первые депозиты: 1 ▲1',
        '🔁 Повторные депозиты: 1 ▲1',
        '⛔️ Отказы: 1 ▲1',
        'ℹ️ hold: 1',
        '💵 Доход: 130 USD',
        '🎯 Рег → деп: 0% (0 из 1)',
        '⏱ Медиана до депозита: 1 день 2 ч',
        '',
        'Кампании: Betting UA 1/0, Casino KZ 0/1',
        'ГЕО: 🇺🇦 UA 1/0, 🇰🇿 KZ 0/1',
        'Баеры: buyer7 1/0, buyer9 0/1',
        'в списках: первые депозиты / регистрации',
        `Chart written to ${png}.`,
      ]);
      expect(pngSize(readFileSync(png))).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
      copyFileSync(png, join(tmpdir(), 'keitaro-summary-2026-10-26.png'));

      const on = await cli('summary', String(id), '--at', '9:30');
      expect(on.code).toBe(EXIT_OK);
      expect(on.out).toBe(
        `Daily summary of profile ${id} to chat ${TEAM_CHAT}: every day at 9:30 Europe/Kyiv, for the day before.`,
      );
      const rows = () =>
        queryRows<{ enabled: boolean; send_at: number }>(
          database.db,
          sql`SELECT enabled, send_at FROM keitaro_summaries WHERE profile_id = ${id}`,
        );
      expect(await rows()).toEqual([{ enabled: true, send_at: 570 }]);
      expect((await cli('summary', String(id), '--at', 'off')).code).toBe(EXIT_OK);
      expect(await rows()).toEqual([{ enabled: false, send_at: 570 }]);
      const wrong = await cli('summary', String(id), '--at', '25:00');
      expect(wrong.code).toBe(EXIT_USAGE);
      expect(wrong.err).toMatch(/--at is a time such as 09:00, or off/);

      const quiet = await cli(
        'summary',
        String(id),
        '--date',
        '2026-10-20',
        '--lang',
        'en',
        '--json',
      );
      expect(JSON.parse(quiet.out)).toMatchObject({
        from: '2026-10-20',
        totals: { registrations: 0, first_deposits: 0 },
        text: '📊 Summary for October 20\nNo conversions that day.',
      });
    } finally {
      await database.close();
    }
  }, 60_000);
});
