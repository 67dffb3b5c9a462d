/**
 * npx tsx bench/digest-statements.ts [--db postgres|pglite|all] [--rounds 7] [--flood 1000]
 *   [--outbox src/delivery/outbox.ts[,other/outbox.ts]]
 *
 * The dispatcher's work for one flooded group, without Telegram: a flood of realistic
 * postbacks is folded into a digest (candidates, digest, fold with its summary, its text)
 * and the digest is recorded as sent (markSent, which marks every conversion in it
 * processed). Prints the median time and CPU per conversion of each step. With several
 * --outbox modules (e.g. a copy of the previous outbox.ts) they alternate within every
 * round. PostgreSQL: BENCH_DATABASE_URL, a private database created and dropped.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { type Db, openDatabase, queryRows } from '../src/db/client.ts';
import type * as Outbox from '../src/delivery/outbox.ts';
import {
  type DigestEvent,
  type DigestSummary,
  renderDigest,
  summarize,
} from '../src/messages/render.ts';
import { storePostbacks } from '../src/postback/store.ts';
import { createProfile } from '../src/profiles/repository.ts';
import { repoRoot } from '../test/support/processes.ts';
import { storeInput } from '../test/support/store-input.ts';
import { benchDatabase } from './databases.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'all' },
    rounds: { type: 'string', default: '7' },
    flood: { type: 'string', default: '1000' },
    outbox: { type: 'string', default: 'src/delivery/outbox.ts' },
  },
});
const rounds = Number(values.rounds);
const flood = Number(values.flood);

type OutboxModule = typeof Outbox;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

let serial = 0;

async function benchKind(kind: 'pglite' | 'postgres', modules: [string, OutboxModule][]) {
  const { target, cleanup } = await benchDatabase(kind);
  const database = await openDatabase(
    target.kind === 'postgres' ? { ...target, poolSize: 1 } : target,
  );
  const db: Db = database.db;
  /**
   * CPU time, which a busy machine inflates less than wall-clock time: this process (where
   * PGlite runs, and where the summary was counted before), plus on PostgreSQL the server
   * process of the one connection (its schedstat, in ns).
   */
  const cpuNs = async (): Promise<number> => {
    const { user, system } = process.cpuUsage();
    const own = (user + system) * 1000;
    if (kind === 'pglite') return own;
    const [backend] = await queryRows<{ pid: number }>(db, sql`SELECT pg_backend_pid() AS pid`);
    return own + Number(readFileSync(`/proc/${backend?.pid}/schedstat`, 'utf8').split(' ')[0]);
  };
  const figures = new Map<string, number[]>();
  const record = (key: string, value: number) =>
    figures.set(key, [...(figures.get(key) ?? []), value]);
  async function measure<T>(key: string, work: () => Promise<T>): Promise<T> {
    const cpu = await cpuNs();
    const started = process.hrtime.bigint();
    const result = await work();
    record(`wall\u0000${key}`, Number(process.hrtime.bigint() - started) / 1000 / flood);
    record(`cpu\u0000${key}`, ((await cpuNs()) - cpu) / 1000 / flood);
    return result;
  }
  try {
    await database.migrate();
    const profile = await createProfile(db, { ownerUserId: 77, defaultChatId: -100777 });
    for (let round = 0; round < rounds + 1; round++) {
      for (const [name, outbox] of round % 2 ? [...modules].reverse() : modules) {
        const chatId = -100777 - round * 10 - modules.findIndex(([n]) => n === name);
        const queries = Array.from({ length: flood }, () => {
          serial++;
          const n = serial;
          return (
            `status=${['lead', 'sale', 'sale', 'rebill', 'rejected'][n % 5]}&tid=T-${n}&subid=c${n}` +
            `&campaign_id=${10 + (n % 7)}&campaign_name=Campaign%20${n % 7}&offer_name=Offer%20${n % 3}` +
            `&conversion_revenue=${(n % 9) * 12.5}&currency=USD&country=${['US', 'UA', 'KZ', 'DE', 'BR'][n % 5]}` +
            `&source=fb&creative_id=cr_${n % 11}&sub_id_1=buyer${n % 4}&sub_id_2=adset_${n % 13}`
          );
        });
        for (let i = 0; i < flood; i += 256) {
          await storePostbacks(
            db,
            queries
              .slice(i, i + 256)
              .map((query) => storeInput(profile, query, { target: { chatId } })),
          );
        }
        const key = (step: string) => `${name}\u0000${step}`;
        // The first round only warms up (plans, caches, JIT).
        const digestId = await measure(key('fold'), () =>
          db.transaction(async (tx) => {
            const [candidates] = await outbox.digestCandidates(tx, chatId, false);
            const digest = await outbox.createDigest(
              tx,
              chatId,
              candidates as Outbox.DigestCandidates,
            );
            const folded: DigestSummary | DigestEvent[] = await outbox.foldIntoDigest(
              tx,
              chatId,
              null,
              digest.id,
              outbox.floodOf(false),
            );
            const summary = Array.isArray(folded) ? summarize(folded) : folded;
            await outbox.writeDigest(tx, digest.id, summary, renderDigest(summary, 'en'));
            return digest.id;
          }),
        );
        await measure(key('markSent'), () =>
          outbox.markSent(db, { id: digestId, kind: 'digest' }, 1000 + round),
        );
        if (round === 0) figures.clear();
      }
    }
    console.log(
      `\n${kind}: a flood of ${flood} conversions into one group, median µs per conversion over ${rounds} rounds (modules alternating)`,
    );
    console.log('| outbox module | fold: wall | fold: CPU | markSent: wall | markSent: CPU |');
    console.log('|---|---:|---:|---:|---:|');
    for (const [name] of modules) {
      const m = (measure: string, step: string) =>
        median(figures.get(`${measure}\u0000${name}\u0000${step}`) ?? []).toFixed(1);
      console.log(
        `| ${name} | ${m('wall', 'fold')} | ${m('cpu', 'fold')} | ${m('wall', 'markSent')} | ${m('cpu', 'markSent')} |`,
      );
    }
  } finally {
    await database.close();
    await cleanup();
  }
}

const modules: [string, OutboxModule][] = [];
for (const path of values.outbox.split(',')) {
  modules.push([path, (await import(pathToFileURL(resolve(repoRoot, path)).href)) as OutboxModule]);
}
const kinds =
  values.db === 'all' ? (['postgres', 'pglite'] as const) : [values.db as 'pglite' | 'postgres'];
for (const kind of kinds) await benchKind(kind, modules);
