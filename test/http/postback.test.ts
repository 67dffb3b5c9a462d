import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { queryRows } from '../../src/db/client.ts';
import { deliveries, events, profiles } from '../../src/db/schema.ts';
import { addRoute, updateProfile } from '../../src/profiles/repository.ts';
import { depositQuery, leadQuery, rejectionJson, saleForm } from '../fixtures/postbacks.ts';
import { postbackPath, startTestApp, type TestApp } from '../support/app.ts';
import { databaseKinds } from '../support/databases.ts';

const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe.each(databaseKinds)('postback endpoint on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  const eventRow = async (id: number) =>
    (await t.database.db.select().from(events).where(eq(events.id, id)))[0];
  const deliveriesOf = (eventId: number) =>
    t.database.db.select().from(deliveries).where(eq(deliveries.eventId, eventId));

  it('stores a GET postback and queues its delivery before answering 200', async () => {
    const p = await t.profile();
    const res = await t.app.inject({ method: 'GET', url: postbackPath(p.secret, leadQuery) });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toEqual({ ok: true, event_id: expect.any(Number) });
    const event = await eventRow(body.event_id);
    expect(event).toMatchObject({
      profileId: p.id,
      status: 'registration',
      statusWord: 'lead',
      subid: '3kq1a9x7',
      tid: null,
      campaignId: '12',
      campaignName: 'Betting UA',
      offer: null,
      country: 'UA',
      subId1: 'buyer7',
      outcome: 'queued',
      processed: false,
    });
    expect(event?.rawQuery).toContain('secret=***');
    expect(event?.rawQuery).not.toContain(p.secret);
    expect(event?.payload).not.toHaveProperty('secret');
    expect(await deliveriesOf(body.event_id)).toMatchObject([
      { chatId: p.ownerUserId, topicId: null, state: 'pending', language: 'ru', priority: 1 },
    ]);
  });

  it('stores a form POST and a JSON POST', async () => {
    const p = await t.profile();
    const sale = await t.app.inject({
      method: 'POST',
      url: postbackPath(p.secret),
      headers: form,
      payload: saleForm,
    });
    expect(sale.statusCode).toBe(200);
    expect(await eventRow(sale.json().event_id)).toMatchObject({
      status: 'deposit',
      tid: 'T-991',
      revenue: '100.000000',
      currency: 'USD',
      creativeId: 'cr_123',
      landing: 'Landing Page',
    });
    const rejected = await t.app.inject({
      method: 'POST',
      url: postbackPath(p.secret),
      payload: rejectionJson,
    });
    expect(rejected.statusCode).toBe(200);
    expect(await eventRow(rejected.json().event_id)).toMatchObject({
      status: 'rejected',
      tid: 'T-992',
      reason: 'invalid_geo',
    });
  });

  it('lets body fields win over query fields, as Keitaro POSTs the same URL', async () => {
    const p = await t.profile();
    const res = await t.app.inject({
      method: 'POST',
      url: postbackPath(p.secret, 'status={status}&tid={tid}&campaign_id=12'),
      headers: form,
      payload: 'status=sale&tid=T-merge',
    });
    expect(await eventRow(res.json().event_id)).toMatchObject({
      status: 'deposit',
      tid: 'T-merge',
      campaignId: '12',
    });
  });

  it('stores a lead and then a sale of the same click as two new events', async () => {
    const p = await t.profile();
    const lead = await t.app.inject({ url: postbackPath(p.secret, 'status=lead&subid=c-77&tid=') });
    const sale = await t.app.inject({
      url: postbackPath(p.secret, 'status=sale&subid=c-77&tid=T-77&conversion_revenue=50'),
    });
    expect(lead.json()).not.toHaveProperty('duplicate');
    expect(sale.json()).not.toHaveProperty('duplicate');
    expect((await deliveriesOf(lead.json().event_id)).length).toBe(1);
    expect((await deliveriesOf(sale.json().event_id))[0]?.priority).toBe(0);
  });

  it('records the same tid and status twice within the TTL once as new, once as duplicate; new again after it', async () => {
    const p = await t.profile();
    await updateProfile(t.database.db, p.id, { dedupTtlSec: 1 });
    const send = () =>
      t.app.inject({ url: postbackPath(p.secret, 'status=sale&tid=T-dup&subid=c1') });
    const first = await send();
    const second = await send();
    expect(first.json()).toEqual({ ok: true, event_id: expect.any(Number) });
    expect(second.json()).toEqual({ ok: true, event_id: expect.any(Number), duplicate: true });
    expect(await eventRow(second.json().event_id)).toMatchObject({ outcome: 'duplicate' });
    expect(await deliveriesOf(second.json().event_id)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const third = await send();
    expect(third.json()).toEqual({ ok: true, event_id: expect.any(Number) });
    expect((await deliveriesOf(third.json().event_id)).length).toBe(1);
  });

  it('turns dedup off with a TTL of 0', async () => {
    const p = await t.profile();
    await updateProfile(t.database.db, p.id, { dedupTtlSec: 0 });
    const a = await t.app.inject({ url: postbackPath(p.secret, 'status=sale&tid=T-0') });
    const b = await t.app.inject({ url: postbackPath(p.secret, 'status=sale&tid=T-0') });
    expect(a.json().duplicate).toBeUndefined();
    expect(b.json().duplicate).toBeUndefined();
  });

  it('stores concurrent identical postbacks as exactly one new event', async () => {
    const p = await t.profile();
    await updateProfile(t.database.db, p.id, { rateLimitRps: 1000 });
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        t.app.inject({ url: postbackPath(p.secret, 'status=sale&tid=T-race&subid=c-race') }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(12).fill(200));
    expect(results.filter((r) => r.json().duplicate !== true)).toHaveLength(1);
    const rows = await queryRows<{ outcome: string; n: number }>(
      t.database.db,
      sql`SELECT outcome, count(*)::int AS n FROM keitaro_events WHERE profile_id = ${p.id} GROUP BY outcome ORDER BY outcome`,
    );
    expect(rows).toEqual([
      { outcome: 'duplicate', n: 11 },
      { outcome: 'queued', n: 1 },
    ]);
  });

  it('routes by campaign to a forum topic and the rest to the default chat', async () => {
    const p = await t.profile({ defaultChatId: -1009000000001 });
    await addRoute(t.database.db, p.id, {
      matchBy: 'campaign_id',
      matchValue: '12',
      isPattern: false,
      statuses: ['deposit'],
      geo: [],
      priority: 10,
      chatId: -1009000000002,
      topicId: 42,
      language: 'en',
    });
    const routed = await t.app.inject({ url: postbackPath(p.secret, depositQuery(2)) });
    const other = await t.app.inject({ url: postbackPath(p.secret, depositQuery(3)) });
    expect(await deliveriesOf(routed.json().event_id)).toMatchObject([
      { chatId: -1009000000002, topicId: 42, language: 'en' },
    ]);
    expect(await deliveriesOf(other.json().event_id)).toMatchObject([
      { chatId: -1009000000001, topicId: null, language: 'ru' },
    ]);
  });

  it('keeps an unknown status as other with its word', async () => {
    const p = await t.profile();
    const res = await t.app.inject({ url: postbackPath(p.secret, 'status=hold&tid=T-hold') });
    expect(await eventRow(res.json().event_id)).toMatchObject({
      status: 'other',
      statusWord: 'hold',
      outcome: 'queued',
    });
  });

  it('stores HTML-looking input as text, not markup', async () => {
    const p = await t.profile();
    const name = '<b>Bold</b> & <script>alert(1)</script>';
    const res = await t.app.inject({
      method: 'POST',
      url: postbackPath(p.secret),
      payload: { status: 'lead', subid: 'c-html', campaign_name: name },
    });
    const event = await eventRow(res.json().event_id);
    expect(event?.campaignName).toBe(name);
    expect(event?.payload).toMatchObject({ campaign_name: name });
  });

  it('keeps a non-UTF-8 body byte for byte', async () => {
    const p = await t.profile();
    // "Кампания" in windows-1251, as an old network might send it, plus a stray NUL.
    const cp1251 = Buffer.from([0xca, 0xe0, 0xec, 0xef, 0xe0, 0xed, 0xe8, 0xff]);
    const body = Buffer.concat([
      Buffer.from('status=lead&subid=c-1251&campaign_name='),
      cp1251,
      Buffer.from('&sub_id_1=a\u0000b'),
    ]);
    const res = await t.app.inject({
      method: 'POST',
      url: postbackPath(p.secret),
      headers: form,
      payload: body,
    });
    expect(res.statusCode).toBe(200);
    const event = await eventRow(res.json().event_id);
    expect(Buffer.compare(event?.rawBody as Buffer, body)).toBe(0);
    expect(event?.campaignName).toBe('\uFFFD'.repeat(8));
    expect(event?.subId1).toBe('a\uFFFDb');
  });

  it('stores a JSON body with a lone surrogate escape instead of failing', async () => {
    const p = await t.profile();
    const res = await t.app.inject({
      method: 'POST',
      url: postbackPath(p.secret),
      headers: { 'content-type': 'application/json' },
      payload: '{"status":"lead","subid":"c-sur","campaign_name":"a\\ud800b"}',
    });
    expect(res.statusCode).toBe(200);
    expect((await eventRow(res.json().event_id))?.campaignName).toBe('a\uFFFDb');
  });

  it('keeps percent-encoded non-UTF-8 in the raw query string', async () => {
    const p = await t.profile();
    const res = await t.app.inject({
      url: postbackPath(p.secret, 'status=lead&subid=c-pct&campaign_name=%CA%E0%EC'),
    });
    expect(res.statusCode).toBe(200);
    expect((await eventRow(res.json().event_id))?.rawQuery).toContain('campaign_name=%CA%E0%EC');
  });

  describe('refusals', () => {
    it('answers 403 with one body for a missing, an unknown and a disabled secret', async () => {
      const disabled = await t.profile();
      await updateProfile(t.database.db, disabled.id, { enabled: false });
      const answers = await Promise.all([
        t.app.inject({ url: `/integrations/keitaro/postback?${leadQuery}` }),
        t.app.inject({ url: postbackPath('x'.repeat(43), leadQuery) }),
        t.app.inject({ url: postbackPath(disabled.secret, leadQuery) }),
      ]);
      for (const res of answers) {
        expect(res.statusCode).toBe(403);
        expect(res.body).toBe('{"ok":false,"error":"forbidden"}');
      }
      const count = await t.database.db.$count(events, eq(events.profileId, disabled.id));
      expect(count).toBe(0);
    });

    it('answers 403 for a secret rotated a moment ago, even while it is cached', async () => {
      const p = await t.profile();
      const cached = t.directory;
      await cached.lookup(p.secret);
      await t.database.db
        .update(profiles)
        .set({ secret: 'rotated-secret-value' })
        .where(eq(profiles.id, p.id));
      const res = await t.app.inject({ url: postbackPath(p.secret, 'status=lead&subid=c-rot') });
      expect(res.statusCode).toBe(403);
    });

    it('answers 429 with Retry-After past the profile rate limit, and stores none of those', async () => {
      const p = await t.profile();
      await updateProfile(t.database.db, p.id, { rateLimitRps: 3 });
      const answers = [];
      for (let i = 0; i < 5; i++) {
        answers.push(await t.app.inject({ url: postbackPath(p.secret, depositQuery(100 + i)) }));
      }
      expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 429, 429]);
      expect(answers[3]?.headers['retry-after']).toBe('1');
      expect(answers[3]?.json()).toEqual({ ok: false, error: 'rate_limited', retry_after: 1 });
      expect(await t.database.db.$count(events, eq(events.profileId, p.id))).toBe(3);
    });

    it('answers 413 for a body over 64 KiB', async () => {
      const p = await t.profile();
      const res = await t.app.inject({
        method: 'POST',
        url: postbackPath(p.secret),
        headers: form,
        payload: `status=lead&subid=big&campaign_name=${'x'.repeat(70_000)}`,
      });
      expect(res.statusCode).toBe(413);
      expect(res.json()).toMatchObject({ ok: false, error: 'payload_too_large' });
      expect(await t.database.db.$count(events, eq(events.profileId, p.id))).toBe(0);
    });

    it('answers 400 with the reason for malformed JSON', async () => {
      const p = await t.profile();
      const res = await t.app.inject({
        method: 'POST',
        url: postbackPath(p.secret),
        headers: { 'content-type': 'application/json' },
        payload: '{"status":"sale","tid":',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ ok: false, error: 'bad_request' });
      expect(res.json().reason).toMatch(/not valid JSON/);
    });

    it('answers 403, not 503, for a secret with a NUL byte in it', async () => {
      const res = await t.app.inject({ url: postbackPath('abc\u0000def', leadQuery) });
      expect(res.statusCode).toBe(403);
      expect(res.body).toBe('{"ok":false,"error":"forbidden"}');
    });

    it('answers 400 with the reason for JSON nested deeper than 32 levels', async () => {
      const p = await t.profile();
      const depth = 20_000;
      const res = await t.app.inject({
        method: 'POST',
        url: postbackPath(p.secret),
        headers: { 'content-type': 'application/json' },
        payload: `{"status":"lead","subid":"c-deep","a":${'['.repeat(depth)}${']'.repeat(depth)}}`,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ ok: false, error: 'bad_request' });
      expect(res.json().reason).toMatch(/nested deeper than 32/);
      const shallow = await t.app.inject({
        method: 'POST',
        url: postbackPath(p.secret),
        headers: { 'content-type': 'application/json' },
        payload: '{"status":"lead","subid":"c-nest","extra":{"a":[1,{"b":2}]}}',
      });
      expect(shallow.statusCode).toBe(200);
    });

    it('logs the address that connected, not one an X-Forwarded-For header claims', async () => {
      await t.app.inject({
        url: postbackPath('y'.repeat(43), leadQuery),
        remoteAddress: '198.51.100.7',
        headers: { 'x-forwarded-for': '203.0.113.66' },
      });
      const line = t.logs.find((l) => l.includes('198.51.100.7'));
      expect(line).toContain('unknown or disabled secret');
      expect(t.logs.join('')).not.toContain('203.0.113.66');
    });

    it('does not store a HEAD request from a link checker', async () => {
      const p = await t.profile();
      const res = await t.app.inject({ method: 'HEAD', url: postbackPath(p.secret, leadQuery) });
      expect(res.statusCode).not.toBe(200);
      expect(await t.database.db.$count(events, eq(events.profileId, p.id))).toBe(0);
    });
  });

  it('never writes a secret into its logs', async () => {
    const p = await t.profile();
    await t.app.inject({ url: postbackPath(p.secret, leadQuery) });
    await t.app.inject({ url: postbackPath(`${p.secret}x`, leadQuery) });
    const log = t.logs.join('');
    expect(log).toContain('postback accepted');
    expect(log).toContain('unknown or disabled secret');
    expect(log).not.toContain(p.secret);
  });

  it('masks a secret sent under a percent-encoded name in the stored query and the logs', async () => {
    const p = await t.profile();
    const accepted = await t.app.inject({
      url: `/integrations/keitaro/postback?%73ecret=${p.secret}&${leadQuery}`,
    });
    expect(accepted.statusCode).toBe(200);
    const event = await eventRow(accepted.json().event_id);
    expect(event?.rawQuery).toContain('%73ecret=***');
    expect(event?.rawQuery).not.toContain(p.secret);
    const tooLarge = await t.app.inject({
      method: 'POST',
      url: `/integrations/keitaro/postback?s%65cret=${p.secret}`,
      headers: form,
      payload: `status=lead&campaign_name=${'x'.repeat(70_000)}`,
    });
    expect(tooLarge.statusCode).toBe(413);
    expect(t.logs.join('')).toContain('body over 64 KiB');
    expect(t.logs.join('')).not.toContain(p.secret);
  });

  it('reports health and readiness', async () => {
    expect((await t.app.inject({ url: '/health' })).json()).toEqual({ ok: true });
    expect((await t.app.inject({ url: '/ready' })).json()).toEqual({ ok: true, database: kind });
  });
});

describe('behind a reverse proxy (TRUST_PROXY)', () => {
  it('logs the client address the proxy forwards', async () => {
    const t = await startTestApp('pglite', {
      trustProxy: parseConfig({ TRUST_PROXY: '10.0.0.0/8' }).trustProxy,
    });
    try {
      await t.app.inject({
        url: postbackPath('y'.repeat(43), leadQuery),
        remoteAddress: '10.1.2.3',
        headers: { 'x-forwarded-for': '203.0.113.66' },
      });
      expect(t.logs.find((l) => l.includes('unknown or disabled secret'))).toContain(
        '"ip":"203.0.113.66"',
      );
    } finally {
      await t.close();
    }
  });
});

describe.each(databaseKinds)('when the %s database fails', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  it('answers 503 to a batch that cannot be written and logs none of its secrets', async () => {
    const [a, b] = [await t.profile(), await t.profile()];
    await Promise.all([t.directory.lookup(a.secret), t.directory.lookup(b.secret)]);
    await t.database.db.execute(sql`
      CREATE FUNCTION refuse_events() RETURNS trigger LANGUAGE plpgsql AS
      $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device'; END $$`);
    await t.database.db.execute(sql`
      CREATE TRIGGER refuse_events BEFORE INSERT ON keitaro_events
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_events()`);
    const answers = await Promise.all(
      [a, b, a, b].map((p, i) =>
        t.app.inject({ url: postbackPath(p.secret, depositQuery(500 + i)) }),
      ),
    );
    expect(answers.map((r) => r.statusCode)).toEqual([503, 503, 503, 503]);
    const log = t.logs.join('');
    expect(log).toContain('postback not stored: database error');
    expect(log).toContain('No space left on device');
    expect(log).not.toContain(a.secret);
    expect(log).not.toContain(b.secret);
  });

  it('logs a failed profile lookup without the secret that was presented', async () => {
    const p = await t.profile();
    await t.database.db.execute(sql`ALTER TABLE keitaro_profiles RENAME TO keitaro_profiles_gone`);
    const res = await t.app.inject({ url: postbackPath(p.secret, leadQuery) });
    expect(res.statusCode).toBe(503);
    const log = t.logs.join('');
    expect(log).toContain('postback refused: profile lookup failed');
    expect(log).not.toContain(p.secret);
  });
});

describe.each(databaseKinds)('when the %s database is gone', (kind) => {
  it('answers 403, not 503, to a secret that cannot be ours by its form, database or not', async () => {
    const t = await startTestApp(kind);
    await t.database.close();
    const res = await t.app.inject({ url: postbackPath('x'.repeat(5_000), leadQuery) });
    expect(res.statusCode).toBe(403);
    await t.app.close();
  });

  it('answers 503 and not ready, never 200', async () => {
    const t = await startTestApp(kind);
    const p = await t.profile();
    await t.directory.lookup(p.secret);
    await t.database.close();
    const res = await t.app.inject({ url: postbackPath(p.secret, leadQuery) });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ ok: false, error: 'unavailable' });
    expect((await t.app.inject({ url: '/ready' })).statusCode).toBe(503);
    await t.app.close();
  });
});
