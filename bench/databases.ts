import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseTarget } from '../src/db/client.ts';

/**
 * A fresh database for one benchmark run: a temporary PGlite folder, or a private database
 * on BENCH_DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/test), dropped
 * by `cleanup`. `env` points the service at it.
 */
export async function benchDatabase(kind: 'pglite' | 'postgres'): Promise<{
  target: DatabaseTarget;
  env: NodeJS.ProcessEnv;
  cleanup: () => Promise<void>;
}> {
  if (kind === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'keitaro-bench-'));
    return {
      target: { kind: 'pglite', dataDir },
      env: { DATA_DIR: dataDir, DATABASE_URL: '' },
      cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `keitaro_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    target: { kind: 'postgres', url: url.toString() },
    env: { DATABASE_URL: url.toString() },
    cleanup: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
