import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { DataDirLockedError } from '../../src/db/data-dir-lock.ts';
import { createProfile, listProfiles } from '../../src/profiles/repository.ts';

// Each test creates an embedded database on disk: up to a minute on a busy 2-core machine.
describe('the embedded database directory', { timeout: 180_000 }, () => {
  it('refuses a second user with a clear sentence, and keeps data across a clean close', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keitaro-lock-'));
    const first = await openDatabase({ kind: 'pglite', dataDir });
    await first.migrate();
    await createProfile(first.db, { ownerUserId: 42, name: 'Kept' });

    const second = openDatabase({ kind: 'pglite', dataDir });
    await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(second).rejects.toThrow(
      `Another process (pid ${process.pid}) is already using the embedded database in ${dataDir}`,
    );

    await first.close();
    expect(existsSync(join(dataDir, 'keitaro-notify.lock'))).toBe(false);
    const reopened = await openDatabase({ kind: 'pglite', dataDir });
    await reopened.migrate();
    expect((await listProfiles(reopened.db)).map((p) => p.name)).toEqual(['Kept']);
    await reopened.close();
  });

  it('takes over a lock left by a process that died', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keitaro-lock-'));
    // A pid that certainly does not run any more: a child that has already exited.
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number;
    writeFileSync(join(dataDir, 'keitaro-notify.lock'), String(dead));
    const database = await openDatabase({ kind: 'pglite', dataDir });
    await database.migrate();
    expect(await database.ready()).toBe(true);
    await database.close();
  });
});
