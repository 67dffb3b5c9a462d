import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { ProfileDirectory } from '../../src/postback/profile-directory.ts';
import { createProfile } from '../../src/profiles/repository.ts';
import { newSecret } from '../../src/profiles/secret.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

describe('the profile directory', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
  });
  afterAll(() => database.close().catch(() => {}));

  it('refuses a secret that cannot be ours by its form without asking the database', async () => {
    const noDatabase = new Proxy({} as Db, {
      get() {
        throw new Error('the database was asked');
      },
    });
    const directory = new ProfileDirectory(noDatabase);
    for (const secret of ['', 'abc\u0000def', 'short', 'x'.repeat(60_000), `${'a'.repeat(42)}=`]) {
      await expect(directory.lookup(secret)).resolves.toBeNull();
    }
  });

  it('keeps a known profile while a flood of unknown secrets passes, and remembers only the latest unknown ones', async () => {
    const profile = await createProfile(database.db, { ownerUserId: 5550001 });
    const directory = new ProfileDirectory(database.db, { maxUnknown: 20 });
    expect((await directory.lookup(profile.secret))?.profile.id).toBe(profile.id);
    const unknown = Array.from({ length: 60 }, () => newSecret());
    for (const secret of unknown) expect(await directory.lookup(secret)).toBeNull();

    await database.close(); // from here on, only what the directory kept can answer
    expect((await directory.lookup(profile.secret))?.profile.id).toBe(profile.id);
    for (const secret of unknown.slice(-20)) {
      await expect(directory.lookup(secret)).resolves.toBeNull();
    }
    await expect(directory.lookup(unknown[0] as string)).rejects.toThrow();
  });
});
