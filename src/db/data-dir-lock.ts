import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PGlite is one process's database: two processes on one data directory corrupt it.
 * A lock file holding the owner's pid makes the second one stop with a clear sentence;
 * a lock left by a process that no longer runs (after a crash or SIGKILL) is taken over.
 */

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `Another process (pid ${pid}) is already using the embedded database in ${dataDir}; stop it, or set DATA_DIR to another folder, or set DATABASE_URL to share a PostgreSQL server between processes.`,
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  release(): void;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True while a running process holds the lock (it may still be creating the database). */
export function isDataDirLocked(dataDir: string): boolean {
  try {
    const pid = Number.parseInt(readFileSync(join(dataDir, 'keitaro-notify.lock'), 'utf8'), 10);
    return Number.isInteger(pid) && isRunning(pid);
  } catch {
    return false;
  }
}

export function lockDataDir(dataDir: string): DataDirLock {
  // Private from the start: the folder will hold the database and its WAL.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, 'keitaro-notify.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(pid) && isRunning(pid)) {
        throw new DataDirLockedError(dataDir, pid);
      }
      rmSync(path, { force: true });
    }
  }
  throw new Error(`Could not take the lock file in ${dataDir}.`);
}
