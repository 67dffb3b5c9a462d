import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { renderChartApart } from '../../src/stats/chart.ts';
import { dueDay, SummaryJob, setSummary } from '../../src/stats/schedule.ts';
import { changeStatsSettings } from '../../src/stats/settings.ts';
import { storeKyivWeek, TEAM_CHAT } from '../fixtures/conversions.ts';
import { databaseKinds } from '../support/databases.ts';
import { type DeliveryWorld, startDeliveryWorld } from '../support/delivery.ts';
import { capturedLogger } from '../support/logs.ts';
import { pngSize } from '../support/png.ts';
import { waitFor } from '../support/processes.ts';

describe('when a daily summary is due', () => {
  it('is yesterday’s once the local send time has passed, across the DST change', () => {
    // 09:00 in Kyiv is 06:00 UTC in summer time and 07:00 UTC in winter time.
    expect(dueDay(new Date('2026-10-25T05:59:00Z'), 'Europe/Kyiv', 540)).toBe('2026-10-23');
    expect(dueDay(new Date('2026-10-25T06:00:00Z'), 'Europe/Kyiv', 540)).toBe('2026-10-23');
    expect(dueDay(new Date('2026-10-25T07:00:00Z'), 'Europe/Kyiv', 540)).toBe('2026-10-24');
    expect(dueDay(new Date('2026-10-26T06:59:00Z'), 'Europe/Kyiv', 540)).toBe('2026-10-24');
    expect(dueDay(new Date('2026-10-26T07:00:00Z'), 'Europe/Kyiv', 540)).toBe('2026-10-25');
    expect(dueDay(new Date('2026-10-26T07:00:00Z'), 'UTC', 540)).toBe('2026-10-24');
  });
});

describe.each(databaseKinds)('the daily summary on %s', (kind) => {
  let w: DeliveryWorld | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  it('goes to its chat once a day with its chart, across two instances and a restart, empty days too', async () => {
    let now = new Date('2026-10-26T08:00:00Z'); // 10:00 in Kyiv
    const clock = () => now;
    w = await startDeliveryWorld(kind, { summaries: { now: clock, tickMs: 3_600_000 } });
    const world = w;
    const db = world.database.db;
    const profile = await world.profile({ defaultChatId: TEAM_CHAT });
    await changeStatsSettings(db, profile.id, { timezone: 'Europe/Kyiv', buyerField: 'sub_id_1' });
    await storeKyivWeek(db, profile);
    // Turned on at 10:00: the first summary is tomorrow's, not the one due this morning.
    await setSummary(db, { profileId: profile.id, chatId: TEAM_CHAT, sendAt: 540 }, now);
    world.service.summaries.invalidate();
    const other = new SummaryJob(db, () => {}, capturedLogger().logger, {
      now: clock,
      draw: renderChartApart,
    });
    const summariesSent = async () =>
      queryRows<{ body: string; state: string }>(
        db,
        sql`SELECT body, state FROM keitaro_deliveries WHERE kind = 'summary' ORDER BY id`,
      );

    now = new Date('2026-10-27T06:59:00Z'); // 08:59
    expect(await world.service.summaries.runDue()).toBe(0);

    now = new Date('2026-10-27T07:00:00Z'); // 09:00: the 26th is due, on both instances at once
    const queued = await Promise.all([world.service.summaries.runDue(), other.runDue()]);
    expect(queued[0] + queued[1]).toBe(1);
    await world.restart();
    expect(await world.service.summaries.runDue()).toBe(0);
    expect(
      await new SummaryJob(db, () => {}, capturedLogger().logger, {
        now: clock,
        draw: renderChartApart,
      }).runDue(),
    ).toBe(0);

    await waitFor(() => world.telegram.messages.some((m) => m.chatId === TEAM_CHAT && m.photo));
    const [sent] = world.telegram.messages.filter((m) => m.chatId === TEAM_CHAT && m.photo);
    expect(sent?.text.split('\n').slice(0, 3)).toEqual([
      '📊 <b>Итоги 26 октября</b>',
      // The team's chat only: buyer9's registration went to the group.
      '📝 Регистрации: 0 ▼1',
      '💰 Первые депозиты: 1 ▲1',
    ]);
    expect(sent?.parseMode).toBe('HTML');
    expect(pngSize(sent?.photo as Buffer)).toEqual({ width: 1200, height: 675 });

    now = new Date('2026-10-28T07:00:00Z'); // the 27th had no conversions: said so
    world.service.summaries.invalidate();
    expect(await world.service.summaries.runDue()).toBe(1);
    await waitFor(async () => (await summariesSent()).every((row) => row.state === 'sent'));
    const bodies = (await summariesSent()).map((row) => row.body.split('\n')[0]);
    expect(bodies).toEqual(['📊 <b>Итоги 26 октября</b>', '📊 <b>Итоги 27 октября</b>']);
    const empty = world.telegram.messages.filter((m) => m.chatId === TEAM_CHAT && m.photo)[1];
    expect(empty?.text).toBe('📊 <b>Итоги 27 октября</b>\nКонверсий за этот день не было.');
  }, 120_000);
});
