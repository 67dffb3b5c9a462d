import { createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AdminApiClient,
  AdminApiError,
  type AdminApiProblem,
  CONVERSION_COLUMNS,
  checkConnection,
  classifyAnswer,
  type Generation,
  keitaroDatetime,
  NAME_COLUMNS,
  normalizeAdminUrl,
  normalizeConversion,
  parseKeitaroDatetime,
  unreachableReason,
} from '../../src/keitaro/admin-api.ts';
import {
  FAKE_API_KEY,
  FAKE_RESTRICTED_KEY,
  type FakeKeitaro,
  SEED_NOW,
  startFakeKeitaro,
} from '../support/fake-keitaro.ts';

const NOW = SEED_NOW;
const WEEK = { from: new Date('2026-10-20T00:00:00Z'), to: new Date('2026-10-27T00:00:00Z') };

let fake: FakeKeitaro | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function tracker(generation: Generation, options = {}): Promise<FakeKeitaro> {
  fake = await startFakeKeitaro({ generation, now: () => NOW, ...options });
  return fake;
}

const clientFor = (f: FakeKeitaro, key = FAKE_API_KEY) =>
  new AdminApiClient(`${f.url}/admin_api/v1`, key);

async function problemOf(promise: Promise<unknown>): Promise<AdminApiProblem> {
  const error = await promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AdminApiError);
  return (error as AdminApiError).problem;
}

describe('the Admin API address a user pastes', () => {
  it.each([
    ['https://tracker.example.com/admin/', 'https://tracker.example.com/admin_api/v1'],
    [
      'https://tracker.example.com/admin/#!/campaigns?x=1',
      'https://tracker.example.com/admin_api/v1',
    ],
    ['https://tracker.example.com/admin_api/v1', 'https://tracker.example.com/admin_api/v1'],
    [
      'https://tracker.example.com/admin_api/v1/offers/',
      'https://tracker.example.com/admin_api/v1',
    ],
    ['tracker.example.com', 'https://tracker.example.com/admin_api/v1'],
    ['  http://10.0.0.5:8081/admin  ', 'http://10.0.0.5:8081/admin_api/v1'],
    ['https://example.com/keitaro/admin/', 'https://example.com/keitaro/admin_api/v1'],
    ['https://tracker.example.com/admin/index.php', 'https://tracker.example.com/admin_api/v1'],
  ])('%s becomes the API root', (input, root) => {
    expect(normalizeAdminUrl(input)).toEqual({ ok: true, url: root });
  });

  it.each([
    ['', 'empty'],
    ['ftp://tracker.example.com', 'not http or https'],
    ['https://admin:pw@tracker.example.com/admin/', 'has a user name or password'],
    ['https://', 'not a web address'],
  ])('%j is refused (%s)', (input, reason) => {
    expect(normalizeAdminUrl(input)).toEqual({ ok: false, reason });
  });
});

describe.each(['legacy', 'v11'] as const)('the conversions log of a %s tracker', (generation) => {
  it('tells its generation in one request when v11, two when legacy', async () => {
    const f = await tracker(generation);
    expect(await clientFor(f).detectGeneration(NOW)).toBe(generation);
    expect(f.calls('/conversions/log')).toHaveLength(generation === 'v11' ? 1 : 2);
    expect(f.calls().every((r) => r.auth === 'api-key')).toBe(true);
  });

  it('gives every conversion once, with its current status, in time order', async () => {
    const f = await tracker(generation);
    const result = await clientFor(f).conversions({ generation, ...WEEK });
    expect(result.complete).toBe(true);
    expect(result.total).toBe(5);
    const seen = result.rows.map((c) => [c.subId, c.tid, c.status, c.revenue]);
    expect(seen).toEqual(
      generation === 'legacy'
        ? // Legacy sorts on the first postback's time, which does not move.
          [
            ['3kq1a9x7a1', '', 'sale', 100],
            ['3kq1a9x7b1', '', 'rejected', 50],
            ['1dad2cg1d1', '', 'lead', 0],
            ['2odk4rt3c1', '', 'lead', 0],
            ['3kq1a9x7a1', 'T-3', 'sale', 30],
          ]
        : // v11's datetime moved to each conversion's latest postback.
          [
            ['1dad2cg1d1', '', 'lead', 0],
            ['3kq1a9x7a1', '', 'sale', 100],
            ['2odk4rt3c1', '', 'lead', 0],
            ['3kq1a9x7a1', 'T-3', 'sale', 30],
            ['3kq1a9x7b1', '', 'rejected', 50],
          ],
    );
    const rejected = result.rows.find((c) => c.status === 'rejected');
    if (generation === 'legacy') {
      expect(rejected).toMatchObject({
        id: expect.stringMatching(/^\d+$/),
        previousStatus: 'sale',
        originalStatus: 'chargeback',
        at: new Date('2026-10-24T21:30:00Z'),
        version: null,
      });
    } else {
      expect(rejected).toMatchObject({
        id: expect.stringMatching(
          /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        ),
        conversionType: 'Rejected',
        version: 3,
        at: new Date('2026-10-26T12:00:00Z'),
        statusHistory:
          '1. Lead (2026-10-24 21:30:00) 2. Sale (2026-10-25 21:30:00) 3. Rejected (2026-10-26 12:00:00)',
        previousStatus: null,
      });
    }
    expect(rejected).toMatchObject({
      campaignId: 12,
      offerId: 7,
      landingId: 3,
      trafficSourceId: 3,
    });
    // The Kazakh lead has no landing: 0 means none.
    expect(result.rows.find((c) => c.subId === '2odk4rt3c1')?.landingId).toBeNull();
  });

  it('asks for its own columns only, in UTC, sorted on its time column then the id, and gets only those', async () => {
    const f = await tracker(generation);
    const result = await clientFor(f).conversions({ generation, ...WEEK });
    const [call] = f.calls('/conversions/log');
    const time = generation === 'legacy' ? 'postback_datetime' : 'datetime';
    const id = generation === 'legacy' ? 'conversion_id' : 'event_id';
    expect(call?.body).toEqual({
      range: { from: '2026-10-20 00:00:00', to: '2026-10-27 00:00:00', timezone: 'UTC' },
      columns: [...CONVERSION_COLUMNS[generation]],
      filters: [],
      sort: [
        { name: time, order: 'ASC' },
        { name: id, order: 'ASC' },
      ],
      limit: 1000,
      offset: 0,
    });
    for (const row of result.rows)
      expect(Object.keys(row.raw).sort()).toEqual([...CONVERSION_COLUMNS[generation]].sort());
  });

  it('reads names from the log when asked for them', async () => {
    const f = await tracker(generation);
    const result = await clientFor(f).conversions({
      generation,
      ...WEEK,
      columns: [...CONVERSION_COLUMNS[generation], ...NAME_COLUMNS, 'sub_id_1'],
    });
    expect(result.rows.find((c) => c.subId === '2odk4rt3c1')).toMatchObject({
      campaign: 'Casino KZ',
      offer: 'Slots KZ',
      landing: null,
      trafficSource: 'Google Ads',
      raw: { sub_id_1: 'buyer9' },
    });
  });

  it('pages in bounded steps until the total is read, and says when pages ran out', async () => {
    const f = await tracker(generation);
    const client = clientFor(f);
    const all = await client.conversions({ generation, ...WEEK, pageSize: 2 });
    expect(all).toMatchObject({ complete: true, pages: 3, total: 5 });
    expect(all.rows).toHaveLength(5);
    expect(f.calls('/conversions/log').map((r) => r.body?.offset)).toEqual([0, 2, 4]);

    const cut = await client.conversions({ generation, ...WEEK, pageSize: 2, maxPages: 2 });
    expect(cut).toMatchObject({ complete: false, pages: 2 });
    expect(cut.rows).toHaveLength(4);
  });

  it('filters with Keitaro operators and the inclusive range', async () => {
    const f = await tracker(generation);
    const result = await clientFor(f).conversions({
      generation,
      from: new Date('2026-10-26T10:00:00Z'),
      to: new Date('2026-10-26T12:00:00Z'),
      filters: [{ name: 'status', operator: 'IN_LIST', expression: ['sale', 'rejected'] }],
    });
    expect(result.rows.map((c) => c.tid || c.subId)).toEqual(
      generation === 'legacy' ? ['T-3'] : ['T-3', '3kq1a9x7b1'],
    );
  });

  it('sees a status change as the same conversion with the new status', async () => {
    const f = await tracker(generation);
    const client = clientFor(f);
    const before = await client.conversions({ generation, ...WEEK });
    const lead = before.rows.find((c) => c.subId === '2odk4rt3c1');
    f.postback({ subId: '2odk4rt3c1', status: 'sale', revenue: 40, at: '2026-10-26T20:00:00Z' });
    // sale → lead is not a documented transition: Keitaro leaves it as it is.
    f.postback({ subId: '2odk4rt3c1', status: 'lead', at: '2026-10-26T21:00:00Z' });
    const after = await client.conversions({ generation, ...WEEK });
    expect(after.rows).toHaveLength(5);
    const sale = after.rows.find((c) => c.subId === '2odk4rt3c1');
    expect(sale).toMatchObject({ id: lead?.id, status: 'sale', revenue: 40 });
    if (generation === 'v11')
      expect(sale).toMatchObject({ version: 2, at: new Date('2026-10-26T20:00:00Z') });
    else
      expect(sale).toMatchObject({
        previousStatus: 'lead',
        saleAt: new Date('2026-10-26T20:00:00Z'),
      });
  });

  it("gets 400 with Keitaro's words for a column the generation does not have", async () => {
    const f = await tracker(generation);
    const wrong = generation === 'legacy' ? 'event_id' : 'payout';
    const problem = await problemOf(
      clientFor(f).conversions({ generation, ...WEEK, columns: ['sub_id', wrong] }),
    );
    expect(problem).toMatchObject({ kind: 'bad_request', status: 400 });
    expect((problem as { message: string }).message).toContain(`Unknown column "${wrong}"`);
    expect((problem as { message: string }).message.length).toBeLessThanOrEqual(300);
  });
});

describe('a v11 tracker asked in the legacy words', () => {
  it('takes conversion_id and postback_datetime but does not return them', async () => {
    const f = await tracker('v11');
    const page = await clientFor(f).conversionsPage({
      range: { from: '2026-10-20', to: '2026-10-27', timezone: 'UTC' },
      columns: ['conversion_id', 'postback_datetime', 'sub_id'],
      limit: 1,
      offset: 0,
    });
    expect(page.rows).toEqual([{ sub_id: '3kq1a9x7a1' }]);
  });

  it('is read either way when it answers them as event_id and datetime', async () => {
    const f = await tracker('v11', { aliasLegacyColumns: true });
    const result = await clientFor(f).conversions({
      generation: 'v11',
      ...WEEK,
      columns: ['conversion_id', 'postback_datetime', 'sub_id', 'status'],
    });
    expect(result.rows[0]).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      at: new Date('2026-10-25T08:00:00Z'),
    });
  });

  it('refuses an "order" key, which is why the client sends "sort"', async () => {
    const f = await tracker('v11');
    const problem = await problemOf(
      clientFor(f).request(
        {
          method: 'POST',
          path: '/conversions/log',
          body: {
            range: { interval: 'today' },
            columns: ['sub_id'],
            order: [['datetime', 'DESC']],
          },
        },
        // Never reached.
        normalizeConversion as never,
      ),
    );
    expect(problem.kind).toBe('bad_request');
  });
});

describe('names of offers, landings, traffic sources and campaigns', () => {
  it('come as whole lists, one entity by id, and null for an id that is not there', async () => {
    const f = await tracker('legacy');
    const client = clientFor(f);
    expect(await client.names('offers')).toEqual(
      new Map([
        [7, 'Casino Royal'],
        [9, 'Slots KZ'],
      ]),
    );
    expect(await client.names('landings')).toEqual(
      new Map([
        [3, 'Landing Page'],
        [5, 'Prelander KZ'],
      ]),
    );
    expect(await client.names('traffic_sources')).toEqual(
      new Map([
        [3, 'Facebook'],
        [4, 'Google Ads'],
      ]),
    );
    expect(await client.entity('campaigns', 15)).toEqual({
      id: 15,
      name: 'Casino KZ',
      state: 'active',
    });
    // Live, a missing entity is a plain-text 404.
    expect(await client.entity('campaigns', 1001)).toBeNull();
    expect(await client.entity('offers', 0)).toBeNull();
    expect(await client.deletedCampaigns()).toEqual([
      { id: 11, name: 'Old FB test', state: 'deleted' },
    ]);
    expect(f.calls().map((r) => r.path)).toEqual([
      '/admin_api/v1/offers',
      '/admin_api/v1/landing_pages',
      '/admin_api/v1/traffic_sources',
      '/admin_api/v1/campaigns/15',
      '/admin_api/v1/campaigns/1001',
      '/admin_api/v1/campaigns/deleted',
    ]);
  });

  it('are silently partial for a restricted key', async () => {
    const f = await tracker('legacy');
    const client = clientFor(f, FAKE_RESTRICTED_KEY);
    expect([...(await client.names('offers')).keys()]).toEqual([7]);
    expect(await client.entity('offers', 9)).toBeNull();
  });
});

describe('checking a connection', () => {
  it.each(['legacy', 'v11'] as const)(
    'on a %s tracker says which log it speaks and that every name can be read',
    async (generation) => {
      const f = await tracker(generation);
      const report = await checkConnection(`${f.url}/admin/`, FAKE_API_KEY, { now: NOW });
      expect(report).toEqual({
        ok: true,
        apiRoot: `${f.url}/admin_api/v1`,
        generation,
        names: {
          offers: { state: 'readable', count: 2 },
          landings: { state: 'readable', count: 2 },
          traffic_sources: { state: 'readable', count: 2 },
          // d1's archived campaign is found among the deleted ones, not taken for a gap.
          campaigns: { state: 'readable', count: 2 },
        },
        namesSummary: 'all',
      });
      // Light on the tracker: a generation probe, one page of recent ids, the lists.
      expect(f.calls().length).toBeLessThanOrEqual(8);
      expect(f.calls('/conversions/log').every((r) => Number(r.body?.limit) <= 100)).toBe(true);
    },
  );

  it('with a restricted key says the names are partial: the log shows ids the lists lack', async () => {
    const f = await tracker('v11');
    const report = await checkConnection(f.url, FAKE_RESTRICTED_KEY, { now: NOW });
    expect(report).toMatchObject({
      ok: true,
      generation: 'v11',
      namesSummary: 'partial',
      names: {
        offers: { state: 'partial', count: 1, missing: 1 },
        landings: { state: 'readable', count: 1 },
        traffic_sources: { state: 'partial', count: 1, missing: 1 },
        campaigns: { state: 'partial', count: 1, missing: 2 },
      },
    });
  });

  it('says the key is wrong (401), and sends it only in the Api-Key header', async () => {
    const f = await tracker('legacy');
    const report = await checkConnection(f.url, 'not-the-key', { now: NOW });
    expect(report).toEqual({
      ok: false,
      apiRoot: `${f.url}/admin_api/v1`,
      problem: { kind: 'unauthorized', status: 401 },
    });
    expect(f.calls()[0]?.auth).toBe('wrong');
    expect(JSON.stringify(f.requests)).not.toContain('not-the-key');
  });

  it.each([
    [{ status: 402 } as const, { kind: 'payment_required', status: 402 }],
    ['forbidden' as const, { kind: 'forbidden', status: 403, by: 'keitaro' }],
    ['cloudflare' as const, { kind: 'forbidden', status: 403, by: 'cloudflare' }],
    [
      { status: 429, retryAfter: 30 } as const,
      { kind: 'rate_limited', status: 429, retryAfterMs: 30_000 },
    ],
    [{ status: 503 } as const, { kind: 'server', status: 503 }],
    ['html' as const, { kind: 'not_keitaro', status: 200, got: 'html' }],
    ['garbage' as const, { kind: 'not_keitaro', status: 200, got: 'not_json' }],
  ])('classifies %j', async (failure, problem) => {
    const f = await tracker('legacy');
    f.fail = failure;
    expect(await checkConnection(f.url, FAKE_API_KEY, { now: NOW })).toMatchObject({
      ok: false,
      problem,
    });
  });

  it('knows an address that is not the panel: HTML 200 where JSON was expected', async () => {
    const f = await tracker('legacy');
    // The panel under a wrong prefix answers every path with its page.
    const report = await checkConnection(`${f.url}/tracker/admin/`, FAKE_API_KEY, { now: NOW });
    expect(report).toMatchObject({
      ok: false,
      problem: { kind: 'not_keitaro', got: 'html', status: 200 },
    });
  });

  it('says a tracker that does not answer in time is unreachable (timeout), without waiting for the clock', async () => {
    const f = await tracker('legacy');
    f.fail = 'hang';
    const controller = new AbortController();
    const report = checkConnection(f.url, FAKE_API_KEY, {
      now: NOW,
      deadline: () => controller.signal,
    });
    await vi.waitFor(() => expect(f.requests).toHaveLength(1));
    controller.abort(new DOMException('deadline', 'TimeoutError'));
    expect(await report).toMatchObject({
      ok: false,
      problem: { kind: 'unreachable', status: null, reason: 'timeout' },
    });
  });

  it('says a closed port refuses the connection', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    expect(await checkConnection(`http://127.0.0.1:${port}/admin/`, FAKE_API_KEY)).toMatchObject({
      ok: false,
      problem: { kind: 'unreachable', reason: 'refused' },
    });
  });

  it('refuses an address that is not one before any request', async () => {
    expect(await checkConnection('ftp://tracker.example.com', FAKE_API_KEY)).toEqual({
      ok: false,
      apiRoot: null,
      problem: { kind: 'bad_url', status: null, reason: 'not http or https' },
    });
  });

  it('never follows a redirect, which would carry the key to another host', async () => {
    const redirecting = (async () =>
      new Response(null, {
        status: 302,
        headers: { location: 'https://login.example.net/sso?next=/admin_api/v1' },
      })) as typeof fetch;
    expect(
      await checkConnection('https://tracker.example.com', FAKE_API_KEY, { fetch: redirecting }),
    ).toMatchObject({
      ok: false,
      problem: {
        kind: 'not_keitaro',
        status: 302,
        got: 'redirect',
        location: 'https://login.example.net/sso',
      },
    });
  });

  it('keeps the key out of errors, their JSON and the client object', async () => {
    const f = await tracker('legacy');
    f.fail = { status: 500 };
    const client = clientFor(f);
    const error = await client.entities('offers').catch((e: unknown) => e);
    const shown = [
      String(error),
      (error as Error).stack,
      JSON.stringify(error),
      JSON.stringify(client),
    ];
    for (const text of shown) expect(text).not.toContain(FAKE_API_KEY);
    expect(String(error)).toBe('AdminApiError: Keitaro Admin API GET /offers: 500 server');
  });
});

describe('classifying what came back', () => {
  it.each([
    [{ code: 'ENOTFOUND' }, 'dns'],
    [{ code: 'EAI_AGAIN' }, 'dns'],
    [{ code: 'ECONNREFUSED' }, 'refused'],
    [{ code: 'UND_ERR_CONNECT_TIMEOUT' }, 'timeout'],
    [{ code: 'CERT_HAS_EXPIRED' }, 'tls'],
    [{ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, 'tls'],
    [{ code: 'ERR_TLS_CERT_ALTNAME_INVALID' }, 'tls'],
    [{ code: 'ECONNRESET' }, 'network'],
  ])('a fetch failure caused by %j is %s', (cause, reason) => {
    expect(unreachableReason(Object.assign(new TypeError('fetch failed'), { cause }))).toBe(reason);
  });

  it('a 404 from a traffic-only domain or a plain-text answer is not the Admin API', () => {
    expect(classifyAnswer(200, 'text/plain', 'OK')).toEqual({
      kind: 'not_keitaro',
      status: 200,
      got: 'not_json',
    });
    expect(classifyAnswer(200, 'application/json', '{"rows":[]}')).toBeNull();
    expect(
      classifyAnswer(403, 'text/html', '<html>Attention Required! | Cloudflare</html>'),
    ).toEqual({ kind: 'forbidden', status: 403, by: 'cloudflare' });
    expect(classifyAnswer(422, 'application/json', '{"alias":["Alias has already used"]}')).toEqual(
      { kind: 'unexpected', status: 422, message: '' },
    );
  });

  it('reads and writes the log datetimes as UTC wall clock', () => {
    expect(keitaroDatetime(new Date('2024-05-03T14:02:11.999Z'))).toBe('2024-05-03 14:02:11');
    expect(parseKeitaroDatetime('2024-05-03 14:02:11')).toEqual(new Date('2024-05-03T14:02:11Z'));
    expect(parseKeitaroDatetime('2024-05-03')).toEqual(new Date('2024-05-03T00:00:00Z'));
    expect(parseKeitaroDatetime('2024-02-31 00:00:00')).toBeNull();
    expect(parseKeitaroDatetime('')).toBeNull();
    expect(parseKeitaroDatetime(null)).toBeNull();
  });

  it('reads the ADMIN_API.md example rows of both generations', () => {
    const legacy = normalizeConversion(
      {
        conversion_id: 48213,
        sub_id: '1dad2cg1br22spja1',
        tid: '',
        status: 'rejected',
        previous_status: 'sale',
        original_status: 'chargeback',
        revenue: 25.5,
        postback_datetime: '2024-05-03 14:02:11',
        sale_datetime: '2024-05-02 09:15:40',
        campaign_id: 12,
        campaign: 'FB US iOS',
        offer_id: 7,
        landing_id: 0,
        ts_id: 3,
        ts: 'Facebook',
      },
      'legacy',
    );
    expect(legacy).toMatchObject({
      id: '48213',
      status: 'rejected',
      previousStatus: 'sale',
      revenue: 25.5,
      at: new Date('2024-05-03T14:02:11Z'),
      saleAt: new Date('2024-05-02T09:15:40Z'),
      landingId: null,
      campaign: 'FB US iOS',
    });
    const v11 = normalizeConversion(
      {
        event_id: '019f6639-4c78-7104-8129-376c79e45ef7',
        sub_id: '2odk4rt.3.snk',
        tid: '',
        status: 'sale',
        conversion_type: 'Sale',
        revenue: '75',
        datetime: '2024-05-03 14:02:11',
        version: 2,
        offer_id: 7,
      },
      'v11',
    );
    expect(v11).toMatchObject({
      id: '019f6639-4c78-7104-8129-376c79e45ef7',
      revenue: 75,
      version: 2,
      conversionType: 'Sale',
      at: new Date('2024-05-03T14:02:11Z'),
      previousStatus: null,
    });
  });
});
