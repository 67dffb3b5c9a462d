import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT_OK, EXIT_USAGE } from '../../src/cli/arguments.ts';
import { queryRows } from '../../src/db/client.ts';
import { inQuietWindow } from '../../src/delivery/calm-rule.ts';
import { addRoute } from '../../src/profiles/repository.ts';
import { leadQuery, rebillLegacyNames, saleForm } from '../fixtures/postbacks.ts';
import { cliOn } from '../support/cli.ts';
import { databaseKinds } from '../support/databases.ts';
import { type DeliveryWorld, startDeliveryWorld } from '../support/delivery.ts';
import { waitFor } from '../support/processes.ts';

const TEAM = -1001000000700;
const BUYERS = -1001000000701;

/** Three conversions of one click and a rebill, as Keitaro sends them. */
const lead = (click: string) => leadQuery.replace('3kq1a9x7', click);
const sale = (click: string) => saleForm.replace('3kq1a9x7', click).replace('T-991', `T-${click}`);

describe('quiet hours, on the clock', () => {
  it('hold inside the window, across midnight too, and not outside it', () => {
    expect(inQuietWindow(60, 480, 60)).toBe(true); // 01:00–08:00 at 01:00
    expect(inQuietWindow(60, 480, 480)).toBe(false); // at 08:00 they are over
    expect(inQuietWindow(1380, 60, 1439)).toBe(true); // 23:00–01:00 at 23:59
    expect(inQuietWindow(1380, 60, 0)).toBe(true); // … and at 00:00
    expect(inQuietWindow(1380, 60, 60)).toBe(false);
    expect(inQuietWindow(1380, 60, 720)).toBe(false);
  });
});

describe.each(databaseKinds)('calm without loss on %s', (kind) => {
  let w: DeliveryWorld | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  async function calmWorld() {
    w = await startDeliveryWorld(kind);
    const world = w;
    // As the running service hears of the CLI's changes through its socket.
    const cli = cliOn(world.database, () => {
      world.service.directory.invalidate();
      world.service.calm.invalidate();
    });
    const states = async () =>
      (
        await queryRows<{ state: string; n: number }>(
          world.database.db,
          sql`SELECT state, count(*)::int AS n FROM keitaro_deliveries WHERE kind = 'event'
              GROUP BY state ORDER BY state`,
        )
      ).map((r) => `${r.state} ${r.n}`);
    return { world, cli, states };
  }

  it('a paused profile takes postbacks, sends nothing, and after a restart and the end of the pause sends one digest of them all', async () => {
    const { world, cli, states } = await calmWorld();
    const p = await world.profile({ defaultChatId: TEAM });
    const paused = await cli('profile', 'pause', String(p.id), '--for', '1h');
    expect(paused.code).toBe(EXIT_OK);
    expect(paused.out).toContain('paused until');

    await world.post(p, lead('a1'));
    await world.post(p, sale('a1'));
    await world.post(p, rebillLegacyNames);
    expect(await states()).toEqual(['paused 3']);
    expect((await cli('profile', 'show', String(p.id))).out).toMatch(/paused: +until 20\d\d-/);

    // Nothing is lost across a restart during the pause, and postbacks keep coming in.
    await world.restart();
    await world.post(p, lead('b1'));
    expect(await states()).toEqual(['paused 4']);
    expect(world.telegram.messagesTo(TEAM)).toEqual([]);

    // The pause ends by itself: the hour is over.
    await world.database.db.execute(
      sql`UPDATE keitaro_profiles SET paused_until = now() - interval '1 second' WHERE id = ${p.id}`,
    );
    await waitFor(() => world.telegram.messagesTo(TEAM).length === 1);
    const [digest] = world.telegram.messagesTo(TEAM);
    const lines = digest?.text.split('\n') ?? [];
    expect(lines[0]).toBe('<b>🔕 Пока была пауза: 4 конверсии</b>');
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^<b>💰 Депозиты<\/b>: 1 за \d+ мин — Betting UA ×1 \(UA 1\)$/),
      expect.stringMatching(
        /^<b>🔁 Повторные депозиты<\/b>: 1 за \d+ мин — Casino KZ ×1 \(KZ 1\)$/,
      ),
      expect.stringMatching(/^<b>📝 Регистрации<\/b>: 2 за \d+ мин — Betting UA ×2 \(UA 2\)$/),
      'Доход: 100 USD, 25,5 EUR',
      'TX: <code>T-a1</code>, <code>T-1200</code>, <code>a1</code>, <code>b1</code>',
    ]);
    await waitFor(async () => (await states()).join() === 'digested 4');
  }, 90_000);

  it('a route paused until resumed holds only its own conversions; resume sends them', async () => {
    const { world, cli, states } = await calmWorld();
    const p = await world.profile({ defaultChatId: TEAM });
    const route = await addRoute(world.database.db, p.id, {
      matchBy: 'any',
      matchValue: null,
      isPattern: false,
      statuses: [],
      geo: [],
      conditions: [{ field: 'sub_id_1', values: ['buyer7'] }],
      priority: 1,
      chatId: BUYERS,
      topicId: null,
      language: null,
    });
    expect((await cli('route', 'pause', String(route.id))).out).toContain('paused until resumed');
    await world.post(p, lead('a1')); // buyer7: its route is paused
    await world.post(p, sale('a1')); // sub_id_1=google: the team's chat, at once
    // Sent means recorded as sent, a moment after Telegram has it.
    await waitFor(async () => (await states()).join() === 'paused 1,sent 1');

    expect((await cli('route', 'resume', String(route.id))).code).toBe(EXIT_OK);
    // One conversion waited: it comes as itself, not as a digest of one.
    await waitFor(() => world.telegram.messagesTo(BUYERS).length === 1);
    expect(world.telegram.messagesTo(BUYERS)[0]?.text).toMatch(/^<b>📝 Регистрация<\/b>/);
  }, 90_000);

  it('quiet hours across midnight hold registrations, let deposits through, and end in one digest', async () => {
    const { world, cli, states } = await calmWorld();
    // A zone where it is 23:xx now, so that 23:00–01:00 runs across its midnight.
    const offset = (((23 - new Date().getUTCHours()) % 24) + 24) % 24;
    const hours = offset > 14 ? offset - 24 : offset;
    const zone = hours >= 0 ? `Etc/GMT-${hours}` : `Etc/GMT+${-hours}`;
    const p = await world.profile({ defaultChatId: TEAM });
    expect((await cli('profile', 'set', String(p.id), '--timezone', zone)).code).toBe(EXIT_OK);
    const quiet = await cli('quiet', String(p.id), '23:00-01:00');
    expect(quiet.out).toContain(`23:00–01:00 ${zone}, deposits still come through`);

    await world.post(p, lead('a1'));
    await world.post(p, lead('b1'));
    await world.post(p, sale('a1'));
    await waitFor(() => world.telegram.messagesTo(TEAM).length === 1);
    expect(world.telegram.messagesTo(TEAM)[0]?.text).toMatch(/^<b>💰 Депозит<\/b>/);
    await waitFor(async () => (await states()).join() === 'quiet 2,sent 1');

    // The night is over (the hours moved away from now): what waited comes as one digest.
    expect((await cli('quiet', String(p.id), '03:00-04:00')).code).toBe(EXIT_OK);
    await waitFor(() => world.telegram.messagesTo(TEAM).length === 2);
    expect(world.telegram.messagesTo(TEAM)[1]?.text.split('\n')[0]).toBe(
      '<b>🌙 За тихие часы: 2 конверсии</b>',
    );
    expect((await cli('quiet', String(p.id), 'off')).out).toContain('off');
  }, 90_000);

  it('refuses a pause or quiet hours it cannot read, with exit code 2', async () => {
    const { world, cli } = await calmWorld();
    const p = await world.profile({ defaultChatId: TEAM });
    for (const [argv, message] of [
      [['profile', 'pause', String(p.id), '--for', 'soon'], /--for is a length such as 30m/],
      [['profile', 'pause', String(p.id), '--until', '25:00'], /--until is a time of day/],
      [['profile', 'pause', String(p.id), '--for', '1h', '--until', '09:00'], /not both/],
      [['quiet', String(p.id), '08:00-08:00'], /quiet needs hours such as 01:00-08:00/],
    ] as const) {
      const res = await cli(...argv);
      expect(res.code).toBe(EXIT_USAGE);
      expect(res.err).toMatch(message);
    }
    expect((await cli('profile', 'pause', '999999')).code).toBe(1);
  }, 60_000);
});
