import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { adminConnections, events } from '../../src/db/schema.ts';
import { createProfile, deleteProfile } from '../../src/profiles/repository.ts';
import { createEmptyDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';

describe('the migrations journal', () => {
  it('lists migrations in the order of their timestamps, which is the order Drizzle applies them in', () => {
    // Drizzle skips a migration whose `when` is not later than the last one applied: two
    // branches that each add one must keep `when` rising with the number when they merge.
    const journal = JSON.parse(
      readFileSync(new URL('../../src/db/migrations/meta/_journal.json', import.meta.url), 'utf8'),
    ) as { entries: { idx: number; when: number; tag: string }[] };
    const entries = journal.entries;
    for (const [i, entry] of entries.entries()) {
      expect(entry.tag.startsWith(String(entry.idx).padStart(4, '0'))).toBe(true);
      if (i > 0) expect(entry.when).toBeGreaterThan((entries[i - 1] as { when: number }).when);
      if (i > 0) expect(entry.idx).toBeGreaterThan((entries[i - 1] as { idx: number }).idx);
    }
  });
});

describe.each(databaseKinds)('schema on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createEmptyDatabase(kind);
  });
  afterAll(() => database.close());

  it('is not ready before migrations and ready after', async () => {
    expect(await database.ready()).toBe(false);
    await database.migrate();
    expect(await database.ready()).toBe(true);
  });

  it('applies migrations idempotently, also when instances start at once', async () => {
    await database.migrate();
    await Promise.all([database.migrate(), database.migrate()]);
    const [row] = await queryRows<{ n: number }>(
      database.db,
      sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`,
    );
    expect(row?.n).toBeGreaterThan(0);
    expect(await database.ready()).toBe(true);
  });

  it("keeps a profile's Admin API connection apart from the profile, and deletes it with it", async () => {
    const profile = await createProfile(database.db, { ownerUserId: 3 });
    await database.db.insert(adminConnections).values({
      profileId: profile.id,
      url: 'https://tracker.example.com/admin_api/v1',
      apiKey: 'enc:v1:1a2b3c4d:AAAA:BBBB:CCCC',
      generation: 'legacy',
      checkOutcome: 'ok',
    });
    // Only the two generations of the conversions log exist.
    const other = await createProfile(database.db, { ownerUserId: 4 });
    await expect(
      database.db.insert(adminConnections).values({
        profileId: other.id,
        url: 'x',
        apiKey: 'y',
        generation: 'v12',
        checkOutcome: 'ok',
      }),
    ).rejects.toThrow();
    // Nothing a profile read selects can carry the key.
    const [columns] = await queryRows<{ n: number }>(
      database.db,
      sql`SELECT count(*)::int AS n FROM information_schema.columns
          WHERE table_name = 'keitaro_profiles' AND column_name LIKE '%key%'`,
    );
    expect(columns?.n).toBe(0);
    await deleteProfile(database.db, profile.id);
    const left = await database.db.select().from(adminConnections);
    expect(left).toEqual([]);
  });

  it("runs users' two monitoring queries exactly as written", async () => {
    const p1 = await createProfile(database.db, { ownerUserId: 1 });
    const p2 = await createProfile(database.db, { ownerUserId: 2 });
    const base = {
      status: 'deposit',
      statusWord: 'sale',
      dedupKey: 'k',
      outcome: 'queued',
      payload: {},
    };
    await database.db.insert(events).values([
      { ...base, profileId: p1.id },
      { ...base, profileId: p1.id, error: 'Forbidden: bot was blocked by the user' },
      { ...base, profileId: p2.id, processed: true },
      { ...base, profileId: p2.id, createdAt: new Date(Date.now() - 2 * 86_400_000) },
    ]);

    const perProfile = await queryRows<{ profile_id: number; events_count: string | number }>(
      database.db,
      sql.raw(`SELECT profile_id, COUNT(*) AS events_count FROM keitaro_events
WHERE created_at > NOW() - INTERVAL '1 day' GROUP BY profile_id;`),
    );
    expect(
      perProfile
        .map((r) => ({ profile_id: r.profile_id, events_count: Number(r.events_count) }))
        .sort((a, b) => a.profile_id - b.profile_id),
    ).toEqual([
      { profile_id: p1.id, events_count: 2 },
      { profile_id: p2.id, events_count: 1 },
    ]);

    const failing = await queryRows<{ profile_id: number; error: string; processed: boolean }>(
      database.db,
      sql.raw(`SELECT * FROM keitaro_events WHERE processed = false AND error IS NOT NULL
ORDER BY created_at DESC LIMIT 10;`),
    );
    expect(failing).toHaveLength(1);
    expect(failing[0]).toMatchObject({
      profile_id: p1.id,
      processed: false,
      error: 'Forbidden: bot was blocked by the user',
    });
  });
});
