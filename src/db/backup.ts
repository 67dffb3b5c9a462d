import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { type Database, openDatabase, queryRows } from './client.ts';
import { embeddedDatabaseExists, pgliteDir } from './data-dir.ts';
import { DataDirLockedError, isDataDirLocked } from './data-dir-lock.ts';
import { syncTree } from './pglite-fs.ts';
import { unpackInto } from './tarball.ts';

/**
 * Backups of the embedded database: its data folder as one gzipped tarball, streamed to the
 * file by whichever process holds the database — the running service (asked over the CLI's
 * socket) or the CLI itself — while no statement runs, so it is consistent while postbacks
 * keep arriving and costs no memory beyond a buffer. A restore unpacks it into an empty
 * DATA_DIR and opens it. PostgreSQL has pg_dump for this.
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

/** Backs the database up into `file` (an absolute path); returns the backup's size in bytes. */
export async function writeBackup(
  database: Database,
  file: string,
  overwrite: boolean,
): Promise<number> {
  if (!database.backupTo) throw new BackupRefused(POSTGRES_BACKUP_HINT.join('\n'));
  if (!overwrite && existsSync(file)) {
    throw new BackupRefused(`${file} already exists; choose another name or add --force.`);
  }
  try {
    return await database.backupTo(file);
  } catch (error) {
    throw new BackupRefused(`Cannot write ${file}: ${(error as Error).message}`);
  }
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
  let database: Database;
  try {
    unpackInto(file, pgliteDir(dataDir));
    // Opening would create an empty database in its place, and call that restored.
    if (!embeddedDatabaseExists(dataDir)) throw new Error('it holds no database');
    // Unpacked without syncing; from here on every commit syncs.
    syncTree(dataDir);
    database = await openDatabase({ kind: 'pglite', dataDir });
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
