/**
 * npm run bench:delivery [-- --db pglite|postgres|all] [--seconds 20]
 *
 * The real service (compiled: dist/main.js) in a child process, the fake Bot API in this one:
 * 1. steady load: 20 postbacks/s spread over 50 private chats; latency from the HTTP 200 to
 *    the fake Bot API receiving the message, p50 and p99;
 * 2. a burst of 1,000 postbacks into one group: the time until every conversion is in a
 *    message (its own or a digest), and how many messages that took.
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); a
 * private database is created and dropped.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/client.ts';
import { conversionsIn, FakeBotApi } from '../src/demo/fake-bot-api.ts';
import { createProfile, updateProfile } from '../src/profiles/repository.ts';
import { buildIfStale } from '../test/support/build.ts';
import { freePort, repoRoot } from '../test/support/processes.ts';
import { benchDatabase } from './databases.ts';
import { serviceEnv, waitReady } from './service.ts';

const { values } = parseArgs({
  options: { db: { type: 'string', default: 'all' }, seconds: { type: 'string', default: '20' } },
});
const seconds = Number(values.seconds);
const CHATS = 50;
const GROUP = -1001000000001;
const BURST = 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function run(kind: 'pglite' | 'postgres') {
  const { target, env, cleanup } = await benchDatabase(kind);

  const answeredAt = new Map<string, number>();
  const latencies: number[] = [];
  const telegram = await new FakeBotApi(undefined, {
    onMessage: (m) => {
      const tx = /TX: <code>([^<]+)<\/code>$/.exec(m.text)?.[1];
      const at = tx === undefined ? undefined : answeredAt.get(tx);
      if (at !== undefined) latencies.push(m.at - at);
    },
  }).start();
  let child: ChildProcess | undefined;
  try {
    const setup = await openDatabase(target);
    await setup.migrate();
    const secrets: string[] = [];
    for (let i = 0; i < CHATS; i++) {
      const p = await createProfile(setup.db, { ownerUserId: 9_000_000 + i });
      await updateProfile(setup.db, p.id, { rateLimitRps: 1000 });
      secrets.push(p.secret);
    }
    const group = await createProfile(setup.db, { ownerUserId: 9_100_000, defaultChatId: GROUP });
    await updateProfile(setup.db, group.id, { rateLimitRps: 1000 });
    await setup.close();

    const port = await freePort();
    child = spawn(process.execPath, ['dist/main.js'], {
      cwd: repoRoot,
      env: serviceEnv(telegram, port, env),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitReady(port);
    const post = async (secret: string, query: string, tx: string) => {
      const res = await fetch(
        `http://127.0.0.1:${port}/integrations/keitaro/postback?secret=${secret}&${query}`,
      );
      if (res.status !== 200) throw new Error(`postback answered ${res.status}`);
      answeredAt.set(tx, Date.now());
    };

    // 1. Steady: 20/s over 50 chats.
    const total = 20 * seconds;
    const start = Date.now();
    const sends: Promise<void>[] = [];
    for (let n = 0; n < total; n++) {
      await sleep(Math.max(0, start + n * 50 - Date.now()));
      const tx = `S-${n}`;
      sends.push(
        post(
          secrets[n % CHATS] as string,
          `status=sale&tid=${tx}&campaign_name=Steady&conversion_revenue=10&currency=USD`,
          tx,
        ),
      );
    }
    await Promise.all(sends);
    const steadyDeadline = Date.now() + 30_000;
    while (latencies.length < total && Date.now() < steadyDeadline) await sleep(50);
    const sorted = [...latencies].sort((a, b) => a - b);

    // 2. Burst: 1,000 into one group, 16 at a time.
    const before = telegram.messages.length;
    const burstStart = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < BURST) {
          const n = next++;
          await post(
            group.secret,
            `status=${n % 4 ? 'lead' : 'sale'}&tid=B-${n}&campaign_name=Burst%20${n % 5}&country=US`,
            `B-${n}`,
          );
        }
      }),
    );
    const ingestMs = Date.now() - burstStart;
    const inGroup = () => telegram.messages.slice(before).filter((m) => m.chatId === GROUP);
    const burstDeadline = Date.now() + 180_000;
    while (
      inGroup().reduce((s, m) => s + conversionsIn(m), 0) < BURST &&
      Date.now() < burstDeadline
    ) {
      await sleep(100);
    }
    const drained = inGroup();
    const drainMs = (drained.at(-1)?.at ?? Date.now()) - burstStart;
    return {
      kind,
      steadyCount: `${sorted.length}/${total}`,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      burstIngestMs: ingestMs,
      burstDrainMs: drainMs,
      burstMessages: drained.length,
      burstConversions: drained.reduce((s, m) => s + conversionsIn(m), 0),
      tooMany: telegram.tooManyRequests,
    };
  } finally {
    child?.kill('SIGTERM');
    await new Promise((resolve) => (child ? child.on('exit', resolve) : resolve(null)));
    await telegram.stop();
    await cleanup();
  }
}

const kinds =
  values.db === 'all' ? (['pglite', 'postgres'] as const) : [values.db as 'pglite' | 'postgres'];
buildIfStale();
const rows = [];
for (const kind of kinds) rows.push(await run(kind));
console.log(
  `\nsteady: 20 postbacks/s for ${seconds} s over ${CHATS} private chats; burst: ${BURST} postbacks into one group; node ${process.version}`,
);
console.log(
  '| database | steady delivered | p50 ms (200 → Bot API) | p99 ms | burst ingest ms | burst drained in ms | burst messages | conversions in them | 429s |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.kind} | ${r.steadyCount} | ${r.p50} | ${r.p99} | ${r.burstIngestMs} | ${r.burstDrainMs} | ${r.burstMessages} | ${r.burstConversions} | ${r.tooMany} |`,
  );
}
