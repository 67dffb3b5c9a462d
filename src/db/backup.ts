import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { type Database, openDatabase, queryRows } from './client.ts';
import { pgliteDir } from './data-dir.ts';
import { DataDirLockedError, isDataDirLocked } from './data-dir-lock.ts';

/**
 * Backups of the embedded database: its data folder as one gzipped tarball (PGlite's
 * `dumpDataDir`), taken by whichever process holds the database — the running service
 * (asked over the CLI's socket) or the CLI itself — so it is consistent while postbacks keep
 * arriving. A restore creates the database from it in an empty DATA_DIR. PostgreSQL has
 * pg_dump for this.
 */

/** A sentence for the user: the backup or restore was not done, and why. */
export class BackupRefused extends Error {}

export const POSTGRES_BACKUP_HINT = [
  "With DATABASE_URL set, back up and restore with PostgreSQL's own tools, for example:",
  '  pg_dump --format=custom --file keitaro.dump "$DATABASE_URL"',
  '  pg_restore --clean --if-exists --dbname "$DATABASE_URL" keitaro.dump',
  'The tables that matter: keitaro_profiles and keitaro_routes (the setup), keitaro_deliveries',
  '(messages still to send), keitaro_chats, keitaro_topics, keitaro_bot_users and',
  'keitaro_bot_sessions (what the bot knows), keitaro_events (the history; retention keeps',
  'RETENTION_DAYS of it), and drizzle.__drizzle_migrations (the schema version).',
];

/** Writes `data` to `file` whole or not at all: owner-only (it holds every secret), synced. */
function writeAtomically(file: string, data: Uint8Array): void {
  const partial = `${file}.partial`;
  const fd = openSync(partial, 'w', 0o600);
  try {
    let written = 0;
    while (written < data.length) written += writeSync(fd, data, written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(partial, file);
}

/** Backs the database up into `file` (an absolute path); returns the backup's size in bytes. */
export async function writeBackup(
  database: Database,
  file: string,
  overwrite: boolean,
): Promise<number> {
  if (!database.dumpDataDir) throw new BackupRefused(POSTGRES_BACKUP_HINT.join('\n'));
  if (!overwrite && existsSync(file)) {
    throw new BackupRefused(`${file} already exists; choose another name or add --force.`);
  }
  const tarball = new Uint8Array(await (await database.dumpDataDir()).arrayBuffer());
  try {
    writeAtomically(file, tarball);
  } catch (error) {
    throw new BackupRefused(`Cannot write ${file}: ${(error as Error).message}`);
  }
  return tarball.length;
}

/** Files in DATA_DIR that do not make it "in use": a lock or socket left by a stopped process. */
const LEFTOVERS = new Set(['keitaro-notify.lock', 'cli.sock']);

function isEmptyDataDir(dataDir: string): boolean {
  if (!existsSync(dataDir)) return true;
  return readdirSync(dataDir).every((name) => LEFTOVERS.has(name));
}

export interface Restored {
  profiles: number;
  routes: number;
  /** Deliveries not sent yet: they go out once the service starts. */
  waiting: number;
  /** Where the database that was there went (with --force), or undefined. */
  movedAside: string | undefined;
}

/**
 * Creates the embedded database in `dataDir` from the backup `file`. Refuses while the
 * service runs on it, and when it is not empty unless `force` (then the database there is
 * moved aside, not deleted).
 */
export async function restoreBackup(
  dataDir: string,
  file: string,
  force: boolean,
  now: Date = new Date(),
): Promise<Restored> {
  if (isDataDirLocked(dataDir)) {
    throw new BackupRefused(
      `The service is running on ${dataDir} (DATA_DIR); stop it before restoring, then start it again.`,
    );
  }
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new BackupRefused(`There is no backup file ${file}.`);
  }
  let movedAside: string | undefined;
  if (!isEmptyDataDir(dataDir)) {
    if (!force) {
      throw new BackupRefused(
        `${dataDir} (DATA_DIR) is not empty; restore into an empty or new folder, or add --force to move the database there aside first.`,
      );
    }
    if (existsSync(pgliteDir(dataDir))) {
      movedAside = join(
        dataDir,
        `pglite.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`,
      );
      renameSync(pgliteDir(dataDir), movedAside);
    }
  }
  const tarball = new Blob([readFileSync(file)]);
  let database: Database;
  try {
    database = await openDatabase({ kind: 'pglite', dataDir }, { restoreFrom: tarball });
  } catch (error) {
    if (error instanceof DataDirLockedError) throw new BackupRefused(error.message);
    // Nothing half-restored stays behind; the database that was there comes back.
    rmSync(pgliteDir(dataDir), { recursive: true, force: true });
    if (movedAside) renameSync(movedAside, pgliteDir(dataDir));
    throw new BackupRefused(
      `${file} is not a backup this program can read (${(error as Error).message}).`,
    );
  }
  try {
    // A backup made by an older version is brought up to this one's schema.
    await database.migrate();
    const [counts] = await queryRows<{ profiles: number; routes: number; waiting: number }>(
      database.db,
      sql`SELECT (SELECT count(*) FROM keitaro_profiles)::int AS profiles,
                 (SELECT count(*) FROM keitaro_routes)::int AS routes,
                 (SELECT count(*) FROM keitaro_deliveries
                   WHERE state IN ('pending', 'held', 'digested'))::int AS waiting`,
    );
    return {
      profiles: counts?.profiles ?? 0,
      routes: counts?.routes ?? 0,
      waiting: counts?.waiting ?? 0,
      movedAside,
    };
  } finally {
    await database.close();
  }
}
