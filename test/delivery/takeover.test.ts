import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { undeliveredCount } from '../../src/delivery/outbox.ts';
import { FakeBotApi } from '../../src/demo/fake-bot-api.ts';
import { createProfile, updateProfile } from '../../src/profiles/repository.ts';
import { createEmptyDatabase, type TestDatabase } from '../support/databases.ts';
import { type RunningService, startService, waitFor } from '../support/processes.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

const LEADING = 'this instance is now the dispatcher';
const NOT_LEADING = 'this instance is no longer the dispatcher';

/** When a process last logged `message` (its log lines carry the time). */
function loggedAt(output: string, message: string): number {
  const line = output.split('\n').findLast((l) => l.includes(message));
  if (!line) throw new Error(`never logged: ${message}`);
  return (JSON.parse(line) as { time: number }).time;
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('two instances on one PostgreSQL', () => {
  let telegram: FakeBotApi;
  let testDb: TestDatabase;
  const services: RunningService[] = [];
  let proxy: TcpProxy | undefined;
  afterEach(async () => {
    await Promise.all(services.splice(0).map((s) => s.stop('SIGKILL')));
    await proxy?.close();
    proxy = undefined;
    await telegram.stop();
    await testDb.close();
  });

  it('have one dispatcher; when it is killed the other takes over and delivers everything', {
    timeout: 120_000,
  }, async () => {
    telegram = await new FakeBotApi().start();
    testDb = await createEmptyDatabase('postgres');
    const setup = await openDatabase({ kind: 'postgres', url: testDb.url as string });
    await setup.migrate();
    const profile = await createProfile(setup.db, { ownerUserId: 8_000_001 });
    await updateProfile(setup.db, profile.id, { rateLimitRps: 1000 });
    await setup.close();

    const env = {
      DATABASE_URL: testDb.url,
      BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.url,
      LEADER_LEASE_SECONDS: '5',
      LOG_LEVEL: 'info',
    };
    const a = await startService(env);
    services.push(a);
    await waitFor(() => a.output().includes(LEADING));
    const b = await startService(env);
    services.push(b);

    const post = async (service: RunningService, n: number) => {
      const res = await fetch(
        `${service.baseUrl}/integrations/keitaro/postback?secret=${profile.secret}&status=sale&tid=T-${n}&conversion_revenue=10&currency=USD`,
      );
      expect(res.status).toBe(200);
    };
    // Both take postbacks; only the leader sends (NOTIFY wakes it for the other's commits).
    await post(a, 1);
    await post(b, 2);
    await waitFor(() => telegram.messages.length === 2);
    expect(b.output()).not.toContain(LEADING);
    // Killed once it has recorded what it sent (a send in flight at the kill may be repeated:
    // that case is the crash-safety test's).
    const check = await openDatabase({ kind: 'postgres', url: testDb.url as string });
    await waitFor(async () => (await undeliveredCount(check.db)) === 0);
    await check.close();

    await a.stop('SIGKILL');
    await post(b, 3);
    await post(b, 4);
    await waitFor(() => b.output().includes(LEADING), 15_000);
    await waitFor(() => telegram.messages.length === 4, 15_000);
    const txs = telegram.messages.map((m) => /TX: <code>(T-\d)<\/code>/.exec(m.text)?.[1]).sort();
    expect(txs).toEqual(['T-1', 'T-2', 'T-3', 'T-4']);
  });

  it("hand over within seconds when the leader's network goes silent, and the silent one stops sending first", {
    timeout: 180_000,
  }, async () => {
    telegram = await new FakeBotApi().start();
    testDb = await createEmptyDatabase('postgres');
    const setup = await openDatabase({ kind: 'postgres', url: testDb.url as string });
    await setup.migrate();
    const profile = await createProfile(setup.db, { ownerUserId: 8_000_002 });
    await updateProfile(setup.db, profile.id, { rateLimitRps: 1000 });
    await setup.close();

    // The first instance reaches PostgreSQL through a link that will go silent.
    proxy = await startTcpProxy(testDb.url as string);
    const env = {
      BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.url,
      LEADER_LEASE_SECONDS: '5',
      DATABASE_TIMEOUT_SECONDS: '2',
      LOG_LEVEL: 'info',
    };
    const a = await startService({ ...env, DATABASE_URL: proxy.url });
    services.push(a);
    await waitFor(() => a.output().includes(LEADING));
    const b = await startService({ ...env, DATABASE_URL: testDb.url });
    services.push(b);

    const post = async (n: number) => {
      const res = await fetch(
        `${b.baseUrl}/integrations/keitaro/postback?secret=${profile.secret}&status=sale&tid=T-${n}&conversion_revenue=10&currency=USD`,
      );
      expect(res.status).toBe(200);
    };
    await post(1);
    await waitFor(() => telegram.messages.length === 1);
    const check = await openDatabase({ kind: 'postgres', url: testDb.url as string });
    await waitFor(async () => (await undeliveredCount(check.db)) === 0);

    // No FIN, no RST: the leader's host is simply gone from the network.
    proxy.blackhole();
    await post(2);
    await waitFor(() => b.output().includes(LEADING), 15_000);
    await waitFor(() => telegram.messages.length === 2, 15_000);
    // Never two dispatchers: the silent leader stood down before the other one took over.
    expect(loggedAt(a.output(), NOT_LEADING)).toBeLessThan(loggedAt(b.output(), LEADING));

    // Its network back, the old leader follows: nothing is sent twice.
    proxy.restore();
    await post(3);
    await waitFor(() => telegram.messages.length === 3, 15_000);
    await waitFor(async () => (await undeliveredCount(check.db)) === 0);
    await check.close();
    const txs = telegram.messages.map((m) => /TX: <code>(T-\d)<\/code>/.exec(m.text)?.[1]).sort();
    expect(txs).toEqual(['T-1', 'T-2', 'T-3']);
    expect(a.output().split(LEADING).length - 1).toBe(1);

    // Stopped, a leader hands over at once, not when its lease (5 s) would have run out.
    expect(await b.stop('SIGTERM')).toBe(0);
    await waitFor(() => a.output().split(LEADING).length - 1 === 2, 15_000);
    expect(loggedAt(a.output(), LEADING) - loggedAt(b.output(), NOT_LEADING)).toBeLessThan(4_000);
  });
});
