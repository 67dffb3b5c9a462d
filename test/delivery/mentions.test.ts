import { afterEach, describe, expect, it } from 'vitest';
import { EXIT_OK, EXIT_USAGE } from '../../src/cli/arguments.ts';
import { changeStatsSettings } from '../../src/stats/settings.ts';
import { leadQuery, saleForm } from '../fixtures/postbacks.ts';
import { cliOn } from '../support/cli.ts';
import { databaseKinds } from '../support/databases.ts';
import { type DeliveryWorld, startDeliveryWorld } from '../support/delivery.ts';
import { waitFor } from '../support/processes.ts';

const TEAM = -1001000000950;
const sale7 = saleForm.replace('sub_id_1=google', 'sub_id_1=buyer7');

describe.each(databaseKinds)('mentioning a buyer on %s', (kind) => {
  let w: DeliveryWorld | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  it("a buyer's first deposit mentions them, by @username or by id; a registration only when asked", async () => {
    w = await startDeliveryWorld(kind);
    const world = w;
    const p = await world.profile({ defaultChatId: TEAM });
    await changeStatsSettings(world.database.db, p.id, { buyerField: 'sub_id_1' });
    const cli = cliOn(world.database);
    expect((await cli('buyer', 'mention', String(p.id), 'buyer7', '@anna_buys')).code).toBe(
      EXIT_OK,
    );
    const bad = await cli('buyer', 'mention', String(p.id), 'buyer7', 'anna');
    expect(bad.code).toBe(EXIT_USAGE);
    expect(bad.err).toContain('@username or a Telegram user id');

    await world.post(p, leadQuery); // buyer7's registration: no mention
    await world.post(p, sale7); // buyer7's deposit: mentioned
    await waitFor(() => world.telegram.messagesTo(TEAM).length === 2);
    const [registration, deposit] = [...world.telegram.messagesTo(TEAM)].sort((a, b) =>
      a.text.startsWith('<b>📝') ? -1 : b.text.startsWith('<b>📝') ? 1 : 0,
    );
    expect(registration?.text).not.toContain('👤');
    expect(deposit?.text.split('\n').at(-1)).toBe('👤 @anna_buys');

    // By user id, with the buyer's name: a link that mentions them; registrations too.
    await cli('buyer', 'name', String(p.id), 'buyer7', 'Анна');
    await cli('buyer', 'mention', String(p.id), 'buyer7', '555000111', '--registrations');
    await world.post(p, leadQuery.replace('3kq1a9x7', 'second-click'));
    await waitFor(() => world.telegram.messagesTo(TEAM).length === 3);
    expect(world.telegram.messagesTo(TEAM)[2]?.text.split('\n').at(-1)).toBe(
      '👤 <a href="tg://user?id=555000111">Анна</a>',
    );
  }, 90_000);
});
