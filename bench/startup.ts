/**
 * npm run bench:startup [-- --runs 5] [--idle 30] [--tsx] [--only pglite-first,postgres-restart]
 *
 * Start-up and memory of the real service as users start it (`npm start` = node dist/main.js),
 * against a stand-in Bot API, next to bare Fastify for scale. Variants are interleaved (one
 * run of each per round, the order rotating) and each figure is the median over the rounds:
 * - start → ready: from spawn to the first 200 from /ready (bare Fastify: its first answer);
 * - RSS at ready, and the process's peak RSS (VmHWM: the kernel's high-water mark, so nothing
 *   between two samples is missed) at ready and at the end;
 * - RSS after `--idle` seconds of doing nothing (no postbacks; the bot long-polls);
 * - stop: from SIGTERM to the process's exit.
 * Variants: PGlite on an empty DATA_DIR (creates the database), PGlite on an existing one,
 * PostgreSQL on an empty database and on a migrated one, bare Fastify; `--tsx` adds the two
 * restarts run the old way (TypeScript compiled at start by tsx).
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); private
 * databases are created and dropped. Skipped when no server answers.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import ts from 'typescript';
import { FakeBotApi } from '../src/demo/fake-bot-api.ts';
import { buildIfStale } from '../test/support/build.ts';
import { freePort, repoRoot } from '../test/support/processes.ts';
import { benchDatabase } from './databases.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    idle: { type: 'string', default: '30' },
    tsx: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const runs = Number(values.runs);
const idleSeconds = Number(values.idle);
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Sample {
  readyMs: number;
  rssReadyMb: number;
  peakReadyMb: number;
  rssIdleMb: number;
  peakMb: number;
  stopMs: number;
}

interface Variant {
  id: string;
  label: string;
  /** The command line after `node`. */
  args: string[];
  /** Where "ready" is asked. */
  readyPath: string;
  /** Called before each run; returns the run's environment and what to clean after it. */
  setUp: () => Promise<{ env: NodeJS.ProcessEnv; cleanUp: () => Promise<void> }>;
  samples: Sample[];
}

function memoryMb(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb('VmRSS') / 1024), hwm: Math.round(kb('VmHWM') / 1024) };
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).status === 200;
  } catch {
    return false;
  }
}

/** Starts the variant once, measures it and stops it. `idleMs` 0 is a warm-up. */
async function measure(
  variant: Pick<Variant, 'label' | 'args' | 'readyPath'>,
  env: NodeJS.ProcessEnv,
  telegram: FakeBotApi,
  idleMs: number,
): Promise<Sample> {
  const port = await freePort();
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, variant.args, {
    cwd: repoRoot,
    env: {
      ...process.env,
      BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.url,
      HOST: '127.0.0.1',
      KEITARO_WEBHOOK_PORT: String(port),
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const pid = child.pid as number;
  try {
    const deadline = Date.now() + 300_000;
    while (!(await answers(`http://127.0.0.1:${port}${variant.readyPath}`))) {
      if (child.exitCode !== null) throw new Error(`${variant.label} exited: ${stderr}`);
      if (Date.now() > deadline) throw new Error(`${variant.label} never became ready: ${stderr}`);
      await sleep(20);
    }
    const readyMs = performance.now() - started;
    const atReady = memoryMb(pid);
    await sleep(idleMs);
    const atEnd = memoryMb(pid);
    const stopping = performance.now();
    child.kill('SIGTERM');
    await exited;
    return {
      readyMs,
      rssReadyMb: atReady.rss,
      peakReadyMb: atReady.hwm,
      rssIdleMb: atEnd.rss,
      peakMb: atEnd.hwm,
      stopMs: performance.now() - stopping,
    };
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  }
}

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** The bare-Fastify baseline as plain JavaScript, so no TypeScript loader weighs on it. */
function compiledBareServer(): string {
  const dir = join(repoRoot, 'node_modules', '.cache', 'keitaro-bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'bare-server.mjs');
  const source = readFileSync(join(repoRoot, 'bench', 'bare-server.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  writeFileSync(file, outputText);
  return file;
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

async function main(): Promise<void> {
  buildIfStale();
  const telegram = await new FakeBotApi().start();
  const withPostgres = await postgresAnswers();
  const later: (() => Promise<void>)[] = [];
  const fresh = (kind: 'pglite' | 'postgres') => async () => {
    const { env, cleanup } = await benchDatabase(kind);
    return { env, cleanUp: cleanup };
  };
  /** One database for every run of a restart variant, created by a first start not counted. */
  const existing = (kind: 'pglite' | 'postgres', args: string[]) => {
    let prepared: NodeJS.ProcessEnv | undefined;
    return async () => {
      if (!prepared) {
        const { env, cleanup } = await benchDatabase(kind);
        later.push(cleanup);
        await measure({ label: 'preparing', args, readyPath: '/ready' }, env, telegram, 0);
        prepared = env;
      }
      return { env: prepared, cleanUp: async () => {} };
    };
  };
  const compiled = ['dist/main.js'];
  const viaTsx = ['--import', 'tsx', 'src/main.ts'];
  const all: Omit<Variant, 'samples'>[] = [
    {
      id: 'bare',
      label: 'bare Fastify',
      args: [compiledBareServer()],
      readyPath: '/integrations/keitaro/postback',
      setUp: async () => ({ env: {}, cleanUp: async () => {} }),
    },
    {
      id: 'pglite-first',
      label: 'PGlite, first start (empty DATA_DIR)',
      args: compiled,
      readyPath: '/ready',
      setUp: fresh('pglite'),
    },
    {
      id: 'pglite-restart',
      label: 'PGlite, restart',
      args: compiled,
      readyPath: '/ready',
      setUp: existing('pglite', compiled),
    },
    ...(values.tsx
      ? [
          {
            id: 'pglite-restart-tsx',
            label: 'PGlite, restart, via tsx (before)',
            args: viaTsx,
            readyPath: '/ready',
            setUp: existing('pglite', viaTsx),
          },
        ]
      : []),
    ...(withPostgres
      ? [
          {
            id: 'postgres-first',
            label: 'PostgreSQL, empty database',
            args: compiled,
            readyPath: '/ready',
            setUp: fresh('postgres'),
          },
          {
            id: 'postgres-restart',
            label: 'PostgreSQL, restart',
            args: compiled,
            readyPath: '/ready',
            setUp: existing('postgres', compiled),
          },
          ...(values.tsx
            ? [
                {
                  id: 'postgres-restart-tsx',
                  label: 'PostgreSQL, restart, via tsx (before)',
                  args: viaTsx,
                  readyPath: '/ready',
                  setUp: existing('postgres', viaTsx),
                },
              ]
            : []),
        ]
      : []),
  ];
  const only = values.only?.split(',');
  const variants: Variant[] = all
    .filter((v) => !only || only.includes(v.id))
    .map((v) => ({ ...v, samples: [] }));
  if (!withPostgres) console.log(`No PostgreSQL answers at ${adminUrl}: its variants are skipped.`);
  const load = () =>
    loadavg()
      .map((x) => x.toFixed(1))
      .join(' ');
  console.log(`load average at the start: ${load()}`);

  try {
    for (let round = 0; round < runs; round++) {
      for (let i = 0; i < variants.length; i++) {
        const variant = variants[(round + i) % variants.length] as Variant;
        const { env, cleanUp } = await variant.setUp();
        try {
          const sample = await measure(variant, env, telegram, idleSeconds * 1000);
          variant.samples.push(sample);
          console.log(
            `round ${round + 1} ${variant.label}: ready ${Math.round(sample.readyMs)} ms, RSS ${sample.rssReadyMb} MB at ready, peak ${sample.peakMb} MB, ${sample.rssIdleMb} MB idle, stop ${Math.round(sample.stopMs)} ms`,
          );
        } finally {
          await cleanUp();
        }
      }
    }
  } finally {
    for (const cleanUp of later) await cleanUp();
    await telegram.stop();
  }

  console.log(
    `\n${runs} runs each, interleaved; medians; idle = ${idleSeconds} s after ready; node ${process.version}; load average at the end: ${load()}\n`,
  );
  const rows = variants.map((v) => {
    const m = (pick: (s: Sample) => number) => Math.round(median(v.samples.map(pick)));
    const range = `${Math.round(Math.min(...v.samples.map((s) => s.readyMs)))}–${Math.round(Math.max(...v.samples.map((s) => s.readyMs)))}`;
    return [
      v.label,
      String(m((s) => s.readyMs)),
      range,
      String(m((s) => s.rssReadyMb)),
      String(m((s) => s.peakReadyMb)),
      String(m((s) => s.peakMb)),
      String(m((s) => s.rssIdleMb)),
      String(m((s) => s.stopMs)),
    ];
  });
  const header = [
    'variant',
    'start → ready ms',
    'min–max ms',
    'RSS at ready MB',
    'peak at ready MB',
    'peak MB',
    `RSS idle ${idleSeconds} s MB`,
    'stop ms',
  ];
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => (r[i] as string).length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join(' | ')} |`;
  console.log(line(header));
  console.log(
    `| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`,
  );
  for (const row of rows) console.log(line(row));
}

await main();
