import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliContext, EXIT_OK, runCommand } from '../../src/cli/commands.ts';
import { describeDatabase, formatAge } from '../../src/monitoring/status.ts';
import { depositQuery, leadQuery } from '../fixtures/postbacks.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { type DeliveryWorld, startDeliveryWorld } from '../support/delivery.ts';
import { waitFor } from '../support/processes.ts';

const OWNER = 5550001;
const PAUSED = -1001000000400;
const REFUSING = -1001000000401;

async function status(
  database: TestDatabase,
  more: Partial<CliContext> = {},
  ...flags: string[]
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCommand(['status', ...flags], {
    database,
    publicBaseUrl: 'https://notify.example.com',
    publicBaseUrlConfigured: true,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    databaseName: describeDatabase({ databaseUrl: database.url, dataDir: '/var/lib/keitaro' }),
    ...more,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe.each(databaseKinds)('status on %s', (kind) => {
  let w: DeliveryWorld | undefined;
  let empty: TestDatabase | undefined;
  afterEach(async () => {
    await w?.close();
    await empty?.close();
    w = undefined;
    empty = undefined;
  });

  it('shows on one screen who sends, what waits and since when, the last postback and send, the dead', async () => {
    const world = await startDeliveryWorld(kind);
    w = world;
    // One conversion delivered; one waiting out Telegram's 60 s retry_after; one refused.
    await world.post(await world.profile(), depositQuery(1));
    world.telegram.failNext(PAUSED, 1, {
      error_code: 429,
      description: 'Too Many Requests: retry after 60',
      parameters: { retry_after: 60 },
    });
    await world.post(await world.profile({ defaultChatId: PAUSED }), depositQuery(2));
    world.telegram.failNext(REFUSING, 1, {
      error_code: 400,
      description: 'Bad Request: message is too long',
    });
    await world.post(await world.profile({ defaultChatId: REFUSING }), leadQuery);

    let res = await status(world.database, { inServer: true });
    await waitFor(async () => {
      res = await status(world.database, { inServer: true });
      return res.out.includes('dead:            1') && !res.out.includes('last send:       never');
    });
    expect(res.code).toBe(EXIT_OK);
    expect(res.err).toBe('');
    const lines = res.out.split('\n');
    expect(lines[0]).toBe('keitaro-notify 0.1.0');
    if (kind === 'pglite') {
      expect(lines[1]).toBe('  database:        embedded (PGlite) in /var/lib/keitaro');
      expect(lines[2]).toBe(
        '  dispatcher:      this server (the embedded database has one process, and it sends)',
      );
    } else {
      const name = new URL(world.database.url as string).pathname;
      expect(lines[1]).toBe(`  database:        PostgreSQL 127.0.0.1:5432${name}`);
      // This test's service holds the lease, named by its host and process.
      expect(lines[2]).toMatch(
        new RegExp(
          `^  dispatcher:      ${hostname()}:${process.pid}:[0-9a-f]{8}, lease until \\d{4}-\\d\\d-\\d\\dT`,
        ),
      );
    }
    expect(lines[3]).toBe('  queue:           1 pending, 0 in digests, 0 held (chat unreachable)');
    expect(lines[4]).toMatch(/^ {2}oldest waiting: {2}\d+ s$/);
    expect(lines[5]).toMatch(/^ {2}last postback: {3}\d{4}-\d\d-\d\dT[\d:.]+Z \(\d+ s ago\)$/);
    expect(lines[6]).toMatch(/^ {2}last send: {7}\d{4}-\d\d-\d\dT[\d:.]+Z \(\d+ s ago\)$/);
    expect(lines[7]).toBe('  dead:            1');
    expect(world.telegram.messagesTo(OWNER)).toHaveLength(1);

    const json = JSON.parse((await status(world.database, { inServer: true }, '--json')).out);
    expect(json).toMatchObject({
      version: '0.1.0',
      deliveries: { pending: 1, held: 0, digested: 0, dead: 1 },
      last_postback_at: expect.any(String),
      last_send_at: expect.any(String),
    });
    expect(json.oldest_waiting_seconds).toBeGreaterThan(0);
    expect(json.leader.holder).toEqual(
      kind === 'pglite' ? 'this server' : expect.stringContaining(`${hostname()}:${process.pid}:`),
    );
  });

  it('says nobody sends when the service is not running, and that nothing came yet', async () => {
    if (kind === 'postgres') {
      // The last leader stopped: its lease was handed back, and nobody took it.
      const world = await startDeliveryWorld(kind);
      w = world;
      await waitFor(async () =>
        (await status(world.database)).out.includes(`${hostname()}:${process.pid}:`),
      );
      await world.service.stop();
      const res = await status(world.database);
      expect(res.code).toBe(EXIT_OK);
      expect(res.out).toMatch(
        new RegExp(`dispatcher: {6}none: the lease of ${hostname()}:${process.pid}:\\w+ ran out`),
      );
      expect(res.out).toContain('last postback:   never');
      return;
    }
    empty = await createTestDatabase(kind);
    const res = await status(empty);
    expect(res.code).toBe(EXIT_OK);
    expect(res.out.split('\n').slice(2)).toEqual([
      '  dispatcher:      none: the service is not running',
      '  queue:           0 pending, 0 in digests, 0 held (chat unreachable)',
      '  oldest waiting:  nothing waits',
      '  last postback:   never',
      '  last send:       never',
      '  dead:            0',
    ]);
  });
});

describe('status wording', () => {
  it('names a PostgreSQL database by host and name, never with its password', () => {
    const named = describeDatabase({
      databaseUrl: 'postgres://keitaro:s3cr%40t@db.example.com:5433/keitaro?sslmode=require',
      dataDir: '/unused',
    });
    expect(named).toBe('PostgreSQL db.example.com:5433/keitaro');
    expect(describeDatabase({ dataDir: '/var/lib/keitaro-notify' })).toBe(
      'embedded (PGlite) in /var/lib/keitaro-notify',
    );
  });

  it('gives ages as a glance needs them', () => {
    expect([42, 300, 3 * 3600 + 600, 2 * 86_400 + 4 * 3600].map(formatAge)).toEqual([
      '42 s',
      '5 min',
      '3 h 10 min',
      '2 d 4 h',
    ]);
  });
});
