import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT_OK } from '../../src/cli/arguments.ts';
import { queryRows } from '../../src/db/client.ts';
import type { ProfileRow } from '../../src/db/schema.ts';
import type { SentMessage } from '../../src/demo/fake-bot-api.ts';
import { checkConnection } from '../../src/keitaro/admin-api.ts';
import { saveConnection } from '../../src/keitaro/connections.ts';
import { cliOn } from '../support/cli.ts';
import { databaseKinds } from '../support/databases.ts';
import { type DeliveryWorld, startDeliveryWorld } from '../support/delivery.ts';
import { FAKE_API_KEY, type FakeKeitaro, startFakeKeitaro } from '../support/fake-keitaro.ts';
import { waitFor } from '../support/processes.ts';

const TEAM = -1001000000970;
const OTHER_TEAM = -1001000000971;

/**
 * The registration and the deposit of one click, as Keitaro fills the URL we hand out: ids for
 * the offer, the landing and the traffic source (it has no macro for their names), and the
 * click's `{source}` and `{traffic_source_name}` empty.
 */
const templateLead =
  'status=lead&tid=&subid=3kq1a9x7&campaign_id=12&campaign_name=Betting%20UA&offer_id=7' +
  '&landing_id=3&conversion_revenue=0&currency=USD&country=UA&source=&traffic_source_name=' +
  '&ts_id=3&creative_id=cr_123&sub_id_1=buyer7&sub_id_2=';
const templateSale = templateLead
  .replace('status=lead&tid=', 'status=sale&tid=T-991')
  .replace('conversion_revenue=0', 'conversion_revenue=100');

describe.each(databaseKinds)("a tracker's names in notifications on %s", (kind) => {
  let w: DeliveryWorld | undefined;
  let fake: FakeKeitaro | undefined;
  afterEach(async () => {
    await w?.close();
    await fake?.close();
    w = undefined;
    fake = undefined;
  });

  /** The service with a tracker beside it; `waitMs`: how long a notification waits for names. */
  async function setUp(names: { waitMs?: number } = {}) {
    fake = await startFakeKeitaro({ generation: 'v11' });
    w = await startDeliveryWorld(kind, { names });
    return { world: w, tracker: fake };
  }

  /** Connects a profile as the CLI does: the check against the tracker, then the key stored. */
  async function connect(world: DeliveryWorld, tracker: FakeKeitaro, profile: ProfileRow) {
    const report = await checkConnection(tracker.url, FAKE_API_KEY);
    if (!report.ok) throw new Error('the fake tracker refused the check');
    await saveConnection(
      world.database.db,
      profile.id,
      { apiKey: FAKE_API_KEY, report },
      undefined,
    );
    tracker.requests.length = 0;
  }

  const next = async (world: DeliveryWorld, profile: ProfileRow, chat: number, query: string) => {
    const before = world.telegram.messagesTo(chat).length;
    await world.post(profile, query);
    await waitFor(() => world.telegram.messagesTo(chat).length > before);
    return world.telegram.messagesTo(chat).at(-1) as SentMessage;
  };

  it("shows the offer's, landing's and traffic source's names for the ids a postback sent, and the registration keeps them when its deposit comes", async () => {
    const { world, tracker } = await setUp();
    const p = await world.profile({ defaultChatId: TEAM });
    await connect(world, tracker, p);
    const shown = await cliOn(world.database)(
      'profile',
      'set',
      String(p.id),
      '--card-show',
      'source,offer_id',
    );
    expect(shown.code).toBe(EXIT_OK);

    const registration = await next(world, p, TEAM, templateLead);
    expect(registration.text).toBe(
      [
        '<b>📝 Регистрация</b>',
        'Кампания: Betting UA',
        'Оффер: Casino Royal',
        'ГЕО: 🇺🇦 UA',
        'Sub1: buyer7',
        'ID оффера: 7',
        'Источник: Facebook',
        'TX: <code>3kq1a9x7</code>',
      ].join('\n'),
    );
    // The registration's message is known to what answers it.
    await waitFor(async () => {
      const rows = await queryRows<{ n: number }>(
        world.database.db,
        sql`SELECT count(*)::int AS n FROM keitaro_threads`,
      );
      return rows[0]?.n === 1;
    });

    const deposit = await next(world, p, TEAM, templateSale);
    expect(deposit.text).toContain('Лендинг: Landing Page');
    expect(deposit.text).toContain('Источник: Facebook');
    // Its line is added to the registration, whose card still names the offer.
    await waitFor(() => registration.edits === 1);
    expect(registration.text).toContain('Оффер: Casino Royal');
    expect(registration.text.split('\n').at(-1)).toMatch(/^→ 💰 депозит 100 USD/);
    // Each list was asked for once, for both messages.
    expect(tracker.calls('/offers')).toHaveLength(1);
    expect(tracker.calls('/landing_pages')).toHaveLength(1);
    expect(tracker.calls('/traffic_sources')).toHaveLength(1);
    expect(world.logs.join('')).not.toContain(FAKE_API_KEY);
  }, 90_000);

  it('sends the message with the ids when the tracker does not answer', async () => {
    const { world, tracker } = await setUp({ waitMs: 50 });
    const p = await world.profile({ defaultChatId: TEAM });
    await connect(world, tracker, p);
    tracker.fail = 'hang';
    const registration = await next(world, p, TEAM, templateLead);
    expect(registration.text).toContain('Оффер: 7');
    expect(tracker.calls('/offers')).toHaveLength(1);
  }, 90_000);

  it('asks the tracker nothing for a profile without a connection', async () => {
    const { world, tracker } = await setUp();
    const connected = await world.profile({ defaultChatId: OTHER_TEAM });
    await connect(world, tracker, connected);
    const p = await world.profile({ defaultChatId: TEAM, ownerUserId: 5550002 });
    const registration = await next(world, p, TEAM, templateLead);
    expect(registration.text).toContain('Оффер: 7');
    expect(tracker.requests).toEqual([]);
  }, 90_000);
});
