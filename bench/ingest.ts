/**
 * npm run bench:ingest [-- --db pglite|postgres|all] [--duration 10] [--connections 64] [--rounds 3]
 *
 * Starts the real service (compiled: dist/main.js) in a child process on the chosen database, drives the
 * postback endpoint with autocannon using realistic Keitaro postbacks spread over 20 profiles
 * (one in twenty a real repeat of a postback sent earlier, which must be answered as a
 * duplicate), and prints accepted postbacks/s, p50/p99 latency and the service's peak RSS,
 * next to a bare Fastify handler (the ceiling). Each round runs every target, the ceiling
 * included, in a rotating order; medians over the rounds follow the runs. It then counts the
 * events in the database: every 200 must be a stored row.
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); a
 * private database is created and dropped.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '../src/db/client.ts';
import { FakeBotApi } from '../src/demo/fake-bot-api.ts';
import { createProfile, updateProfile } from '../src/profiles/repository.ts';
import { buildIfStale } from '../test/support/build.ts';
import { freePort, repoRoot } from '../test/support/processes.ts';
import { benchDatabase } from './databases.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'all' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '64' },
    rounds: { type: 'string', default: '3' },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const rounds = Number(values.rounds);
const PROFILES = 20;

interface Row {
  target: string;
  accepted: number;
  perSec: number;
  p50: number;
  p99: number;
  errors: number;
  rssMb: number;
  /** 200s over the warm-up and the measured run, and the events the database holds. */
  answered200?: number;
  stored?: number;
  /** Repeats of postbacks sent earlier in the measured run, and the 200s that said duplicate. */
  repeats: number;
  duplicates: number;
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function spawnUntilReady(
  args: string[],
  env: NodeJS.ProcessEnv,
  port: number,
): Promise<ChildProcess> {
  // The service runs compiled; the bare-Fastify ceiling is TypeScript, run through tsx.
  const loader = args[0]?.endsWith('.ts') ? ['--import', 'tsx'] : [];
  // BENCH_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the service.
  const extra = loader.length ? [] : (process.env.BENCH_SERVICE_NODE_ARGS?.split(' ') ?? []);
  const child = spawn(process.execPath, [...loader, ...extra, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env, KEITARO_WEBHOOK_PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 300; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      if (res.status < 500) return child;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${args.join(' ')} did not start`);
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

interface Drive {
  result: autocannon.Result;
  repeats: number;
  duplicates: number;
}

/** Conversions resent by the tracker: one request in twenty, from conversion n - 147. */
const REPEAT_EVERY = 20;
const REPEAT_BACK = 147;

async function drive(port: number, secrets: string[]): Promise<Drive> {
  let n = 0;
  let repeats = 0;
  let duplicates = 0;
  const run = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration,
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => {
          n++;
          // One in twenty repeats a conversion sent earlier (a duplicate, as trackers resend):
          // the same postback, same profile. The original is far enough back (more than the
          // requests in flight) to have been answered, and is never a repeat itself.
          const repeat = n % REPEAT_EVERY === 0 && n > REPEAT_BACK;
          if (repeat) repeats++;
          const id = repeat ? n - REPEAT_BACK : n;
          const secret = secrets[id % secrets.length];
          const status = ['lead', 'sale', 'sale', 'rebill', 'rejected'][id % 5];
          req.path =
            `/integrations/keitaro/postback?secret=${secret}&status=${status}&tid=T-${run}-${id}` +
            `&subid=c${run}${id}&campaign_id=${10 + (id % 7)}&campaign_name=Campaign%20${id % 7}` +
            `&offer_name=Offer%20${id % 3}&conversion_revenue=${(id % 9) * 12.5}&currency=USD` +
            `&country=${['US', 'UA', 'KZ', 'DE', 'BR'][id % 5]}&source=fb&creative_id=cr_${id % 11}` +
            `&sub_id_1=buyer${id % 4}&sub_id_2=adset_${id % 13}`;
          return req;
        },
        onResponse: (status, body) => {
          if (status === 200 && body.includes('"duplicate":true')) duplicates++;
        },
      },
    ],
  });
  return { result, repeats, duplicates };
}

function summarize(target: string, { result, repeats, duplicates }: Drive, rssMb: number): Row {
  const accepted = result['2xx'];
  return {
    target,
    accepted,
    perSec: Math.round(accepted / result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
    rssMb,
    repeats,
    duplicates,
  };
}

async function benchService(kind: 'pglite' | 'postgres'): Promise<Row> {
  const { target, env, cleanup } = await benchDatabase(kind);
  let telegram: FakeBotApi | undefined;
  try {
    const setup = await openDatabase(target);
    await setup.migrate();
    const secrets: string[] = [];
    for (let i = 0; i < PROFILES; i++) {
      const profile = await createProfile(setup.db, {
        ownerUserId: 1000 + i,
        defaultChatId: -100500 - i,
      });
      await updateProfile(setup.db, profile.id, { rateLimitRps: 1000 });
      secrets.push(profile.secret);
    }
    await setup.close();

    // Deliveries go to a local stand-in Bot API (never to Telegram) while ingest is measured.
    telegram = await new FakeBotApi().start();
    const port = await freePort();
    const child = await spawnUntilReady(
      ['dist/main.js'],
      { ...env, LOG_LEVEL: 'warn', BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.url },
      port,
    );
    const warmUp = await drive(port, secrets.slice(0, 2)); // JIT, pool, caches
    const result = await drive(port, secrets);
    const row = summarize(`service on ${kind}`, result, peakRssMb(child.pid as number));
    row.answered200 = warmUp.result['2xx'] + result.result['2xx'];
    await stop(child);

    const check = await openDatabase(target);
    const [counted] = await queryRows<{ n: number }>(
      check.db,
      sql`SELECT count(*)::int AS n FROM keitaro_events`,
    );
    await check.close();
    row.stored = counted?.n;
    return row;
  } finally {
    await telegram?.stop();
    await cleanup();
  }
}

async function benchBare(): Promise<Row> {
  const port = await freePort();
  const child = await spawnUntilReady(['bench/bare-server.ts'], {}, port);
  await drive(port, ['x']);
  const result = await drive(port, ['x']);
  const row = summarize('bare Fastify (ceiling)', result, peakRssMb(child.pid as number));
  await stop(child);
  return row;
}

const kinds =
  values.db === 'all' ? (['pglite', 'postgres'] as const) : [values.db as 'pglite' | 'postgres'];
buildIfStale();
const targets: (() => Promise<Row>)[] = [
  benchBare,
  ...kinds.map((kind) => () => benchService(kind)),
];
const rows: Row[] = [];
// The ceiling and the product take turns, in a different order each round, so a busy moment
// of the shared machine does not fall on one of them only.
for (let round = 0; round < rounds; round++) {
  const shift = round % targets.length;
  for (const target of [...targets.slice(shift), ...targets.slice(0, shift)]) {
    const row = await target();
    console.error(`round ${round + 1}: ${row.target} ${row.perSec}/s p99 ${row.p99} ms`);
    rows.push(row);
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2
    ? (s[m] as number)
    : Math.round(((s[m - 1] as number) + (s[m] as number)) / 2);
};

console.log(
  `\n${connections} connections, ${duration} s measured after a warm-up run of the same length, ${rounds} rounds; node ${process.version}`,
);
console.log(
  '| target | accepted/s | p50 ms | p99 ms | non-2xx+errors | peak RSS MB | repeats sent / answered duplicate | 200s answered / events stored |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const truth = r.stored === undefined ? '–' : `${r.answered200} / ${r.stored}`;
  const dupes = r.stored === undefined ? '–' : `${r.repeats} / ${r.duplicates}`;
  console.log(
    `| ${r.target} | ${r.perSec} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.rssMb} | ${dupes} | ${truth} |`,
  );
}
console.log(`\nMedians of ${rounds} rounds:`);
console.log('| target | accepted/s | p50 ms | p99 ms | peak RSS MB |');
console.log('|---|---:|---:|---:|---:|');
for (const target of [...new Set(rows.map((r) => r.target))]) {
  const of = rows.filter((r) => r.target === target);
  const m = (pick: (r: Row) => number) => median(of.map(pick));
  console.log(
    `| ${target} | ${m((r) => r.perSec)} | ${m((r) => r.p50)} | ${m((r) => r.p99)} | ${m((r) => r.rssMb)} |`,
  );
}
// autocannon stops with up to `connections` requests in flight per run: those are stored but
// their 200 is not counted. Fewer events than 200s would be the real failure.
const inFlightAtStop = 2 * connections;
for (const r of rows) {
  if (r.stored === undefined || r.answered200 === undefined) continue;
  if (r.stored < r.answered200 || r.stored - r.answered200 > inFlightAtStop) {
    console.error(`MISMATCH on ${r.target}: ${r.answered200} answered 200 but ${r.stored} stored.`);
    process.exitCode = 1;
  }
  // A repeat still in flight when autocannon stops is not counted; any other must have been
  // answered as a duplicate.
  if (r.duplicates > r.repeats || r.repeats - r.duplicates > connections) {
    console.error(
      `DUPLICATES on ${r.target}: ${r.repeats} repeats sent, ${r.duplicates} answered duplicate.`,
    );
    process.exitCode = 1;
  }
}
