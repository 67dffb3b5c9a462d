/**
 * npx tsx bench/ingest-statement.ts [--db postgres|pglite|all] [--rounds 9] [--sizes 1,32,128,256]
 *   [--store src/postback/store.ts[,other/store.ts]] [--explain 256]
 *
 * The ingest statement alone (src/postback/store.ts), no HTTP: stores batches of unique,
 * realistic Keitaro postbacks (one in twenty a repeat of a postback already stored, so a
 * duplicate) over 20 profiles and prints the median cost per row at each batch size. Sizes
 * and, with several --store modules (e.g. a copy of the previous store.ts next to the
 * current one), the modules alternate within every round, so their figures come from the
 * same moments of a busy machine. --explain N prints EXPLAIN ANALYZE of one batch of N.
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); a
 * private database is created and dropped.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { type Db, openDatabase, queryRows } from '../src/db/client.ts';
import type * as Store from '../src/postback/store.ts';
import { createProfile } from '../src/profiles/repository.ts';
import { repoRoot } from '../test/support/processes.ts';
import { storeInput } from '../test/support/store-input.ts';
import { benchDatabase } from './databases.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'all' },
    rounds: { type: 'string', default: '9' },
    sizes: { type: 'string', default: '1,32,128,256' },
    store: { type: 'string', default: 'src/postback/store.ts' },
    explain: { type: 'string' },
  },
});
const rounds = Number(values.rounds);
const sizes = values.sizes.split(',').map(Number);
const storePaths = values.store.split(',');
const PROFILES = 20;

type StoreModule = Pick<typeof Store, 'storePostbacks'> &
  Partial<Pick<typeof Store, 'ingestStatement'>>;

interface Profile {
  id: number;
  secret: string;
}

let serial = 0;
const sent: Store.StoreInput[] = [];

function postbackInput(profile: Profile): Store.StoreInput {
  serial++;
  const n = serial;
  const query =
    `status=${['lead', 'sale', 'sale', 'rebill', 'rejected'][n % 5]}&tid=T-${n}&subid=c${n}` +
    `&campaign_id=${10 + (n % 7)}&campaign_name=Campaign%20${n % 7}&offer_name=Offer%20${n % 3}` +
    `&conversion_revenue=${(n % 9) * 12.5}&currency=USD&country=${['US', 'UA', 'KZ', 'DE', 'BR'][n % 5]}` +
    `&source=fb&creative_id=cr_${n % 11}&sub_id_1=buyer${n % 4}&sub_id_2=adset_${n % 13}`;
  return storeInput(profile, query, { target: { chatId: -100500 - (n % PROFILES) } });
}

/** A batch as the service sees one under load: mostly new conversions, some resent. */
function batch(size: number, profiles: Profile[]): Store.StoreInput[] {
  return Array.from({ length: size }, (_, i) => {
    const earlier = sent[sent.length - 1 - ((serial * 7 + i) % Math.max(1, sent.length))];
    if (i % 20 === 19 && earlier) return earlier;
    const fresh = postbackInput(profiles[(serial + i) % PROFILES] as Profile);
    sent.push(fresh);
    return fresh;
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

async function benchKind(kind: 'pglite' | 'postgres', stores: [string, StoreModule][]) {
  const { target, cleanup } = await benchDatabase(kind);
  // One connection, so that its server process's CPU time is the statements' own.
  const database = await openDatabase(
    target.kind === 'postgres' ? { ...target, poolSize: 1 } : target,
  );
  try {
    await database.migrate();
    const db: Db = database.db;
    const profiles: Profile[] = [];
    for (let i = 0; i < PROFILES; i++) {
      profiles.push(await createProfile(db, { ownerUserId: 1000 + i, defaultChatId: -100500 - i }));
    }
    // Warm-up: plans, caches, JIT; a few thousand rows already in the tables.
    for (const [, store] of stores) {
      for (let i = 0; i < 10; i++) await store.storePostbacks(db, batch(256, profiles));
    }
    /**
     * CPU time spent on the statement, which a busy machine does not inflate the way it does
     * wall-clock time: PostgreSQL's server process for the connection (its schedstat, in ns),
     * or this process for PGlite, which runs the statement synchronously on this thread.
     */
    const cpuNs = async (): Promise<number> => {
      if (kind === 'pglite') {
        const { user, system } = process.cpuUsage();
        return (user + system) * 1000;
      }
      const [backend] = await queryRows<{ pid: number }>(db, sql`SELECT pg_backend_pid() AS pid`);
      return Number(readFileSync(`/proc/${backend?.pid}/schedstat`, 'utf8').split(' ')[0]);
    };
    const perRow = new Map<string, number[]>();
    const record = (key: string, value: number) => {
      perRow.set(key, [...(perRow.get(key) ?? []), value]);
    };
    let duplicates = 0;
    for (let round = 0; round < rounds; round++) {
      for (const size of round % 2 ? [...sizes].reverse() : sizes) {
        for (const [name, store] of round % 2 ? [...stores].reverse() : stores) {
          const inputs = batch(size, profiles);
          const cpuBefore = await cpuNs();
          const started = process.hrtime.bigint();
          const results = await store.storePostbacks(db, inputs);
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          record(`cpu\u0000${name}\u0000${size}`, ((await cpuNs()) - cpuBefore) / 1000 / size);
          duplicates += results.filter((r) => r.kind === 'stored' && r.duplicate).length;
          record(`wall\u0000${name}\u0000${size}`, (ms * 1000) / size);
          if (!store.ingestStatement) continue;
          // The statement alone, as the server runs it: no commit, no round trip, no parsing.
          const [plan] = await queryRows<{ 'QUERY PLAN': [{ 'Execution Time': number }] }>(
            db,
            sql`EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${store.ingestStatement(batch(size, profiles))}`,
          );
          const execMs = plan?.['QUERY PLAN'][0]['Execution Time'] ?? Number.NaN;
          record(`exec\u0000${name}\u0000${size}`, (execMs * 1000) / size);
        }
      }
    }
    console.log(
      `\n${kind}: median µs per row over ${rounds} rounds (sizes and modules alternating; ${duplicates} duplicates answered)`,
    );
    console.log(
      `| store module | measure | ${sizes.map((s) => `batch ${s}`).join(' | ')} | ${sizes.at(-1)} vs 32 |`,
    );
    console.log(`|---|---|${sizes.map(() => '---:').join('|')}|---:|`);
    for (const [measure, label] of [
      ['wall', 'statement + commit, client clock'],
      ['cpu', kind === 'postgres' ? 'CPU of the server process' : 'CPU of this process'],
      ['exec', 'execution (EXPLAIN ANALYZE)'],
    ]) {
      for (const [name] of stores) {
        const med = sizes.map((s) => median(perRow.get(`${measure}\u0000${name}\u0000${s}`) ?? []));
        if (med.every(Number.isNaN)) continue;
        const at32 = med[sizes.indexOf(32)];
        const ratio = at32 ? `${((med.at(-1) as number) / at32).toFixed(2)}×` : '–';
        console.log(
          `| ${name} | ${label} | ${med.map((m) => m.toFixed(0)).join(' | ')} | ${ratio} |`,
        );
      }
    }
    if (values.explain) {
      for (const [name, store] of stores) {
        if (!store.ingestStatement) continue;
        const plan = await queryRows<Record<string, string>>(
          db,
          sql`EXPLAIN (ANALYZE, COSTS OFF) ${store.ingestStatement(batch(Number(values.explain), profiles))}`,
        );
        console.log(`\n${name}, EXPLAIN ANALYZE of a batch of ${values.explain}:`);
        for (const line of plan) console.log(Object.values(line)[0]);
      }
    }
  } finally {
    await database.close();
    await cleanup();
  }
}

const stores: [string, StoreModule][] = [];
for (const path of storePaths) {
  stores.push([path, (await import(pathToFileURL(resolve(repoRoot, path)).href)) as StoreModule]);
}
const kinds =
  values.db === 'all' ? (['postgres', 'pglite'] as const) : [values.db as 'pglite' | 'postgres'];
for (const kind of kinds) await benchKind(kind, stores);
