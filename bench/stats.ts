/**
 * npx tsx bench/stats.ts [--db pglite|postgres|all] [--events 1000000] [--runs 7]
 *
 * Statistics at scale: a fresh database with `--events` stored conversions over 30 days
 * (written straight into keitaro_events, shaped like a team's month: 50 campaigns, each with
 * its source, offer, buyer and chat; 10 countries; two currencies; registrations, first and
 * repeat deposits, rejections that take deposits back, and a network's own "hold"), all
 * pending as the ingest statement leaves them. It times the fold that counts them (the
 * product's own code, batch after batch), then `stats` for the 30 days (the CLI's query):
 * totals, and each breakdown, for the whole profile and for one chat; medians of --runs.
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { type Db, openDatabase, queryRows } from '../src/db/client.ts';
import { createProfile } from '../src/profiles/repository.ts';
import { addDays } from '../src/stats/days.ts';
import { foldBatch } from '../src/stats/fold.ts';
import { BREAKDOWNS, type Breakdown, statsReport } from '../src/stats/report.ts';
import { changeStatsSettings } from '../src/stats/settings.ts';
import { benchDatabase } from './databases.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'all' },
    events: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '7' },
  },
});
const EVENTS = Number(values.events);
const RUNS = Number(values.runs);
const LAST_DAY = '2026-11-30';
const FIRST_DAY = addDays(LAST_DAY, -29);
const CHAT = (c: number) => -1001000000000 - (c % 10);

/** One month of conversions, spread evenly over the 30 days (Kyiv), all pending. */
async function fill(db: Db, profileId: number): Promise<void> {
  const chunk = 100_000;
  for (let from = 1; from <= EVENTS; from += chunk) {
    const to = Math.min(EVENTS, from + chunk - 1);
    await db.execute(sql`
      INSERT INTO keitaro_events (profile_id, created_at, status, status_word, tid, subid,
        campaign_id, campaign_name, offer, revenue, currency, country, source, sub_id_1,
        dedup_key, outcome, payload)
      SELECT ${profileId},
        ${FIRST_DAY}::timestamp AT TIME ZONE 'Europe/Kyiv' + (n::float8 / ${EVENTS}) * interval '30 days',
        s.status, s.word,
        CASE WHEN s.status IN ('deposit', 'rebill') THEN 'T-' || n
             WHEN s.status = 'rejected' AND n % 2 = 0 THEN 'T-' || (n - 7) END,
        'click' || (n / 3), (n % 50)::text, 'Campaign ' || (n % 50), 'Offer ' || (n % 20),
        CASE WHEN s.status IN ('deposit', 'rebill') THEN 10 + n % 90 END,
        CASE WHEN n % 10 < 7 THEN 'USD' ELSE 'EUR' END,
        (ARRAY['UA','KZ','UZ','PL','DE','TR','BR','IN','AZ','GE'])[1 + (n / 50) % 10],
        'source' || (n % 5), 'buyer' || (n % 20), 'k' || n, 'queued',
        jsonb_build_object('status', s.word, 'sub_id_1', 'buyer' || (n % 20))
      FROM generate_series(${from}::int, ${to}::int) AS n
      CROSS JOIN LATERAL (SELECT CASE
          WHEN n % 20 < 12 THEN 'registration' WHEN n % 20 < 15 THEN 'deposit'
          WHEN n % 20 < 17 THEN 'rebill' WHEN n % 20 < 19 THEN 'rejected' ELSE 'other' END
        AS status) AS st
      CROSS JOIN LATERAL (SELECT st.status, CASE st.status WHEN 'registration' THEN 'lead'
          WHEN 'deposit' THEN 'sale' WHEN 'rebill' THEN 'rebill' WHEN 'rejected' THEN 'rejected'
          ELSE 'hold' END AS word) AS s`);
  }
  // Each campaign's chat, as its route would have sent it.
  await db.execute(sql`
    INSERT INTO keitaro_deliveries (event_id, profile_id, chat_id, language, priority, state)
    SELECT id, profile_id, -1001000000000 - (campaign_id::int % 10), 'ru', 1, 'sent'
    FROM keitaro_events`);
  await db.execute(sql`INSERT INTO keitaro_stats_pending SELECT id FROM keitaro_events`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function bench(kind: 'pglite' | 'postgres'): Promise<void> {
  const { target, cleanup } = await benchDatabase(kind);
  // Filling a month takes statements far longer than the service's 5 s bound.
  const database = await openDatabase(
    target.kind === 'postgres' ? { ...target, timeoutMs: 600_000 } : target,
  );
  try {
    await database.migrate();
    const db = database.db;
    const profile = await createProfile(db, { ownerUserId: 7001 });
    await changeStatsSettings(db, profile.id, { timezone: 'Europe/Kyiv', buyerField: 'sub_id_1' });
    const filled = await time(() => fill(db, profile.id));
    let folded = 0;
    const foldMs = await time(async () => {
      for (;;) {
        const n = await foldBatch(db);
        folded += n;
        if (n === 0) break;
      }
    });
    await db.execute(sql`VACUUM ANALYZE`);
    const [rows] = await queryRows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM keitaro_stats_daily`,
    );
    console.log(
      `${kind}: ${EVENTS} events written in ${(filled / 1000).toFixed(1)} s; folded ${folded} in ${(foldMs / 1000).toFixed(1)} s (${Math.round(folded / (foldMs / 1000))}/s) into ${rows?.n} daily rows`,
    );
    const range = { from: FIRST_DAY, to: LAST_DAY };
    const cases: [string, () => Promise<unknown>][] = [
      ['30 days, totals', () => statsReport(db, { profileId: profile.id }, range)],
      ...BREAKDOWNS.map(
        (by: Breakdown) =>
          [`30 days, by ${by}`, () => statsReport(db, { profileId: profile.id }, range, by)] as [
            string,
            () => Promise<unknown>,
          ],
      ),
      [
        '30 days, one chat, by buyer',
        () => statsReport(db, { profileId: profile.id, chatId: CHAT(3) }, range, 'buyer'),
      ],
    ];
    for (const [name, run] of cases) {
      await run(); // warm
      const ms: number[] = [];
      for (let i = 0; i < RUNS; i++) ms.push(await time(run));
      console.log(
        `| ${kind} | ${name} | ${median(ms).toFixed(0)} | ${Math.max(...ms).toFixed(0)} |`,
      );
    }
  } finally {
    await database.close();
    await cleanup();
  }
}

for (const kind of values.db === 'all' ? (['postgres', 'pglite'] as const) : [values.db]) {
  await bench(kind as 'pglite' | 'postgres');
}
