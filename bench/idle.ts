/**
 * npm run bench:idle [-- --seconds 60] [--instances 1,2] [--root DIR]
 *
 * What an idle service costs PostgreSQL: the real service (src/main.ts of --root, default
 * this checkout, so an older checkout can be measured the same way) in child processes on a
 * private database of BENCH_DATABASE_URL's server, one postback delivered, then nothing for
 * `--seconds`: the database's committed transactions (pg_stat_database.xact_commit) over that
 * stretch, per second. PostgreSQL publishes a session's counts within about ten seconds, so
 * the stretch should be long against that.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase } from '../src/db/client.ts';
import { FakeBotApi } from '../src/demo/fake-bot-api.ts';
import { createProfile, updateProfile } from '../src/profiles/repository.ts';
import { freePort, repoRoot } from '../test/support/processes.ts';
import { benchDatabase } from './databases.ts';
import { serviceEnv, waitReady } from './service.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    instances: { type: 'string', default: '1,2' },
    root: { type: 'string', default: repoRoot },
  },
});
const seconds = Number(values.seconds);
const root = resolve(values.root);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function run(instances: number): Promise<number> {
  const { target, env, cleanup } = await benchDatabase('postgres');
  const url = (target as { url: string }).url;
  const name = new URL(url).pathname.slice(1);
  const telegram = await new FakeBotApi().start();
  const children: ChildProcess[] = [];
  const stats = new pg.Client({
    connectionString: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  });
  await stats.connect();
  try {
    const setup = await openDatabase(target);
    await setup.migrate();
    const profile = await createProfile(setup.db, { ownerUserId: 9_200_000 });
    await updateProfile(setup.db, profile.id, { rateLimitRps: 1000 });
    await setup.close();

    const ports: number[] = [];
    for (let i = 0; i < instances; i++) {
      const port = await freePort();
      ports.push(port);
      children.push(
        spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
          cwd: root,
          env: serviceEnv(telegram, port, env),
          stdio: ['ignore', 'ignore', 'inherit'],
        }),
      );
      await waitReady(port);
    }
    // Through the last instance (a follower when there are two): the leader delivers it.
    const res = await fetch(
      `http://127.0.0.1:${ports.at(-1)}/integrations/keitaro/postback?secret=${profile.secret}&status=sale&tid=IDLE-1&conversion_revenue=10&currency=USD`,
    );
    if (res.status !== 200) throw new Error(`postback answered ${res.status}`);
    while (telegram.messages.length < 1) await sleep(50);
    // Let the sessions publish what they counted before the stretch begins.
    await sleep(12_000);
    const commits = async () => {
      await stats.query('SELECT pg_stat_clear_snapshot()');
      const { rows } = await stats.query(
        'SELECT xact_commit::bigint AS n FROM pg_stat_database WHERE datname = $1',
        [name],
      );
      return Number(rows[0]?.n);
    };
    const before = await commits();
    await sleep(seconds * 1000);
    return (await commits()) - before;
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(
      children.map(
        (c) => new Promise((done) => (c.exitCode === null ? c.on('exit', done) : done(null))),
      ),
    );
    await stats.end();
    await telegram.stop();
    await cleanup();
  }
}

for (const n of values.instances.split(',').map(Number)) {
  const commits = await run(n);
  console.log(
    `${n} instance${n === 1 ? '' : 's'}, idle ${seconds} s: ${commits} transactions committed, ${(commits / seconds).toFixed(2)}/s`,
  );
}
