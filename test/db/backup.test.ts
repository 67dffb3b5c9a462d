import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { BackupRefused, restoreBackup, writeBackup } from '../../src/db/backup.ts';
import { openDatabase } from '../../src/db/client.ts';
import { embeddedDatabaseExists, pgliteDir } from '../../src/db/data-dir.ts';
import { DURABLE_START_PARAMS, SafeNodeFS } from '../../src/db/pglite-fs.ts';
import { packFolder } from '../../src/db/tarball.ts';
import { createProfile, listProfiles } from '../../src/profiles/repository.ts';

/**
 * Backups are streamed from and to the disk (src/db/tarball.ts); these check what a user
 * relies on beside the CLI's own tests (test/cli/backup.test.ts): old backups still restore,
 * and a file that is a tarball but no database is refused rather than "restored" empty.
 */

const folder = () => mkdtempSync(join(tmpdir(), 'keitaro-backup-unit-'));

async function databaseWithProfile(dataDir: string, name: string): Promise<string> {
  const database = await openDatabase({ kind: 'pglite', dataDir });
  try {
    await database.migrate();
    return (await createProfile(database.db, { ownerUserId: 555_001, name })).secret;
  } finally {
    await database.close();
  }
}

async function profilesIn(dataDir: string) {
  const database = await openDatabase({ kind: 'pglite', dataDir });
  try {
    return await listProfiles(database.db);
  } finally {
    await database.close();
  }
}

describe('backups of the embedded database', { timeout: 180_000 }, () => {
  it('restores a backup made by an earlier release, which used PGlite’s own dumpDataDir', async () => {
    const before = join(folder(), 'data');
    const secret = await databaseWithProfile(before, 'Team Old');
    // What `backup` wrote before it streamed: PGlite's tarball, absolute names.
    const pg = await PGlite.create({
      fs: new SafeNodeFS(pgliteDir(before)),
      startParams: DURABLE_START_PARAMS,
    });
    const file = join(folder(), 'old.tar.gz');
    writeFileSync(file, new Uint8Array(await (await pg.dumpDataDir('gzip')).arrayBuffer()));
    await pg.close();

    const after = join(folder(), 'data');
    const restored = await restoreBackup(after, file, false);
    expect(restored.profiles).toBe(1);
    const [profile] = await profilesIn(after);
    expect(profile?.name).toBe('Team Old');
    expect(profile?.secret).toBe(secret);
  });

  it('backs up an open database into a file that restores, and refuses one already there', async () => {
    const dataDir = join(folder(), 'data');
    await databaseWithProfile(dataDir, 'Team A');
    const file = join(folder(), 'a.tar.gz');
    const database = await openDatabase({ kind: 'pglite', dataDir }, { embedded: 'worker' });
    try {
      const size = await writeBackup(database, file, false);
      expect(size).toBeGreaterThan(1_000_000);
      await expect(writeBackup(database, file, false)).rejects.toThrow(/already exists/);
      // Still answering after the copy.
      expect((await listProfiles(database.db)).map((p) => p.name)).toEqual(['Team A']);
    } finally {
      await database.close();
    }
    const copy = join(folder(), 'data');
    expect((await restoreBackup(copy, file, false)).profiles).toBe(1);
    expect((await profilesIn(copy)).map((p) => p.name)).toEqual(['Team A']);
  });

  it('refuses a tarball that holds no database, and leaves DATA_DIR empty', async () => {
    const notes = folder();
    mkdirSync(join(notes, 'docs'));
    writeFileSync(join(notes, 'docs', 'README.txt'), 'postback notes\n');
    const file = join(folder(), 'notes.tar.gz');
    await packFolder(notes, file);

    const dataDir = join(folder(), 'data');
    const refused = restoreBackup(dataDir, file, false);
    await expect(refused).rejects.toBeInstanceOf(BackupRefused);
    await expect(refused).rejects.toThrow(
      /is not a backup this program can read \(it holds no database\)/,
    );
    expect(embeddedDatabaseExists(dataDir)).toBe(false);
  });
});
