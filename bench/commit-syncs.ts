/**
 * npx tsx bench/commit-syncs.ts [commits=200]
 *
 * Opens the embedded database in a new temporary DATA_DIR and makes that many single-row
 * commits, printing how long they took. Run it under strace to see that each commit reaches
 * the disk:
 *
 *   strace -f -c -e trace=fsync,fdatasync npx tsx bench/commit-syncs.ts 200
 *
 * (creating the database comes first; its one-time sync of the new cluster adds about a
 * thousand fsync calls, so compare runs with different numbers of commits).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/client.ts';

const commits = Number(process.argv[2] ?? 200);
const dataDir = mkdtempSync(join(tmpdir(), 'keitaro-syncs-'));
const database = await openDatabase({ kind: 'pglite', dataDir });
try {
  await database.db.execute(sql`CREATE TABLE commits (n int)`);
  const started = performance.now();
  for (let n = 0; n < commits; n++)
    await database.db.execute(sql`INSERT INTO commits VALUES (${n})`);
  const ms = performance.now() - started;
  console.log(`${commits} commits in ${Math.round(ms)} ms (${(ms / commits).toFixed(2)} ms each)`);
} finally {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}
