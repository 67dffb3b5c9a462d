#!/usr/bin/env node
// The package's command: the admin CLI, compiled (dist/cli.js). It rebuilds dist/ first when
// the sources changed since the last build, as `npm run cli` does, so a `git pull` never runs
// yesterday's code against today's migrations.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const build = spawnSync(
  process.execPath,
  [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url)), '--if-stale'],
  { stdio: ['ignore', 'inherit', 'inherit'] },
);
if (build.status !== 0) process.exit(build.status ?? 1);
await import('../dist/cli.js');
