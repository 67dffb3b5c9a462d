import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DatabaseTarget, openDatabase, queryRows } from '../../src/db/client.ts';
import { undeliveredCount } from '../../src/delivery/outbox.ts';
import { conversionsIn, FakeBotApi } from '../../src/demo/fake-bot-api.ts';
import { createProfile, updateProfile } from '../../src/profiles/repository.ts';
import { createEmptyDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { type RunningService, startService, waitFor } from '../support/processes.ts';

const CHATS = 50;
const POSTBACKS = 1000;

describe.each(databaseKinds)('crash safety on %s', (kind) => {
  let telegram: FakeBotApi;
  let testDb: TestDatabase | undefined;
  let service: RunningService | undefined;
  beforeEach(async () => {
    telegram = await new FakeBotApi().start();
  });
  afterEach(async () => {
    await service?.stop('SIGKILL');
    await telegram.stop();
    await testDb?.close();
  });

  it('delivers every event that got a 200 after a SIGKILL mid-run, with duplicates only from sends in flight', {
    timeout: 180_000,
  }, async () => {
    let target: DatabaseTarget;
    let env: NodeJS.ProcessEnv;
    if (kind === 'postgres') {
      testDb = await createEmptyDatabase('postgres');
      target = { kind: 'postgres', url: testDb.url as string };
      env = { DATABASE_URL: testDb.url };
    } else {
      const dataDir = mkdtempSync(join(tmpdir(), 'keitaro-crash-'));
      target = { kind: 'pglite', dataDir };
      env = { DATA_DIR: dataDir, DATABASE_URL: '' };
    }
    env = { ...env, BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.url };

    const setup = await openDatabase(target);
    await setup.migrate();
    const secrets: string[] = [];
    for (let i = 0; i < CHATS; i++) {
      const p = await createProfile(setup.db, { ownerUserId: 7_000_000 + i, language: 'ru' });
      await updateProfile(setup.db, p.id, { rateLimitRps: 1000 });
      secrets.push(p.secret);
    }
    await setup.close();

    service = await startService(env);
    const accepted = new Set<number>();
    let next = 0;
    let killedAt = 0;
    const send = async (n: number) => {
      const query = `status=${n % 4 === 0 ? 'sale' : 'lead'}&tid=T-${n}&subid=c-${n}&campaign_name=Campaign%20${n % 7}&country=US&conversion_revenue=25&currency=USD`;
      try {
        const res = await fetch(
          `${service?.baseUrl}/integrations/keitaro/postback?secret=${secrets[n % CHATS]}&${query}`,
        );
        if (res.status === 200) accepted.add(((await res.json()) as { event_id: number }).event_id);
      } catch {
        // The process was killed under this request: no 200, nothing promised.
      }
    };
    let restarted: Promise<void> = Promise.resolve();
    const worker = async () => {
      while (next < POSTBACKS) {
        const n = next++;
        if (n === 400) {
          // Killed with requests in flight; Keitaro keeps sending once it is back.
          killedAt = Date.now();
          restarted = (async () => {
            await service?.stop('SIGKILL');
            service = await startService(env);
          })();
        }
        await restarted;
        await send(n);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect(killedAt).toBeGreaterThan(0);
    expect(accepted.size).toBeGreaterThan(POSTBACKS * 0.9);

    // Sends that Telegram may have answered without the dead process recording them.
    const inFlightAtKill = telegram.messages.filter(
      (m) => m.at > killedAt - 1_000 && m.at <= killedAt,
    ).length;

    const delivered = () => telegram.messages.reduce((sum, m) => sum + conversionsIn(m), 0);
    await waitFor(() => delivered() >= accepted.size, 120_000);
    if (kind === 'postgres') {
      // The counts include duplicates and events whose 200 was lost: wait for what the
      // product promises, nothing left to send (PGlite cannot be opened beside the service).
      const probe = await openDatabase(target);
      await waitFor(async () => (await undeliveredCount(probe.db)) === 0, 120_000);
      await probe.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await service.stop('SIGTERM')).toBe(0);
    service = undefined;
    if (kind === 'pglite') {
      // The counts above include duplicates, so the service may have been stopped with a
      // digest still waiting. Nothing may be lost across a clean stop either: start it again
      // until the outbox is empty (the embedded database cannot be read beside it).
      for (let round = 0; round < 5; round++) {
        const probe = await openDatabase(target);
        const left = await undeliveredCount(probe.db);
        await probe.close();
        if (left === 0) break;
        service = await startService(env);
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        expect(await service.stop('SIGTERM')).toBe(0);
        service = undefined;
      }
    }

    const check = await openDatabase(target);
    try {
      const rows = await queryRows<{ id: string; processed: boolean; states: string[] }>(
        check.db,
        sql`SELECT e.id, e.processed, array_agg(d.state) AS states
            FROM keitaro_events e JOIN keitaro_deliveries d ON d.event_id = e.id GROUP BY e.id`,
      );
      const byId = new Map(rows.map((r) => [Number(r.id), r]));
      for (const id of accepted) {
        expect(byId.get(id), `event ${id}`).toMatchObject({ processed: true });
        expect(['sent', 'digested']).toContain(byId.get(id)?.states[0]);
      }
      expect(await undeliveredCount(check.db)).toBe(0);
      const duplicates = delivered() - rows.length;
      expect(duplicates).toBeGreaterThanOrEqual(0);
      expect(duplicates).toBeLessThanOrEqual(inFlightAtKill);
      const refused = telegram.calls.filter((c) => c.code === 429);
      expect(refused.map((c) => `${c.chatId}@${c.at - killedAt}`)).toEqual([]);
    } finally {
      await check.close();
    }
  });
});
