import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where PGlite keeps its PostgreSQL data folder inside DATA_DIR. */
export function pgliteDir(dataDir: string): string {
  return join(dataDir, 'pglite');
}

/** True once PostgreSQL's data folder was created there (initdb writes PG_VERSION). */
export function embeddedDatabaseExists(dataDir: string): boolean {
  return existsSync(join(pgliteDir(dataDir), 'PG_VERSION'));
}
