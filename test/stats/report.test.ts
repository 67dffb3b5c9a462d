import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { createProfile } from '../../src/profiles/repository.ts';
import { statsReport } from '../../src/stats/report.ts';
import { changeStatsSettings } from '../../src/stats/settings.ts';
import { GROUP_CHAT, GROUP_TOPIC, storeKyivWeek, TEAM_CHAT } from '../fixtures/conversions.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';

const week = { from: '2026-10-24', to: '2026-10-26' };

describe.each(databaseKinds)('statistics from stored conversions on %s', (kind) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  async function kyivTeam() {
    database = await createTestDatabase(kind);
    const profile = await createProfile(database.db, {
      ownerUserId: 7001,
      defaultChatId: TEAM_CHAT,
    });
    await changeStatsSettings(database.db, profile.id, {
      timezone: 'Europe/Kyiv',
      buyerField: 'sub_id_1',
    });
    await storeKyivWeek(database.db, profile);
    return { db: database.db, profile };
  }

  it('counts each conversion once, per currency, with a rejected deposit taken back', async () => {
    const { db, profile } = await kyivTeam();
    const report = await statsReport(db, { profileId: profile.id }, week);
    expect(report.totals).toEqual({
      registrations: 3,
      deposits: 1,
      rebills: 1,
      rejections: 1,
      other: { hold: 1 },
      revenue: { USD: '130.00' },
    });
    // a1 registered 10-24 23:30 and deposited 26 hours later; b1's deposit was rejected.
    expect(report.funnel).toEqual({
      registrations: 3,
      deposited: 1,
      medianSecondsToDeposit: 26 * 3600,
    });
  }, 60_000);

  it('counts by the day in the profile’s zone, on both sides of midnight and of the DST change', async () => {
    const { db, profile } = await kyivTeam();
    const report = await statsReport(db, { profileId: profile.id }, week, 'day');
    expect(report.rows.map((r) => [r.key, r.figures])).toEqual([
      [
        '2026-10-24',
        { registrations: 1, deposits: 0, rebills: 0, rejections: 0, other: {}, revenue: {} },
      ],
      // b1's deposit of 23:30 (after the clocks went back) was rejected the next day.
      [
        '2026-10-25',
        { registrations: 1, deposits: 0, rebills: 0, rejections: 0, other: {}, revenue: {} },
      ],
      [
        '2026-10-26',
        {
          registrations: 1,
          deposits: 1,
          rebills: 1,
          rejections: 1,
          other: { hold: 1 },
          revenue: { USD: '130.00' },
        },
      ],
    ]);
    const sunday = await statsReport(
      db,
      { profileId: profile.id },
      { from: '2026-10-25', to: '2026-10-25' },
    );
    expect(sunday.totals.registrations).toBe(1);
  }, 60_000);

  it('breaks the figures down by buyer, with the names a team gave them', async () => {
    const { db, profile } = await kyivTeam();
    await db.execute(
      sql`INSERT INTO keitaro_buyer_names (profile_id, value, name) VALUES (${profile.id}, 'buyer7', 'Вася')`,
    );
    const report = await statsReport(db, { profileId: profile.id }, week, 'buyer');
    expect(report.rows.map((r) => ({ key: r.key, name: r.name, ...r.figures }))).toEqual([
      {
        key: 'buyer7',
        name: 'Вася',
        registrations: 1,
        deposits: 1,
        rebills: 1,
        rejections: 0,
        other: {},
        revenue: { USD: '130.00' },
      },
      {
        key: 'buyer8',
        name: undefined,
        registrations: 1,
        deposits: 0,
        rebills: 0,
        rejections: 1,
        other: {},
        revenue: {},
      },
      {
        key: 'buyer9',
        name: undefined,
        registrations: 1,
        deposits: 0,
        rebills: 0,
        rejections: 0,
        other: { hold: 1 },
        revenue: {},
      },
    ]);
    const byCountry = await statsReport(db, { profileId: profile.id }, week, 'country');
    expect(byCountry.rows.map((r) => [r.key, r.figures.registrations, r.figures.deposits])).toEqual(
      [
        ['UA', 2, 1],
        ['KZ', 1, 0],
      ],
    );
  }, 60_000);

  it('gives a group only the figures of what it receives', async () => {
    const { db, profile } = await kyivTeam();
    const group = await statsReport(db, { profileId: profile.id, chatId: GROUP_CHAT }, week);
    expect(group.totals).toEqual({
      registrations: 1,
      deposits: 0,
      rebills: 0,
      rejections: 0,
      other: { hold: 1 },
      revenue: {},
    });
    expect(group.funnel.registrations).toBe(1);
    const otherTopic = await statsReport(
      db,
      { profileId: profile.id, chatId: GROUP_CHAT, topicId: GROUP_TOPIC + 1 },
      week,
    );
    expect(otherTopic.totals.registrations).toBe(0);
    const team = await statsReport(
      db,
      { profileId: profile.id, chatId: TEAM_CHAT, topicId: 0 },
      week,
    );
    expect(team.totals.revenue).toEqual({ USD: '130.00' });
  }, 60_000);

  it('counts a conversion once however often the figures are read, and nothing is left pending', async () => {
    const { db, profile } = await kyivTeam();
    await statsReport(db, { profileId: profile.id }, week);
    const again = await statsReport(db, { profileId: profile.id }, week);
    expect(again.totals.registrations).toBe(3);
    const [pending] = await queryRows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM keitaro_stats_pending`,
    );
    expect(pending?.n).toBe(0);
  }, 60_000);

  it('counts everything again under a new time zone and buyer field', async () => {
    database = await createTestDatabase(kind);
    const db = database.db;
    const profile = await createProfile(db, { ownerUserId: 7001, defaultChatId: TEAM_CHAT });
    await storeKyivWeek(db, profile);
    // In UTC, b1's registration (21:30) is still on the 24th, and nobody is a buyer.
    const utc = await statsReport(db, { profileId: profile.id }, week, 'buyer');
    expect(utc.rows.map((r) => r.key)).toEqual(['']);
    const utc24 = await statsReport(
      db,
      { profileId: profile.id },
      { from: '2026-10-24', to: '2026-10-24' },
    );
    expect(utc24.totals.registrations).toBe(2);

    await changeStatsSettings(db, profile.id, { timezone: 'Europe/Kyiv', buyerField: 'sub_id_1' });
    const kyiv24 = await statsReport(
      db,
      { profileId: profile.id },
      { from: '2026-10-24', to: '2026-10-24' },
    );
    expect(kyiv24.totals.registrations).toBe(1);
    const kyiv = await statsReport(db, { profileId: profile.id }, week, 'buyer');
    expect(kyiv.rows.map((r) => r.key)).toEqual(['buyer7', 'buyer8', 'buyer9']);
    expect(kyiv.totals).toEqual(utc.totals);
  }, 60_000);
});
