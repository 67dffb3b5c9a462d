import { spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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

export class EmbeddedCreationError extends Error {
  constructor(
    readonly dataDir: string,
    detail: string,
  ) {
    super(`Creating the embedded database in ${dataDir} failed: ${detail}`);
    this.name = 'EmbeddedCreationError';
  }
}

/** The creating process: this build's own file (TypeScript through tsx, or compiled). */
export function embeddedCreateCommand(): { command: string; args: string[] } {
  const script = fileURLToPath(
    new URL(
      import.meta.url.endsWith('.ts') ? './embedded-create.ts' : './embedded-create.js',
      import.meta.url,
    ),
  );
  const loader = script.endsWith('.ts')
    ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href]
    : [];
  // --expose-gc: it frees initdb's heap before it opens the new database for migrations.
  return { command: process.execPath, args: ['--expose-gc', ...loader, script] };
}

/**
 * Creates the embedded database in `dataDir` and applies every migration, in a short-lived
 * child process (see embedded-create.ts): the caller, which holds the lock, then only ever
 * opens an existing database and never carries creation's memory peak. Resolves with how
 * the database was created (from the shipped template, or by initdb and why), to be logged.
 * `templateFolder` replaces src/db/template (tests).
 */
export function createEmbeddedDatabase(
  dataDir: string,
  command = embeddedCreateCommand(),
  templateFolder?: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const args = [...command.args, dataDir, ...(templateFolder ? [templateFolder] : [])];
    const child = spawn(command.command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => {
      stdout = (stdout + chunk).slice(-4_000);
    });
    child.stderr?.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-4_000);
    });
    child.on('error', (error) => reject(new EmbeddedCreationError(dataDir, error.message)));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(stdout.trim().split('\n').at(-1) ?? '');
      const last = stderr.trim().split('\n').slice(-5).join('\n');
      const how = signal ? `killed by ${signal}` : `exit code ${code}`;
      reject(new EmbeddedCreationError(dataDir, last ? `${last} (${how})` : how));
    });
  });
}
