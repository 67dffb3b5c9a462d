import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkConnection } from '../../src/keitaro/admin-api.ts';
import { saveConnection } from '../../src/keitaro/connections.ts';
import { TrackerNames, type TrackerNamesOptions, unnamedIds } from '../../src/keitaro/names.ts';
import type { MessageEvent } from '../../src/messages/render.ts';
import { eventFieldsOf } from '../../src/postback/event-fields.ts';
import { parsePostback } from '../../src/postback/fields.ts';
import { createProfile } from '../../src/profiles/repository.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { FAKE_API_KEY, type FakeKeitaro, startFakeKeitaro } from '../support/fake-keitaro.ts';
import { capturedLogger } from '../support/logs.ts';

const KEY = Buffer.alloc(32, 7);

/**
 * A registration as our URL template brings it: Keitaro fills `{offer_id}`, `{landing_id}`
 * and `{ts_id}`; it has no macro for their names, and `{source}` was empty on this click.
 */
const TEMPLATE_LEAD =
  'status=lead&tid=&subid=3kq1a9x7&campaign_id=12&campaign_name=&offer_id=7&landing_id=3' +
  '&conversion_revenue=0&currency=USD&country=UA&source=&traffic_source_name=&ts_id=3' +
  '&creative_id=cr_123&sub_id_1=buyer7&sub_id_2=';

/** The event as the outbox hands it to the dispatcher (outbox.ts SENT_IDS: the payload's ids). */
function eventOf(query: string): MessageEvent {
  const fields = Object.fromEntries(new URLSearchParams(query));
  const ids = Object.fromEntries(
    ['offer_id', 'landing_id', 'ts_id'].filter((k) => k in fields).map((k) => [k, fields[k]]),
  );
  return { ...eventFieldsOf(parsePostback(fields)), ids };
}

const named = (e: MessageEvent) => ({
  offer: e.offer,
  landing: e.landing,
  source: e.source,
  campaign: e.campaignName,
});

describe('which values of a postback came as ids only', () => {
  it('the offer, landing, traffic source and campaign of our template', () => {
    expect(unnamedIds(eventOf(TEMPLATE_LEAD))).toEqual({
      offers: 7,
      landings: 3,
      traffic_sources: 3,
      campaigns: 12,
    });
  });

  it('none that came with a name, even a macro Keitaro left for the id', () => {
    const withNames =
      'status=sale&offer_name=Casino%20Royal&offer_id=7&landing=Landing%20Page&landing_id=3' +
      '&traffic_source_name=Facebook&ts_id=3&campaign_id=12&campaign_name=Betting%20UA';
    expect(unnamedIds(eventOf(withNames))).toEqual({});
    // An unreplaced name macro is no name: the id is what the card would show.
    expect(unnamedIds(eventOf('status=sale&offer_name=%7Boffer_name%7D&offer_id=7'))).toEqual({
      offers: 7,
    });
  });

  it('an id of 0, or one still a macro, means none', () => {
    expect(
      unnamedIds(eventOf('status=lead&offer_id=0&landing_id=%7Blanding_id%7D&ts_id=0')),
    ).toEqual({});
  });
});

describe.each(databaseKinds)("a tracker's names on %s", (kind) => {
  let database: TestDatabase;
  let fake: FakeKeitaro;
  let names: TrackerNames;
  let logs: string[];
  let now: number;
  let profileId: number;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.close());
  beforeEach(async () => {
    fake = await startFakeKeitaro({ generation: 'legacy', now: () => new Date(now) });
    now = Date.parse('2026-10-27T09:00:00Z');
    ({ id: profileId } = await createProfile(database.db, { ownerUserId: 5550001 }));
  });
  afterEach(async () => {
    await names?.stop();
    await fake.close();
  });

  /** Connects the profile as the CLI does: checked first, then stored (here with `apiKey`). */
  async function connect(id = profileId, apiKey = FAKE_API_KEY) {
    const report = await checkConnection(fake.url, FAKE_API_KEY, { now: new Date(now) });
    if (!report.ok) throw new Error('the fake tracker refused the check');
    await saveConnection(database.db, id, { apiKey, report }, KEY);
    fake.requests.length = 0;
  }

  /** A notification never waits here unless a test ends the wait by hand. */
  function book(options: Partial<TrackerNamesOptions> = {}) {
    const captured = capturedLogger();
    logs = captured.lines;
    names = new TrackerNames({
      db: database.db,
      logger: captured.logger,
      encryptionKey: KEY,
      options: { now: () => now, deadline: () => new AbortController().signal, ...options },
    });
    return names;
  }

  const lists = () => fake.calls().map((r) => r.path.replace('/admin_api/v1', ''));

  it("names what a postback sent as ids, asking for each list once; the ids stay for the card's id lines", async () => {
    await connect();
    const tracker = book();
    const event = eventOf(TEMPLATE_LEAD);
    expect(named(await tracker.resolve(event, profileId))).toEqual({
      offer: 'Casino Royal',
      landing: 'Landing Page',
      source: 'Facebook',
      campaign: 'Betting UA',
    });
    const again = await tracker.resolve(
      eventOf(TEMPLATE_LEAD.replace('offer_id=7', 'offer_id=9')),
      profileId,
    );
    expect(again.offer).toBe('Slots KZ');
    expect(again.campaignId).toBe('12');
    expect(again.ids).toEqual({ offer_id: '9', landing_id: '3', ts_id: '3' });
    expect(lists().sort()).toEqual([
      '/campaigns',
      '/campaigns/deleted',
      '/landing_pages',
      '/offers',
      '/traffic_sources',
    ]);
  });

  it('names a campaign archived since, from the deleted campaigns', async () => {
    await connect();
    const event = await book().resolve(
      eventOf('status=lead&campaign_id=11&subid=1dad2cg1d1'),
      profileId,
    );
    expect(event.campaignName).toBe('Old FB test');
  });

  it('asks a profile without a connection nothing, and leaves a postback that sent names alone', async () => {
    const { id: other } = await createProfile(database.db, { ownerUserId: 5550002 });
    await connect(other);
    const tracker = book();
    const event = eventOf(TEMPLATE_LEAD);
    expect(await tracker.resolve(event, profileId)).toEqual(event);
    const withName = eventOf(
      'status=sale&offer_name=Casino%20Royal&offer_id=7&campaign_id=12&campaign_name=Betting%20UA&source=fb',
    );
    expect(await tracker.resolve(withName, other)).toEqual(withName);
    expect(fake.requests).toEqual([]);
  });

  it('reads the connections at most once a minute, and at once when told they changed', async () => {
    const tracker = book();
    const event = eventOf(TEMPLATE_LEAD);
    expect((await tracker.resolve(event, profileId)).offer).toBe('7');
    await connect();
    expect((await tracker.resolve(event, profileId)).offer).toBe('7');
    expect(fake.requests).toEqual([]);
    now += 60_000;
    expect((await tracker.resolve(event, profileId)).offer).toBe('Casino Royal');

    const { id: later } = await createProfile(database.db, { ownerUserId: 5550003 });
    await connect(later);
    tracker.invalidate();
    expect((await tracker.resolve(event, later)).offer).toBe('Casino Royal');
  });

  it('answers from a list older than the refresh period while it loads again, then with the new name', async () => {
    await connect();
    const tracker = book();
    const event = eventOf(TEMPLATE_LEAD);
    await tracker.resolve(event, profileId);
    (fake.entities.offers[0] as { name: string }).name = 'Casino Royal VIP';
    now += 14 * 60_000;
    expect((await tracker.resolve(event, profileId)).offer).toBe('Casino Royal');
    expect(fake.calls('/offers')).toHaveLength(1);
    now += 60_000;
    expect((await tracker.resolve(event, profileId)).offer).toBe('Casino Royal');
    await vi.waitFor(async () =>
      expect((await tracker.resolve(event, profileId)).offer).toBe('Casino Royal VIP'),
    );
    expect(fake.calls('/offers')).toHaveLength(2);
  });

  it('loads a list again for an offer made today, at most once a minute', async () => {
    await connect();
    const tracker = book();
    const offer = (id: number) => eventOf(`status=lead&subid=x${id}&offer_id=${id}`);
    await tracker.resolve(offer(7), profileId);
    fake.entities.offers.push({ id: 21, name: 'Crash Game', state: 'active' });
    expect((await tracker.resolve(offer(21), profileId)).offer).toBe('Crash Game');
    expect(fake.calls('/offers')).toHaveLength(2);
    // An id the tracker does not have (deleted, or hidden from a restricted key).
    expect((await tracker.resolve(offer(404), profileId)).offer).toBe('404');
    expect((await tracker.resolve(offer(404), profileId)).offer).toBe('404');
    expect(fake.calls('/offers')).toHaveLength(2);
    now += 60_000;
    expect((await tracker.resolve(offer(404), profileId)).offer).toBe('404');
    expect(fake.calls('/offers')).toHaveLength(3);
  });

  it('leaves a tracker that refuses the key alone for a long while, and says so once, without the key', async () => {
    const wrongKey = 'f00dfeedf00dfeedf00dfeedf00dfeed';
    await connect(profileId, wrongKey);
    const tracker = book();
    const event = eventOf('status=lead&subid=3kq1a9x7&offer_id=7');
    expect((await tracker.resolve(event, profileId)).offer).toBe('7');
    expect(fake.calls('/offers').map((r) => r.status)).toEqual([401]);
    now += 10 * 60_000;
    expect((await tracker.resolve(event, profileId)).offer).toBe('7');
    expect(fake.calls('/offers')).toHaveLength(1);
    now += 30 * 60_000;
    expect((await tracker.resolve(event, profileId)).offer).toBe('7');
    expect(fake.calls('/offers')).toHaveLength(2);
    const said = logs.filter((l) => l.includes('names unavailable'));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('401 unauthorized');
    expect(logs.join('')).not.toContain(wrongKey);
  });

  it('tries a tracker that failed with a 5xx again after five minutes, and names again once it answers', async () => {
    await connect();
    const tracker = book();
    const event = eventOf('status=lead&subid=3kq1a9x7&offer_id=7');
    fake.fail = { status: 503 };
    expect((await tracker.resolve(event, profileId)).offer).toBe('7');
    expect((await tracker.resolve(event, profileId)).offer).toBe('7');
    expect(fake.calls('/offers')).toHaveLength(1);
    fake.fail = undefined;
    now += 4 * 60_000;
    expect((await tracker.resolve(event, profileId)).offer).toBe('7');
    expect(fake.calls('/offers')).toHaveLength(1);
    now += 60_000;
    expect((await tracker.resolve(event, profileId)).offer).toBe('Casino Royal');
    expect(logs.filter((l) => l.includes('503 server'))).toHaveLength(1);
    expect(logs.filter((l) => l.includes('names readable again'))).toHaveLength(1);
  });

  it('holds a notification for a hanging tracker only until the wait ends, and the next ones not at all', async () => {
    await connect();
    fake.fail = 'hang';
    let wait = new AbortController();
    const tracker = book({ deadline: () => wait.signal });
    const event = eventOf('status=lead&subid=3kq1a9x7&offer_id=7');
    const first = tracker.resolve(event, profileId);
    await vi.waitFor(() => expect(fake.calls('/offers')).toHaveLength(1));
    wait.abort();
    expect((await first).offer).toBe('7');
    // The load goes on; the next notification does not wait for it (its wait would never end).
    wait = new AbortController();
    expect((await tracker.resolve(event, profileId)).offer).toBe('7');
    expect(fake.calls('/offers')).toHaveLength(1);
  });
});
