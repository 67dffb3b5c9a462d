import type { InjectOptions } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { POSTBACK_PATH } from '../../src/postback/url.ts';
import { updateProfile } from '../../src/profiles/repository.ts';
import { depositQuery, leadQuery, rejectionJson, saleForm } from '../fixtures/postbacks.ts';
import { postbackPath, startTestApp, type TestApp } from '../support/app.ts';
import { databaseKinds } from '../support/databases.ts';
import { type DeliveryWorld, startDeliveryWorld } from '../support/delivery.ts';
import { waitFor } from '../support/processes.ts';

const OWNER = 5550001;
const GROUP = -1001000000300;
const TOKEN = 'c9f4a1e07b3d52f8a6e1c0d94b7f3a25';

/** The value of one series in Prometheus' text format; undefined when it is absent. */
function sample(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const wanted = Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .sort();
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(',').filter(Boolean).sort();
    if (have.length === wanted.length && have.every((pair, i) => pair === wanted[i])) {
      return Number(match[3]);
    }
  }
  return undefined;
}

describe.each(databaseKinds)('/metrics on %s', (kind) => {
  let w: DeliveryWorld | undefined;
  let t: TestApp | undefined;
  afterEach(async () => {
    await w?.close();
    await t?.close();
    w = undefined;
    t = undefined;
  });

  async function scrape(world: DeliveryWorld): Promise<string> {
    const res = await world.service.app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.body;
  }

  it('counts what Keitaro sent: stored, duplicates, and refusals by reason, each with its latency', async () => {
    const world = await startDeliveryWorld(kind);
    w = world;
    const p = await world.profile();
    const send = (options: InjectOptions) => world.service.app.inject(options);

    // Four conversions, then Keitaro resends two of them (its retry after a timeout).
    for (const query of [depositQuery(1), depositQuery(2), leadQuery]) {
      expect((await send({ url: postbackPath(p.secret, query) })).statusCode).toBe(200);
    }
    const sale = await send({
      method: 'POST',
      url: postbackPath(p.secret),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: saleForm,
    });
    expect(sale.statusCode).toBe(200);
    for (const query of [depositQuery(1), depositQuery(2)]) {
      const again = await send({ url: postbackPath(p.secret, query) });
      expect(again.json()).toMatchObject({ ok: true, duplicate: true });
    }
    // Refused: a wrong secret, none at all, broken JSON, a multipart form, a body over 64 KiB.
    const refusals = [
      await send({ url: postbackPath('not-the-secret-of-any-profile', leadQuery) }),
      await send({ url: `${POSTBACK_PATH}?${leadQuery}` }),
      await send({
        method: 'POST',
        url: postbackPath(p.secret),
        headers: { 'content-type': 'application/json' },
        payload: `${JSON.stringify(rejectionJson).slice(0, -1)}`,
      }),
      await send({
        method: 'POST',
        url: postbackPath(p.secret),
        headers: { 'content-type': 'multipart/form-data; boundary=x' },
        payload: '--x\r\nContent-Disposition: form-data; name="status"\r\n\r\nsale\r\n--x--\r\n',
      }),
      await send({
        method: 'POST',
        url: postbackPath(p.secret),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `${saleForm}&sub_id_3=${'x'.repeat(70 * 1024)}`,
      }),
    ];
    expect(refusals.map((res) => res.statusCode)).toEqual([403, 403, 400, 415, 413]);

    // A profile limited to 1 postback a second, sent a burst: some pass, the rest get 429.
    const slow = await world.profile({ defaultChatId: OWNER });
    await updateProfile(world.database.db, slow.id, { rateLimitRps: 1 });
    let slowStored = 0;
    let limited = 0;
    for (let n = 100; limited < 2; n++) {
      const res = await send({ url: postbackPath(slow.secret, depositQuery(n)) });
      if (res.statusCode === 429) limited++;
      else if (res.statusCode === 200) slowStored++;
      else throw new Error(`unexpected answer ${res.statusCode}`);
    }

    // Every new conversion reaches Telegram, and is marked sent, before the counters are read.
    const stored = 4 + slowStored;
    await waitFor(() => world.telegram.messagesTo(OWNER).length === stored);
    let text = '';
    await waitFor(async () => {
      text = await scrape(world);
      return (
        sample(text, 'keitaro_notify_messages_sent_total', { kind: 'event' }) === stored &&
        sample(text, 'keitaro_notify_deliveries', { state: 'pending' }) === 0
      );
    });

    expect(sample(text, 'keitaro_notify_postbacks_total', { outcome: 'stored' })).toBe(stored);
    expect(sample(text, 'keitaro_notify_postbacks_total', { outcome: 'duplicate' })).toBe(2);
    expect(sample(text, 'keitaro_notify_postbacks_total', { outcome: 'refused' })).toBe(
      5 + limited,
    );
    const refused = (reason: string) =>
      sample(text, 'keitaro_notify_postbacks_refused_total', { reason });
    expect(refused('forbidden')).toBe(2);
    expect(refused('bad_request')).toBe(1);
    expect(refused('unsupported_media_type')).toBe(1);
    expect(refused('payload_too_large')).toBe(1);
    expect(refused('rate_limited')).toBe(limited);
    expect(refused('unavailable')).toBe(0);
    // One latency observation per answer.
    expect(
      sample(text, 'keitaro_notify_ingest_duration_seconds_count', { outcome: 'stored' }),
    ).toBe(stored);
    expect(
      sample(text, 'keitaro_notify_ingest_duration_seconds_count', { outcome: 'refused' }),
    ).toBe(5 + limited);
    expect(
      sample(text, 'keitaro_notify_ingest_duration_seconds_bucket', {
        outcome: 'duplicate',
        le: '+Inf',
      }),
    ).toBe(2);

    // Everything went out: nothing waits, this (only) instance leads.
    expect(sample(text, 'keitaro_notify_deliveries', { state: 'dead' })).toBe(0);
    expect(sample(text, 'keitaro_notify_oldest_waiting_delivery_seconds')).toBe(0);
    expect(sample(text, 'keitaro_notify_outbox_readable')).toBe(1);
    expect(sample(text, 'keitaro_notify_leader')).toBe(1);
    expect(sample(text, 'keitaro_notify_telegram_429_total', { scope: 'chat' })).toBe(0);
    // The process's own metrics are there, with HELP for ours.
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(text).toContain('# HELP keitaro_notify_oldest_waiting_delivery_seconds ');
  });

  it('shows a chat held back by a 429 as a waiting delivery that ages, and a refused message as dead', async () => {
    const world = await startDeliveryWorld(kind);
    w = world;
    const paused = await world.profile({ defaultChatId: GROUP });
    world.telegram.failNext(GROUP, 1, {
      error_code: 429,
      description: 'Too Many Requests: retry after 60',
      parameters: { retry_after: 60 },
    });
    await world.post(paused, depositQuery(1));
    await waitFor(() => world.telegram.tooManyRequests === 1);

    const refusedChat = -1001000000301;
    world.telegram.failNext(refusedChat, 1, {
      error_code: 400,
      description: 'Bad Request: message is too long',
    });
    await world.post(await world.profile({ defaultChatId: refusedChat }), leadQuery);

    let text = '';
    await waitFor(async () => {
      text = await scrape(world);
      return (
        sample(text, 'keitaro_notify_deliveries_dead_total') === 1 &&
        (sample(text, 'keitaro_notify_oldest_waiting_delivery_seconds') ?? 0) > 0
      );
    });
    expect(sample(text, 'keitaro_notify_telegram_429_total', { scope: 'chat' })).toBe(1);
    expect(sample(text, 'keitaro_notify_telegram_429_total', { scope: 'bot' })).toBe(0);
    expect(sample(text, 'keitaro_notify_deliveries', { state: 'pending' })).toBe(1);
    expect(sample(text, 'keitaro_notify_deliveries', { state: 'dead' })).toBe(1);
    expect(sample(text, 'keitaro_notify_messages_sent_total', { kind: 'event' })).toBe(0);

    // The paused delivery keeps ageing, by the database's clock, until the chat may send.
    const before = sample(text, 'keitaro_notify_oldest_waiting_delivery_seconds') ?? 0;
    await waitFor(
      async () =>
        (sample(await scrape(world), 'keitaro_notify_oldest_waiting_delivery_seconds') ?? 0) >
        before,
    );
    expect(world.telegram.messagesTo(GROUP)).toHaveLength(0);
  });

  it('wants the bearer token from everywhere when METRICS_TOKEN is set, loopback included', async () => {
    const world = await startDeliveryWorld(kind, { env: { METRICS_TOKEN: TOKEN } });
    w = world;
    const get = (headers: Record<string, string>, remoteAddress = '127.0.0.1') =>
      world.service.app.inject({ url: '/metrics', headers, remoteAddress });

    const missing = await get({});
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    expect(missing.body).not.toContain(TOKEN);
    expect((await get({ authorization: `Bearer ${TOKEN.slice(0, -1)}x` })).statusCode).toBe(401);
    expect((await get({ authorization: `Bearer ${TOKEN}extra` })).statusCode).toBe(401);
    expect((await get({ authorization: TOKEN })).statusCode).toBe(401);

    const remote = await get({ authorization: `Bearer ${TOKEN}` }, '203.0.113.9');
    expect(remote.statusCode).toBe(200);
    expect(remote.body).toContain('keitaro_notify_postbacks_total');
    expect((await get({ authorization: `bearer ${TOKEN}` })).statusCode).toBe(200);
  });

  it('serves only this machine without a token, judged by the socket and not X-Forwarded-For', async () => {
    // TRUST_PROXY on: the client address in logs comes from X-Forwarded-For; access does not.
    t = await startTestApp(kind, { trustProxy: true });
    const get = (remoteAddress: string, headers: Record<string, string> = {}) =>
      t?.app.inject({ url: '/metrics', remoteAddress, headers });

    expect((await get('127.0.0.1'))?.statusCode).toBe(200);
    expect((await get('::1'))?.statusCode).toBe(200);
    expect((await get('::ffff:127.0.0.1'))?.statusCode).toBe(200);

    const remote = await get('198.51.100.4');
    expect(remote?.statusCode).toBe(403);
    expect(remote?.json()).toMatchObject({ ok: false, error: 'forbidden' });
    expect(remote?.json().reason).toContain('METRICS_TOKEN');
    // A remote client claiming to be local is still remote.
    expect((await get('198.51.100.4', { 'x-forwarded-for': '127.0.0.1' }))?.statusCode).toBe(403);
    // What a local reverse proxy forwarded from the internet is not local either.
    expect((await get('127.0.0.1', { 'x-forwarded-for': '198.51.100.4' }))?.statusCode).toBe(403);
  });
});
