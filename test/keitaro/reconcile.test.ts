import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../../src/cli/arguments.ts';
import { queryRows } from '../../src/db/client.ts';
import type { ProfileRow } from '../../src/db/schema.ts';
import { checkConnection, type Generation } from '../../src/keitaro/admin-api.ts';
import { getConnection, saveConnection } from '../../src/keitaro/connections.ts';
import { type ReconcileReport, reconcileProfile } from '../../src/keitaro/reconcile.ts';
import { ReconcileJob } from '../../src/keitaro/reconcile-job.ts';
import { ProfileDirectory } from '../../src/postback/profile-directory.ts';
import { createProfile, updateProfile } from '../../src/profiles/repository.ts';
import { postbackPath } from '../support/app.ts';
import { cliOn } from '../support/cli.ts';
import { createTestDatabase, databaseKinds } from '../support/databases.ts';
import { type DeliveryWorld, startDeliveryWorld } from '../support/delivery.ts';
import {
  FAKE_API_KEY,
  type FakeKeitaro,
  type FakePostback,
  startFakeKeitaro,
} from '../support/fake-keitaro.ts';
import { capturedLogger } from '../support/logs.ts';
import { waitFor } from '../support/processes.ts';

const TEAM = -1001000000970;

/** The postback Keitaro sends us for a conversion, filled in as our URL template asks. */
function keitaroQuery(c: FakePostback): string {
  return new URLSearchParams({
    status: c.status,
    tid: c.tid ?? '',
    subid: c.subId,
    campaign_id: String(c.campaignId ?? 12),
    offer_id: String(c.offerId ?? 7),
    landing_id: String(c.landingId ?? 3),
    conversion_revenue: String(c.revenue ?? 0),
    currency: 'USD',
    country: c.country ?? 'UA',
    ts_id: String(c.tsId ?? 3),
    sub_id_1: c.subId1 ?? '',
  }).toString();
}

const secondsAgo = (s: number) => new Date(Date.now() - s * 1000);

describe.each(databaseKinds)("reconciliation with Keitaro's conversions log on %s", (kind) => {
  let world: DeliveryWorld | undefined;
  let tracker: FakeKeitaro | undefined;
  afterEach(async () => {
    await world?.close();
    await tracker?.close();
    world = undefined;
    tracker = undefined;
  });

  /**
   * A profile notifying TEAM, connected to a fresh tracker whose log holds `history`; the
   * service's own reconciliation is off (support/delivery.ts), so the passes are the test's.
   */
  async function connected(
    generation: Generation,
    history: FakePostback[] = [],
  ): Promise<{ w: DeliveryWorld; t: FakeKeitaro; p: ProfileRow }> {
    tracker = await startFakeKeitaro({ generation, seed: history });
    world = await startDeliveryWorld(kind);
    const p = await world.profile({ defaultChatId: TEAM, language: 'en' });
    const report = await checkConnection(tracker.url, FAKE_API_KEY);
    if (!report.ok) throw new Error(`the fake tracker refused: ${JSON.stringify(report)}`);
    await saveConnection(world.database.db, p.id, { apiKey: FAKE_API_KEY, report }, undefined);
    return { w: world, t: tracker, p };
  }

  const reconcile = (w: DeliveryWorld, p: ProfileRow, dryRun = false) =>
    reconcileProfile(
      {
        db: w.database.db,
        encryptionKey: undefined,
        lookup: (secret) => w.service.directory.lookup(secret),
        wake: (chatId) => w.service.dispatcher.wake(chatId),
      },
      { profileId: p.id, dryRun },
    );

  /** What reached the team's chat, once every queued event delivery was sent. */
  async function delivered(w: DeliveryWorld): Promise<string[]> {
    await waitFor(async () => {
      const [row] = await queryRows<{ n: number }>(
        w.database.db,
        sql`SELECT count(*)::int AS n FROM keitaro_deliveries WHERE state NOT IN ('sent', 'dead')`,
      );
      return row?.n === 0;
    });
    return w.telegram.messagesTo(TEAM).map((m) => m.text);
  }

  const inject = (w: DeliveryWorld, p: ProfileRow, c: FakePostback) =>
    w.service.app.inject({ url: postbackPath(p.secret, keitaroQuery(c)) });

  it.each(['v11', 'legacy'] as const)(
    'recovers the postbacks refused with 429 during a burst, and tells each conversion once (%s log)',
    async (generation) => {
      const { w, t, p } = await connected(generation);
      await updateProfile(w.database.db, p.id, { rateLimitRps: 1 });
      w.service.directory.invalidate();
      const burst: FakePostback[] = ['a', 'b', 'c', 'd'].map((s, i) => ({
        subId: `9rc${s}1x7`,
        tid: `T-7${i}`,
        status: 'sale',
        revenue: 50 + i,
        at: new Date(),
        subId1: 'buyer7',
      }));
      const answers: number[] = [];
      for (const c of burst) {
        t.postback(c);
        answers.push((await inject(w, p, c)).statusCode);
      }
      const refused = answers.filter((s) => s === 429).length;
      expect(refused).toBeGreaterThan(0);
      const report = await reconcile(w, p);
      expect(report).toMatchObject({ ok: true, generation, seen: 4, recovered: refused });
      expect(report.stored).toBe(4 - refused);
      const texts = await delivered(w);
      for (const c of burst)
        expect(texts.filter((x) => x.includes(c.tid as string))).toHaveLength(1);
      const recoveredTexts = texts.filter((x) => x.includes("Keitaro's conversions log"));
      expect(recoveredTexts).toHaveLength(refused);
      // Told as the postback would have been: campaign and landing by name, the buyer, the money.
      for (const text of recoveredTexts)
        expect(text).toMatch(/Campaign: Betting UA\nLanding: Landing Page\nRevenue: 5\d/);
      // Every five minutes the same window is read again: nothing more is told.
      const again = await reconcile(w, p);
      expect(again).toMatchObject({ ok: true, seen: 4, stored: 4, recovered: 0 });
      expect(await delivered(w)).toHaveLength(4);
      // The pass is kept for 🩺.
      const connection = await getConnection(w.database.db, p.id);
      expect(connection?.reconciledAt?.toISOString()).toBe(again.at);
      expect(connection?.reconcileReport).toMatchObject({ ok: true, recovered: 0, seen: 4 });
    },
  );

  it("brings a refused registration to the chat at the leader's next pass, with the offer's name", async () => {
    tracker = await startFakeKeitaro({ generation: 'v11', seed: [] });
    world = await startDeliveryWorld(kind, { reconcile: { intervalMs: 300_000 } });
    const w = world;
    const t = tracker;
    const p = await w.profile({ defaultChatId: TEAM, language: 'en' });
    const report = await checkConnection(t.url, FAKE_API_KEY);
    if (!report.ok) throw new Error('the fake tracker refused');
    await saveConnection(w.database.db, p.id, { apiKey: FAKE_API_KEY, report }, undefined);
    await updateProfile(w.database.db, p.id, { rateLimitRps: 1 });
    w.service.directory.invalidate();
    const leads: FakePostback[] = ['a', 'b'].map((s) => ({
      subId: `2ld${s}9x7`,
      status: 'lead',
      at: new Date(),
      offerId: 7,
    }));
    for (const lead of leads) t.postback(lead);
    const answers = [];
    for (const lead of leads) answers.push((await inject(w, p, lead)).statusCode);
    expect(answers).toEqual([200, 429]);
    // The job runs where this instance leads: asked until it has read the log once.
    await waitFor(async () => {
      w.service.reconcile.runNow();
      await w.service.reconcile.settled();
      return (await getConnection(w.database.db, p.id))?.reconcileReport?.ok === true;
    });
    const texts = await delivered(w);
    expect(texts).toHaveLength(2);
    const recovered = texts.find((x) => x.includes('2ldb9x7'));
    expect(recovered).toContain('Offer: Casino Royal');
    expect(recovered).toContain("🛟 From Keitaro's conversions log");
  });

  it('takes a postback that arrives after its conversion was recovered as a duplicate', async () => {
    const { w, t, p } = await connected('v11');
    const lost: FakePostback = { subId: '4lt0s7x1', status: 'lead', at: new Date(), subId1: 'b7' };
    t.postback(lost);
    expect((await reconcile(w, p)).recovered).toBe(1);
    expect(await delivered(w)).toHaveLength(1);
    // Keitaro's queue finally sends it, late.
    const late = await inject(w, p, lost);
    expect(late.statusCode).toBe(200);
    expect(late.json()).toMatchObject({ duplicate: true });
    expect(await delivered(w)).toHaveLength(1);
  });

  it('tells a deposit Keitaro later rejected as the rejection of that deposit, once', async () => {
    const { w, t, p } = await connected('legacy');
    const sale: FakePostback = {
      subId: '5dp3r1x9',
      tid: 'T-551',
      status: 'sale',
      revenue: 120,
      at: secondsAgo(60),
    };
    t.postback(sale);
    expect((await inject(w, p, sale)).statusCode).toBe(200);
    // The network takes it back; Keitaro's postback of the change never reaches us.
    t.postback({ ...sale, status: 'rejected', rawStatus: 'chargeback', at: new Date() });
    const report = await reconcile(w, p);
    expect(report).toMatchObject({ ok: true, seen: 1, recovered: 1, changes: 1 });
    expect(report.found[0]).toMatchObject({ status: 'rejected', from: 'deposit', tid: 'T-551' });
    const texts = await delivered(w);
    expect(texts).toHaveLength(2);
    expect(texts[1]).toMatch(/Rejected/);
    expect(texts[1]).toContain('T-551');
    expect(texts[1]).toContain('changed this 💰 Deposit to rejected');
    expect((await reconcile(w, p)).recovered).toBe(0);
    expect(await delivered(w)).toHaveLength(2);
  });

  it("does not tell the tracker's history from before the connection", async () => {
    const { w, t, p } = await connected('v11', [
      { subId: '6hs7x1a1', status: 'lead', at: secondsAgo(3 * 3600) },
      { subId: '6hs7x1b1', tid: 'T-61', status: 'sale', revenue: 40, at: secondsAgo(7200) },
    ]);
    t.postback({ subId: '6hs7x1c1', status: 'lead', at: new Date() });
    const report = await reconcile(w, p);
    expect(report).toMatchObject({ ok: true, seen: 3, history: 2, recovered: 1 });
    const texts = await delivered(w);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('6hs7x1c1');
  });

  it('notifies nothing twice when a restarted leader and another process reconcile at once', async () => {
    const { w, t, p } = await connected('v11');
    for (const s of ['a', 'b', 'c'])
      t.postback({
        subId: `7tw${s}x1`,
        tid: `T-8${s}`,
        status: 'sale',
        revenue: 10,
        at: new Date(),
      });
    const reports = await Promise.all([reconcile(w, p), reconcile(w, p)]);
    // Both may find the three missing; the dedup claims let one store each.
    const told = reports.reduce((n, r: ReconcileReport) => n + r.recovered, 0);
    expect(told).toBe(3);
    await w.restart();
    expect((await reconcile(w, p)).recovered).toBe(0);
    expect(await delivered(w)).toHaveLength(3);
  });

  it('says what it would recover with --dry-run and recovers it without; the key never shows', async () => {
    const { w, t, p } = await connected('legacy');
    t.postback({ subId: '8cl1x7a1', tid: 'T-91', status: 'sale', revenue: 75, at: new Date() });
    // As the running service's own CLI (the admin socket), which tells its dispatcher.
    const cli = cliOn(w.database, undefined, {
      wake: (chatId) => w.service.dispatcher.wake(chatId),
    });
    const dry = await cli('reconcile', String(p.id), '--dry-run');
    expect(dry.code).toBe(EXIT_OK);
    expect(dry.out).toContain('1 would be recovered and notified');
    expect(dry.out).toContain('subid 8cl1x7a1 tid T-91 75');
    expect(dry.out).toContain('Nothing was stored (--dry-run).');
    const real = await cli('reconcile', String(p.id), '--since', '24h');
    expect(real.code).toBe(EXIT_OK);
    expect(real.out).toMatch(/1 recovered and notified:\n.*→ event \d+/);
    expect(await delivered(w)).toHaveLength(1);
    expect((await cli('events', String(p.id))).out).toMatch(
      /deposit\(sale\) queued delivery:sent tx=T-91 .*recovered-from-keitaro-log/,
    );
    expect((await cli('reconcile', String(p.id), '--since', 'forever')).code).toBe(EXIT_USAGE);
    t.fail = { status: 402 };
    const failed = await cli('reconcile', String(p.id));
    expect(failed.code).toBe(EXIT_FAILED);
    expect(failed.err).toMatch(/402|edition|license|plan/i);
    const everything = [dry.out, real.out, failed.err, ...w.logs].join('\n');
    expect(everything).not.toContain(FAKE_API_KEY);
  });
});

describe.each(databaseKinds)('the reconciliation job on %s', (kind) => {
  it('reads each tracker once an interval, backs off while it fails, and keeps the problem for 🩺', async () => {
    const tracker = await startFakeKeitaro({ generation: 'v11', seed: [] });
    const database = await createTestDatabase(kind);
    try {
      const p = await createProfile(database.db, { ownerUserId: 5550002, language: 'en' });
      const report = await checkConnection(tracker.url, FAKE_API_KEY);
      if (!report.ok) throw new Error('the fake tracker refused');
      await saveConnection(database.db, p.id, { apiKey: FAKE_API_KEY, report }, undefined);
      let clock = new Date();
      const outcomes: string[] = [];
      const directory = new ProfileDirectory(database.db);
      const { logger, lines } = capturedLogger();
      const job = new ReconcileJob(
        { db: database.db, encryptionKey: undefined, lookup: (s) => directory.lookup(s), logger },
        logger,
        {
          intervalMs: 300_000,
          now: () => clock,
          metrics: { reconciled: (p) => outcomes.push(p ?? 'ok') },
        },
      );
      // The connection's check read the log too: passes are counted from here.
      const checked = tracker.calls('/conversions/log').length;
      const reads = () => tracker.calls('/conversions/log').length - checked;
      const pass = async (minutes: number) => {
        clock = new Date(clock.getTime() + minutes * 60_000);
        job.runNow();
        await job.settled();
      };
      job.setLeader(true);
      await job.settled();
      expect(reads()).toBe(1);
      await pass(2);
      expect(reads()).toBe(1); // not due before the interval
      await pass(4);
      expect(reads()).toBe(2);
      tracker.fail = { status: 503 };
      await pass(5);
      expect(reads()).toBe(3);
      const failed = await getConnection(database.db, p.id);
      expect(failed?.reconcileReport).toMatchObject({ ok: false, problem: { kind: 'server' } });
      // Twice the interval after one failure, four times after two.
      await pass(6);
      expect(reads()).toBe(3);
      await pass(5);
      expect(reads()).toBe(4);
      await pass(15);
      expect(reads()).toBe(4);
      tracker.fail = undefined;
      await pass(6);
      expect(reads()).toBe(5);
      expect((await getConnection(database.db, p.id))?.reconcileReport).toMatchObject({ ok: true });
      await pass(5);
      expect(reads()).toBe(6);
      // /metrics counts each read by outcome.
      expect(outcomes).toEqual(['ok', 'ok', 'server', 'server', 'ok', 'ok']);
      // One warning when it started failing, one line when it worked again; never the key.
      expect(lines.filter((l) => l.includes('answered with a problem'))).toHaveLength(1);
      expect(lines.filter((l) => l.includes('works again'))).toHaveLength(1);
      expect(lines.join('\n')).not.toContain(FAKE_API_KEY);
      await job.stop();
    } finally {
      await tracker.close();
      await database.close();
    }
  });
});
