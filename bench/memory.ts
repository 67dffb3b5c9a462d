/**
 * npx tsx bench/memory.ts [--db pglite|postgres|all] [--idle 30] [--burst 2000] [--root DIR]
 *   [--node-arg FLAG]… [--compiled]
 *
 * The service's memory, the way a user's server sees it: the real service (src/main.ts of
 * `--root`, default this checkout, so a worktree of another commit can be measured with the
 * same script) in a child process with a fake Bot API, sampled every 100 ms from /proc:
 * 1. first start on an empty DATA_DIR (or a new PostgreSQL database): at ready, then after
 *    `--idle` seconds;
 * 2. restart on that existing database (20 profiles added meanwhile): at ready, after the
 *    idle period, and during a burst of `--burst` postbacks (16 at a time).
 * Columns: RSS now, VmHWM (the process's own peak), and the peak of the whole process tree
 * (the service plus any process it started, such as one that creates the database).
 * `--compiled` runs dist/main.js (`npm run build` first) instead of src/main.ts through tsx.
 * `--node-arg` passes a flag to the service's node (e.g. a V8 flag such as --liftoff-only).
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/client.ts';
import { FakeBotApi } from '../src/demo/fake-bot-api.ts';
import { createProfile, updateProfile } from '../src/profiles/repository.ts';
import { freePort, repoRoot } from '../test/support/processes.ts';
import { benchDatabase } from './databases.ts';
import { serviceEnv } from './service.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'all' },
    idle: { type: 'string', default: '30' },
    burst: { type: 'string', default: '2000' },
    root: { type: 'string', default: repoRoot },
    'node-arg': { type: 'string', multiple: true, default: [] },
    compiled: { type: 'boolean', default: false },
  },
});
const idleMs = Number(values.idle) * 1000;
const burst = Number(values.burst);
const root = resolve(values.root as string);
const nodeArgs = values['node-arg'] as string[];
const entry = values.compiled ? ['dist/main.js'] : ['--import', 'tsx', 'src/main.ts'];
const PROFILES = 20;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (kb: number) => Math.round(kb / 1024);

function status(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(text)?.[1] ?? 0);
    return { rss: field('VmRSS'), hwm: field('VmHWM') };
  } catch {
    return undefined; // gone
  }
}

function descendants(pid: number): number[] {
  const out: number[] = [];
  const visit = (p: number) => {
    let children: number[] = [];
    try {
      for (const task of readdirSync(`/proc/${p}/task`)) {
        const text = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        if (text) children = children.concat(text.split(' ').map(Number));
      }
    } catch {
      return;
    }
    for (const c of children) {
      out.push(c);
      visit(c);
    }
  };
  visit(pid);
  return out;
}

/** Samples the tree under `pid`: the largest sum of RSS, and each descendant's last VmHWM. */
class Sampler {
  treePeakKb = 0;
  childPeakKb = 0;
  private timer: NodeJS.Timeout;
  private hwmByChild = new Map<number, number>();
  constructor(private readonly pid: number) {
    this.timer = setInterval(() => this.sample(), 100);
  }
  sample(): void {
    let sum = status(this.pid)?.rss ?? 0;
    for (const child of descendants(this.pid)) {
      const s = status(child);
      if (!s) continue;
      sum += s.rss;
      this.hwmByChild.set(child, s.hwm);
      this.childPeakKb = Math.max(this.childPeakKb, s.hwm);
    }
    this.treePeakKb = Math.max(this.treePeakKb, sum);
  }
  stop(): void {
    clearInterval(this.timer);
  }
}

interface Point {
  moment: string;
  rssMb: number;
  hwmMb: number;
  treePeakMb: number;
  childPeakMb?: number;
  note?: string;
}

async function startService(
  env: NodeJS.ProcessEnv,
  telegram: FakeBotApi,
): Promise<{ child: ChildProcess; port: number; sampler: Sampler; readyMs: number }> {
  const port = await freePort();
  const started = Date.now();
  const child = spawn(process.execPath, [...nodeArgs, ...entry], {
    cwd: root,
    env: serviceEnv(telegram, port, env),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const sampler = new Sampler(child.pid as number);
  for (let i = 0; i < 1800; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/ready`)).ok) {
        return { child, port, sampler, readyMs: Date.now() - started };
      }
    } catch {
      // not yet
    }
    await sleep(100);
  }
  throw new Error('service did not start');
}

function point(moment: string, pid: number, sampler: Sampler, note?: string): Point {
  sampler.sample();
  const s = status(pid) ?? { rss: 0, hwm: 0 };
  return {
    moment,
    rssMb: mb(s.rss),
    hwmMb: mb(s.hwm),
    treePeakMb: mb(sampler.treePeakKb),
    childPeakMb: sampler.childPeakKb ? mb(sampler.childPeakKb) : undefined,
    note,
  };
}

function stop(child: ChildProcess, sampler: Sampler): Promise<void> {
  sampler.stop();
  return new Promise((done) => {
    child.on('exit', () => done());
    child.kill('SIGTERM');
  });
}

async function postBurst(
  port: number,
  secrets: string[],
): Promise<{ perSec: number; bad: number }> {
  const run = Date.now().toString(36);
  let next = 0;
  let bad = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < burst) {
        const n = next++;
        const res = await fetch(
          `http://127.0.0.1:${port}/integrations/keitaro/postback?secret=${secrets[n % secrets.length]}` +
            `&status=${['lead', 'sale', 'rejected'][n % 3]}&tid=M-${run}-${n}&subid=m${run}${n}` +
            `&campaign_id=${10 + (n % 7)}&campaign_name=Campaign%20${n % 7}&conversion_revenue=25` +
            `&currency=USD&country=UA&source=fb&sub_id_1=buyer${n % 4}`,
        );
        await res.arrayBuffer();
        if (res.status !== 200) bad++;
      }
    }),
  );
  return { perSec: Math.round(burst / ((Date.now() - started) / 1000)), bad };
}

async function run(kind: 'pglite' | 'postgres'): Promise<Point[]> {
  const { target, env, cleanup } = await benchDatabase(kind);
  const telegram = await new FakeBotApi().start();
  const points: Point[] = [];
  try {
    // 1. First start: nothing exists yet.
    let service = await startService(env, telegram);
    let pid = service.child.pid as number;
    points.push(point('first start: ready', pid, service.sampler, `${service.readyMs} ms`));
    await sleep(idleMs);
    points.push(point(`first start: idle ${idleMs / 1000} s`, pid, service.sampler));
    await stop(service.child, service.sampler);

    const setup = await openDatabase(target);
    const secrets: string[] = [];
    for (let i = 0; i < PROFILES; i++) {
      const p = await createProfile(setup.db, { ownerUserId: 7_000_000 + i });
      await updateProfile(setup.db, p.id, { rateLimitRps: 1000 });
      secrets.push(p.secret);
    }
    await setup.close();

    // 2. Restart on the existing database.
    service = await startService(env, telegram);
    pid = service.child.pid as number;
    points.push(point('restart: ready', pid, service.sampler, `${service.readyMs} ms`));
    await sleep(idleMs);
    points.push(point(`restart: idle ${idleMs / 1000} s`, pid, service.sampler));
    const { perSec, bad } = await postBurst(service.port, secrets);
    points.push(
      point(`restart: ${burst} postbacks`, pid, service.sampler, `${perSec}/s, ${bad} not 200`),
    );
    await sleep(5_000);
    points.push(point('restart: 5 s after the burst', pid, service.sampler));
    await stop(service.child, service.sampler);
    return points;
  } finally {
    await telegram.stop();
    await cleanup();
  }
}

const kinds =
  values.db === 'all' ? (['pglite', 'postgres'] as const) : [values.db as 'pglite' | 'postgres'];
console.log(
  `service ${entry.at(-1)} from ${root}; node ${[process.version, ...nodeArgs].join(' ')}`,
);
for (const kind of kinds) {
  const points = await run(kind);
  console.log(`\n${kind}`);
  console.log('| moment | RSS MB | VmHWM MB | tree peak MB | child peak MB | note |');
  console.log('|---|---:|---:|---:|---:|---|');
  for (const p of points) {
    console.log(
      `| ${p.moment} | ${p.rssMb} | ${p.hwmMb} | ${p.treePeakMb} | ${p.childPeakMb ?? '–'} | ${p.note ?? ''} |`,
    );
  }
}
