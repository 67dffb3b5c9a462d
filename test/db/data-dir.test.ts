import fs, { chmodSync, lstatSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, queryRows } from '../../src/db/client.ts';
import { capturedLogger } from '../support/logs.ts';

/**
 * One embedded database is created on disk for this file (initdb takes up to a minute on a
 * busy machine); tests that change it reopen it.
 */

interface Line {
  level: number;
  msg: string;
  data_dir?: string;
  took_ms?: number;
  entries?: number;
}
const parse = (lines: string[]) => lines.map((line) => JSON.parse(line) as Line);

/** Every folder and file under `dir`, with its permission bits. */
function modes(dir: string): { path: string; mode: number; isDir: boolean }[] {
  const out: { path: string; mode: number; isDir: boolean }[] = [];
  const visit = (path: string) => {
    const stat = lstatSync(path);
    out.push({ path, mode: stat.mode & 0o777, isDir: stat.isDirectory() });
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(dir);
  return out;
}

function loosen(dir: string): void {
  for (const entry of modes(dir)) chmodSync(entry.path, entry.isDir ? 0o755 : 0o666);
}

describe('the embedded database in DATA_DIR', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'keitaro-dir-')), 'data');
  let creation: Line[];
  const umask = process.umask();

  beforeAll(async () => {
    process.umask(0o022);
    const { logger, lines } = capturedLogger();
    const database = await openDatabase({ kind: 'pglite', dataDir }, { logger });
    await database.migrate();
    await database.close();
    creation = parse(lines);
  }, 180_000);
  afterAll(() => {
    process.umask(umask);
  });

  it('says what it is doing while it creates the database on first start, and when it is done', () => {
    expect(creation).toEqual([
      expect.objectContaining({
        msg: 'creating the embedded database (first start; this can take a minute on a small machine)',
        data_dir: dataDir,
      }),
      // From the template shipped for this PGlite: no initdb, no memory peak.
      expect.objectContaining({
        level: 30,
        msg: expect.stringMatching(/^created from the template .*pglite-[\d.]+\.tar\.gz$/),
      }),
      expect.objectContaining({ msg: 'embedded database created', took_ms: expect.any(Number) }),
    ]);
  });

  it('says it is opening an existing database, and when it is open', async () => {
    const { logger, lines } = capturedLogger();
    const database = await openDatabase({ kind: 'pglite', dataDir }, { logger });
    await database.close();
    expect(parse(lines).map((line) => line.msg)).toEqual([
      'opening the embedded database',
      'embedded database opened',
    ]);
  }, 60_000);

  it('keeps what it creates to its owner, whatever the umask: folders 0700, files 0600', () => {
    const found = modes(dataDir);
    expect(found.length).toBeGreaterThan(100);
    const open = found.filter((entry) => entry.mode !== (entry.isDir ? 0o700 : 0o600));
    expect(open.map((entry) => `${entry.path} ${entry.mode.toString(8)}`)).toEqual([]);
  });

  it('closes a DATA_DIR that others can read at start, and says so in the log', async () => {
    loosen(dataDir);
    const { logger, lines } = capturedLogger();
    const database = await openDatabase({ kind: 'pglite', dataDir }, { logger });
    await database.close();
    const open = modes(dataDir).filter((entry) => entry.mode !== (entry.isDir ? 0o700 : 0o600));
    expect(open.map((entry) => `${entry.path} ${entry.mode.toString(8)}`)).toEqual([]);
    expect(parse(lines)[0]).toMatchObject({
      level: 40,
      msg: 'DATA_DIR was readable by other users; made it private (folders 0700, files 0600)',
      data_dir: dataDir,
      entries: expect.any(Number),
    });
  }, 60_000);

  // On this thread, where the spy sees the host's fsync calls; the worker thread runs the same
  // SafeNodeFS (its files are private too, above) and is checked below.
  it('writes each commit through to the disk before it returns, as a 200 promises', async () => {
    const database = await openDatabase({ kind: 'pglite', dataDir }, { embedded: 'in-process' });
    try {
      await database.db.execute(sql`CREATE TABLE IF NOT EXISTS durable (n int)`);
      const fsync = vi.spyOn(fs, 'fsyncSync');
      try {
        for (let n = 0; n < 20; n++) {
          await database.db.execute(sql`INSERT INTO durable VALUES (${n})`);
        }
        // One fsync of the write-ahead log per commit, at least (PGlite's default: none).
        expect(fsync.mock.calls.length).toBeGreaterThanOrEqual(20);
      } finally {
        fsync.mockRestore();
      }
      const settings = await queryRows<{ fsync: string }>(database.db, sql`SHOW fsync`);
      expect(settings).toEqual([{ fsync: 'on' }]);
    } finally {
      await database.close();
    }
  }, 60_000);

  it('syncs each commit in the worker thread too, with the same durable settings', async () => {
    const database = await openDatabase({ kind: 'pglite', dataDir }, { embedded: 'worker' });
    try {
      await database.db.execute(sql`CREATE TABLE IF NOT EXISTS durable (n int)`);
      // PostgreSQL's own count of the WAL syncs it asked for (the spy above shows that such
      // a sync reaches the host's fsync).
      const syncs = async () => {
        await database.db.execute(sql`SELECT pg_stat_force_next_flush()`);
        const rows = await queryRows<{ n: number }>(
          database.db,
          sql`SELECT coalesce(sum(fsyncs), 0)::int AS n FROM pg_stat_io WHERE object = 'wal'`,
        );
        return rows[0]?.n ?? 0;
      };
      const before = await syncs();
      for (let n = 0; n < 20; n++) {
        await database.db.execute(sql`INSERT INTO durable VALUES (${n})`);
      }
      expect((await syncs()) - before).toBeGreaterThanOrEqual(20);
      const settings = await queryRows<{ fsync: string; method: string }>(
        database.db,
        sql`SELECT current_setting('fsync') AS fsync, current_setting('wal_sync_method') AS method`,
      );
      expect(settings).toEqual([{ fsync: 'on', method: 'fsync' }]);
    } finally {
      await database.close();
    }
  }, 60_000);
});
