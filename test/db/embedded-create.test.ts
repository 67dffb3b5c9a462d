import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from '../../src/db/client.ts';
import {
  createEmbeddedDatabase,
  EmbeddedCreationError,
  embeddedCreateCommand,
  embeddedDatabaseExists,
  pgliteDir,
} from '../../src/db/data-dir.ts';
import { pgliteInitdb } from '../../src/db/embedded-create.ts';
import { EMBEDDED_SETTINGS } from '../../src/db/embedded-settings.ts';
import {
  findTemplate,
  installedPgliteVersion,
  TEMPLATE_FOLDER,
  templateFileName,
} from '../../src/db/embedded-template.ts';

/**
 * A first start creates the embedded database in a short-lived process of its own, so the
 * service never carries initdb's memory peak (bench/memory.ts measures it).
 */

const migrationCount = (
  JSON.parse(
    readFileSync(new URL('../../src/db/migrations/meta/_journal.json', import.meta.url), 'utf8'),
  ) as { entries: unknown[] }
).entries.length;

const node = (code: string) => ({ command: process.execPath, args: ['-e', code] });

async function expectMigratedAndOpens(dataDir: string): Promise<void> {
  expect(embeddedDatabaseExists(dataDir)).toBe(true);
  expect(existsSync(join(dataDir, 'pglite.creating'))).toBe(false);
  const database = await openDatabase({ kind: 'pglite', dataDir });
  try {
    const [applied] = await queryRows<{ n: number }>(
      database.db,
      sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`,
    );
    expect(applied?.n).toBe(migrationCount);
    expect(await database.ready()).toBe(true);
  } finally {
    await database.close();
  }
}

describe('creating the embedded database in a process of its own', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'keitaro-create-')), 'data');
  let how = '';

  beforeAll(async () => {
    // What an interrupted first start leaves behind: a half-made folder beside DATA_DIR/pglite.
    mkdirSync(join(dataDir, 'pglite.creating'), { recursive: true });
    writeFileSync(join(dataDir, 'pglite.creating', 'PG_VERSION'), '18\n');
    how = await createEmbeddedDatabase(dataDir);
  }, 240_000);

  it("starts from the template shipped for the installed PGlite, without initdb's memory peak", () => {
    expect(findTemplate()).toEqual({
      path: join(TEMPLATE_FOLDER, templateFileName(installedPgliteVersion())),
    });
    expect(how).toBe(
      `created from the template ${join(TEMPLATE_FOLDER, templateFileName(installedPgliteVersion()))}`,
    );
  });

  it('keeps the WAL and every file private to the service (files 0600, folders 0700)', () => {
    const mode = (path: string) => statSync(join(pgliteDir(dataDir), path)).mode & 0o777;
    expect(mode('.')).toBe(0o700);
    expect(mode('pg_wal')).toBe(0o700);
    expect(mode('PG_VERSION')).toBe(0o600);
    expect(mode('global/pg_control')).toBe(0o600);
  });

  it('leaves a complete, migrated database that opens without creating anything', async () => {
    await expectMigratedAndOpens(dataDir);
  }, 60_000);

  it('runs PostgreSQL with buffers sized for a 1 GB server, and records them in postgresql.conf', async () => {
    const conf = readFileSync(join(pgliteDir(dataDir), 'postgresql.conf'), 'utf8');
    expect(conf).toMatch(/^shared_buffers = 16MB/m);
    // The template carries them: after changing EMBEDDED_SETTINGS, run make-db-template.ts.
    for (const [name, value] of Object.entries(EMBEDDED_SETTINGS)) {
      expect(conf).toMatch(new RegExp(`^${name} = ${value}\\b`, 'm'));
    }
    const database = await openDatabase({ kind: 'pglite', dataDir });
    try {
      const rows = await queryRows<{ shared_buffers: string }>(
        database.db,
        sql`SHOW shared_buffers`,
      );
      expect(rows).toEqual([{ shared_buffers: '16MB' }]);
    } finally {
      await database.close();
    }
  }, 60_000);

  it("uses PGlite's initdb runner directly (an upgrade that moves it would cost ~200 MB)", async () => {
    expect(await pgliteInitdb()).toBeTypeOf('function');
  });
});

describe('without a template for the installed PGlite (an upgrade not followed by make-db-template)', () => {
  it('creates the database by initdb and says why', async () => {
    const templates = mkdtempSync(join(tmpdir(), 'keitaro-templates-'));
    // Only the previous version's template is there.
    copyFileSync(findTemplate().path as string, join(templates, 'pglite-0.5.15.tar.gz'));
    const dataDir = join(mkdtempSync(join(tmpdir(), 'keitaro-create-')), 'data');
    const how = await createEmbeddedDatabase(dataDir, embeddedCreateCommand(), templates);
    expect(how).toBe(
      `created by initdb (no template ${templateFileName(installedPgliteVersion())} for the installed PGlite ${installedPgliteVersion()} in ${templates}; scripts/make-db-template.ts makes one)`,
    );
    await expectMigratedAndOpens(dataDir);
    const conf = readFileSync(join(pgliteDir(dataDir), 'postgresql.conf'), 'utf8');
    expect(conf).toMatch(/^shared_buffers = 16MB/m);
  }, 240_000);
});

describe('a creating process that fails', () => {
  it('is reported with what it said, and leaves no database behind', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keitaro-create-'));
    const failing = createEmbeddedDatabase(
      dataDir,
      node('process.stderr.write("initdb failed: could not write to file\\n"); process.exit(1)'),
    );
    await expect(failing).rejects.toThrow(EmbeddedCreationError);
    await expect(failing).rejects.toThrow(
      `Creating the embedded database in ${dataDir} failed: initdb failed: could not write to file (exit code 1)`,
    );
    expect(embeddedDatabaseExists(dataDir)).toBe(false);
  });

  it('is reported when the system kills it (out of memory)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keitaro-create-'));
    await expect(
      createEmbeddedDatabase(dataDir, node('process.kill(process.pid, "SIGKILL")')),
    ).rejects.toThrow(`Creating the embedded database in ${dataDir} failed: killed by SIGKILL`);
  });
});
