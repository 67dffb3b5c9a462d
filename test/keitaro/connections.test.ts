import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminConnections } from '../../src/db/schema.ts';
import type { ConnectionReport } from '../../src/keitaro/admin-api.ts';
import {
  connectionCredentials,
  getConnection,
  listConnections,
  recordCheck,
  saveConnection,
  sealStoredKeys,
} from '../../src/keitaro/connections.ts';
import { createProfile } from '../../src/profiles/repository.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';

const KEY = Buffer.alloc(32, 3);
const API_KEY = 'c7f1a9e24b6d80357e2f9a1c4d6b8e03';
const OK: ConnectionReport & { ok: true } = {
  ok: true,
  apiRoot: 'https://tracker.example.com/admin_api/v1',
  generation: 'legacy',
  names: {
    offers: { state: 'readable', count: 2 },
    landings: { state: 'readable', count: 2 },
    traffic_sources: { state: 'readable', count: 2 },
    campaigns: { state: 'readable', count: 2 },
  },
  namesSummary: 'all',
};

describe.each(databaseKinds)("a profile's Admin API connection on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.close());

  it('keeps a later check beside the connection, which it does not undo', async () => {
    const { id } = await createProfile(database.db, { ownerUserId: 1 });
    const saved = await saveConnection(database.db, id, { apiKey: API_KEY, report: OK }, KEY);
    expect(saved).toMatchObject({
      profileId: id,
      generation: 'legacy',
      checkOutcome: 'ok',
      keyEncrypted: true,
    });
    expect(saved).not.toHaveProperty('apiKey');
    await recordCheck(database.db, id, {
      ok: false,
      apiRoot: OK.apiRoot,
      problem: { kind: 'unauthorized', status: 401 },
    });
    const after = await getConnection(database.db, id);
    expect(after).toMatchObject({
      checkOutcome: 'unauthorized',
      generation: 'legacy',
      connectedAt: saved.connectedAt,
    });
    expect(after?.checkReport).toMatchObject({ ok: false, problem: { kind: 'unauthorized' } });
    expect((await listConnections(database.db)).map((c) => c.profileId)).toContain(id);
  });

  it('seals keys stored before ENCRYPTION_KEY was set, once', async () => {
    const { id } = await createProfile(database.db, { ownerUserId: 2 });
    await saveConnection(database.db, id, { apiKey: API_KEY, report: OK }, undefined);
    expect((await getConnection(database.db, id))?.keyEncrypted).toBe(false);
    expect(await sealStoredKeys(database.db, KEY)).toBe(1);
    expect(await sealStoredKeys(database.db, KEY)).toBe(0);
    expect((await getConnection(database.db, id))?.keyEncrypted).toBe(true);
    const rows = await database.db.select().from(adminConnections);
    expect(JSON.stringify(rows)).not.toContain(API_KEY);
    expect(await connectionCredentials(database.db, id, KEY)).toEqual({
      url: OK.apiRoot,
      apiKey: API_KEY,
    });
  });
});
