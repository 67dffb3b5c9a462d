import { chmodSync, existsSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where PGlite keeps its PostgreSQL data folder inside DATA_DIR. */
export function pgliteDir(dataDir: string): string {
  return join(dataDir, 'pglite');
}

/** True once PostgreSQL's data folder was created there (initdb writes PG_VERSION). */
export function embeddedDatabaseExists(dataDir: string): boolean {
  return existsSync(join(pgliteDir(dataDir), 'PG_VERSION'));
}

/**
 * Takes group and other rights off everything under `dir` (and `dir` itself): folders
 * become 0700, files 0600. The WAL holds every secret, so a DATA_DIR made by an older
 * version (0755 folders, 0644 or 0666 files) is closed at start. Symbolic links are left
 * alone. Returns how many entries changed.
 */
export function makePrivate(dir: string): number {
  let changed = 0;
  const visit = (path: string) => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return;
    const wanted = stat.isDirectory() ? 0o700 : 0o600;
    if ((stat.mode & 0o777) !== wanted) {
      chmodSync(path, wanted);
      changed++;
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(path)) visit(join(path, name));
    }
  };
  visit(dir);
  return changed;
}
