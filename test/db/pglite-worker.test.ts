import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Database,
  openDatabase,
  queryRows,
  withoutWaitingForDisk,
} from '../../src/db/client.ts';
import { pgliteDir } from '../../src/db/data-dir.ts';
import { PgliteWorker, WorkerExitedError } from '../../src/db/pglite-worker.ts';
import { profiles } from '../../src/db/schema.ts';
import { buildServer } from '../../src/http/server.ts';
import { ProfileDirectory } from '../../src/postback/profile-directory.ts';
import { createProfile, listProfiles } from '../../src/profiles/repository.ts';
import { capturedLogger } from '../support/logs.ts';

/**
 * The embedded database runs in a worker thread (src/db/pglite-worker.ts): the main thread's
 * event loop keeps serving while PostgreSQL works, and to the code above it the database
 * behaves as PGlite in-process does (results, errors, transactions).
 */

/** A statement that keeps the database busy until `release` is called (at most 60 s). */
function busyUntilReleased(dataDir: string) {
  const flag = 'release-the-database';
  return {
    statement: sql.raw(`DO $$
      DECLARE started timestamptz := clock_timestamp();
      BEGIN
        LOOP
          EXIT WHEN pg_stat_file('${flag}', true) IS NOT NULL
            OR clock_timestamp() - started > interval '60 seconds';
        END LOOP;
      END $$`),
    release: () => writeFileSync(join(pgliteDir(dataDir), flag), ''),
  };
}

describe('the embedded database in its worker thread', () => {
  it('answers HTTP while the database is busy with a long statement', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keitaro-worker-'));
    const database = await openDatabase({ kind: 'pglite', dataDir }, { embedded: 'worker' });
    const { logger } = capturedLogger();
    const app = await buildServer({
      database,
      logger,
      directory: new ProfileDirectory(database.db),
    });
    try {
      await database.migrate();
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as { port: number };
      const busy = busyUntilReleased(dataDir);
      const order: string[] = [];
      const working = database.db.execute(busy.statement).then(() => order.push('database'));
      // The liveness probe a supervisor or load balancer polls: it must not wait for the
      // database's work.
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      order.push(`http ${response.status}`);
      busy.release();
      await working;
      expect(order).toEqual(['http 200', 'database']);
    } finally {
      await app.close();
      await database.close();
    }
  }, 180_000);

  describe('to the code above it, the same as PGlite in-process', () => {
    let database: Database;
    beforeAll(async () => {
      database = await openDatabase({ kind: 'pglite', memory: true }, { embedded: 'worker' });
      await database.migrate();
    });
    afterAll(() => database.close());

    it("reports a unique violation with PostgreSQL's code, constraint and severity", async () => {
      const profile = await createProfile(database.db, { ownerUserId: 7001, name: 'First' });
      const error = await database.db
        .insert(profiles)
        .values({ ownerUserId: 7002, name: 'Copy', secret: profile.secret })
        .then(
          () => undefined,
          (caught: unknown) => caught as Error & { cause?: Record<string, unknown> },
        );
      expect(error?.cause).toMatchObject({
        code: '23505',
        constraint: 'keitaro_profiles_secret_key',
        severity: 'ERROR',
        message: expect.stringContaining('duplicate key value violates unique constraint'),
      });
      expect(error?.cause).toBeInstanceOf(Error);
    });

    it('returns values as drizzle expects them: timestamps as text, json parsed, int8 numbers', async () => {
      const rows = await queryRows<Record<string, unknown>>(
        database.db,
        sql`SELECT '2026-11-30 10:00:00+00'::timestamptz AS at, '{"sub_id":"abc"}'::jsonb AS raw,
                   42::int8 AS n, ARRAY['2026-11-30 10:00:00+00'::timestamptz] AS ats, NULL::timestamptz AS none`,
      );
      expect(rows).toEqual([
        {
          at: '2026-11-30 10:00:00+00',
          raw: { sub_id: 'abc' },
          n: 42,
          ats: '{"2026-11-30 10:00:00+00"}',
          none: null,
        },
      ]);
      const [profile] = await database.db.select().from(profiles).limit(1);
      expect(profile?.createdAt).toBeInstanceOf(Date);
    });

    it('holds other queries until a transaction commits, and undoes one that fails', async () => {
      const seen: string[] = [];
      let outside: Promise<unknown> | undefined;
      await database.db.transaction(async (tx) => {
        await createProfile(tx, { ownerUserId: 7003, name: 'In a transaction' });
        outside = listProfiles(database.db, { ownerUserId: 7003 }).then((rows) => {
          seen.push(`outside sees ${rows.length}`);
        });
        await createProfile(tx, { ownerUserId: 7003, name: 'Also' });
        seen.push('committing');
      });
      await outside;
      expect(seen).toEqual(['committing', 'outside sees 2']);

      await expect(
        database.db.transaction(async (tx) => {
          await createProfile(tx, { ownerUserId: 7004, name: 'Rolled back' });
          await tx.execute(sql`SELECT 1/0`);
        }),
      ).rejects.toThrow();
      expect(await listProfiles(database.db, { ownerUserId: 7004 })).toEqual([]);
      // The connection is usable after the rollback.
      const [row] = await database.db
        .update(profiles)
        .set({ name: 'Renamed' })
        .where(eq(profiles.ownerUserId, 7003))
        .returning();
      expect(row?.name).toBe('Renamed');
    });

    // A transaction's BEGIN travels with its first statement, and a SET LOCAL with the next
    // one (pglite-worker.ts): what the code above sees must not change.
    it('keeps a SET LOCAL to its transaction, and refuses a commit that a bad setting spoils', async () => {
      const inside = await withoutWaitingForDisk(database.db, (tx) =>
        queryRows(tx, sql`SHOW synchronous_commit`),
      );
      expect(inside).toEqual([{ synchronous_commit: 'off' }]);
      expect(await queryRows(database.db, sql`SHOW synchronous_commit`)).toEqual([
        { synchronous_commit: 'on' },
      ]);
      // Statements of one transaction sent at once, the first of them opening it.
      const made = await database.db.transaction((tx) =>
        Promise.all(
          ['One', 'Two', 'Three'].map((name) => createProfile(tx, { ownerUserId: 7005, name })),
        ),
      );
      expect(made).toHaveLength(3);
      expect(await listProfiles(database.db, { ownerUserId: 7005 })).toHaveLength(3);
      // A setting that fails only at COMMIT: the commit is refused and nothing is written.
      await expect(
        database.db.transaction(async (tx) => {
          await createProfile(tx, { ownerUserId: 7006, name: 'Never' });
          await tx.execute(sql`SET LOCAL synchronous_commit = sideways`);
        }),
      ).rejects.toThrow(/synchronous_commit/);
      expect(await listProfiles(database.db, { ownerUserId: 7006 })).toEqual([]);
      // A transaction of nothing but a setting, and an empty one, change nothing.
      await withoutWaitingForDisk(database.db, async () => {});
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL synchronous_commit = local`);
      });
      expect(await queryRows(database.db, sql`SHOW synchronous_commit`)).toEqual([
        { synchronous_commit: 'on' },
      ]);
    });
  });

  it('fails waiting and later queries, and says so, when the worker dies', async () => {
    const exits: Error[] = [];
    const client = await PgliteWorker.start({}, { onExit: (error) => exits.push(error) });
    const waiting = client.query('SELECT count(*) FROM generate_series(1, 5000000)');
    await client.worker.terminate();
    await expect(waiting).rejects.toBeInstanceOf(WorkerExitedError);
    await expect(waiting).rejects.toThrow(
      'the embedded database stopped unexpectedly: its worker thread exited with code 1',
    );
    await expect(client.query('SELECT 1')).rejects.toBeInstanceOf(WorkerExitedError);
    expect(exits).toHaveLength(1);
    await client.close();
  });

  it('closes without reporting an exit, and frees the process', async () => {
    const exits: Error[] = [];
    const client = await PgliteWorker.start({}, { onExit: (error) => exits.push(error) });
    expect((await client.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await client.close();
    expect(exits).toEqual([]);
    await expect(client.query('SELECT 1')).rejects.toThrow('the embedded database is closed');
  });
});
