import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { buildServer } from '../../src/http/server.ts';
import { createProfile, updateProfile } from '../../src/profiles/repository.ts';
import { depositQuery } from '../fixtures/postbacks.ts';
import { postbackPath } from '../support/app.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { capturedLogger } from '../support/logs.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

/** The database answers reads but refuses every write, as a full disk or a standby does. */
async function refuseWrites(database: TestDatabase): Promise<void> {
  if (database.kind === 'pglite') {
    await database.db.execute(sql`SET default_transaction_read_only = on`);
    return;
  }
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  try {
    await admin.query(
      'DO $$ BEGIN EXECUTE format($f$ALTER DATABASE %I SET default_transaction_read_only = on$f$, current_database()); END $$',
    );
    // Sessions take the setting when they start: end the ones open now.
    await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
  } finally {
    await admin.end();
  }
}

describe.each(databaseKinds)('readiness on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  afterEach(async () => {
    await app.close();
    await database.close();
  });

  it('says not ready while the database refuses writes, though it still answers reads', async () => {
    database = await createTestDatabase(kind);
    app = await buildServer({ database, logger: capturedLogger().logger });
    expect((await app.inject({ url: '/ready' })).statusCode).toBe(200);

    await refuseWrites(database);
    const res = await app.inject({ url: '/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ ok: false, error: 'not_ready' });
  });
});

const TIMEOUT_MS = 1_000;

describe.skipIf(!process.env.TEST_DATABASE_URL)('a frozen PostgreSQL', () => {
  let testDb: TestDatabase;
  let proxy: TcpProxy;
  let database: Database;
  let app: FastifyInstance;
  afterEach(async () => {
    proxy.restore();
    await app.close();
    await database.close();
    await proxy.close();
    await testDb.close();
  });

  it('gets a postback a 503 with Retry-After within the timeout, and /ready says not ready', {
    timeout: 60_000,
  }, async () => {
    testDb = await createTestDatabase('postgres');
    const profile = await createProfile(testDb.db, { ownerUserId: 9_200_001 });
    await updateProfile(testDb.db, profile.id, { rateLimitRps: 1000 });
    proxy = await startTcpProxy(testDb.url as string);
    database = await openDatabase({ kind: 'postgres', url: proxy.url, timeoutMs: TIMEOUT_MS });
    app = await buildServer({ database, logger: capturedLogger().logger });
    const post = (n: number) => app.inject({ url: postbackPath(profile.secret, depositQuery(n)) });
    expect((await post(1)).statusCode).toBe(200);

    proxy.blackhole();
    const started = Date.now();
    const refused = await post(2);
    // The bound, a new connection's bound after it, and a busy machine's slack.
    expect(Date.now() - started).toBeLessThan(2 * TIMEOUT_MS + 3_000);
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBeDefined();

    const readyStarted = Date.now();
    expect((await app.inject({ url: '/ready' })).statusCode).toBe(503);
    expect(Date.now() - readyStarted).toBeLessThan(2 * TIMEOUT_MS + 3_000);

    proxy.restore();
    expect((await post(3)).statusCode).toBe(200);
    expect((await app.inject({ url: '/ready' })).statusCode).toBe(200);
  });
});
