import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { create, extract } from 'tar';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, syncPath } from './pglite-fs.ts';

/**
 * The embedded database's folder as a gzipped tarball and back, streamed from and to the
 * disk: memory stays flat whatever the database's size (PGlite's own `dumpDataDir` and
 * `loadDataDir` hold the folder, tarred and zipped, in memory two or three times over, and
 * the heap they grow is never given back).
 */

/** PostgreSQL's files are read in pieces of this many bytes. */
const READ_SIZE = 256 * 1024;

/**
 * Writes `folder`'s tree into `file` (gzip), whole or not at all: owner-only (it holds every
 * secret), synced before it takes the name and its name synced after. Returns the file's
 * size in bytes.
 */
export async function packFolder(folder: string, file: string): Promise<number> {
  const partial = `${file}.partial`;
  try {
    // Small reads: node-tar's default buffer is 16 MB a file, kept by the heap afterwards.
    await create(
      {
        gzip: true,
        cwd: folder,
        file: partial,
        portable: true,
        mode: PRIVATE_FILE_MODE,
        maxReadSize: READ_SIZE,
      },
      ['.'],
    );
    syncPath(partial);
    renameSync(partial, file);
    syncPath(dirname(file));
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  return statSync(file).size;
}

/** Why a tarball could not be unpacked. */
export class UnpackError extends Error {}

/**
 * Unpacks the tarball `file` (gzip or not) into `folder`, created private (folders 0700,
 * files 0600) and owned by whoever unpacks. Also reads the tarballs PGlite's `dumpDataDir`
 * made (absolute names). Nothing is synced; the caller syncs the tree once it is complete.
 */
export function unpackInto(file: string, folder: string): void {
  mkdirSync(folder, { recursive: true, mode: PRIVATE_DIR_MODE });
  const problems: string[] = [];
  extract({
    file,
    cwd: folder,
    sync: true,
    preserveOwner: false,
    umask: 0o077,
    // Anything but an informational note (such as "stripping / from an absolute path").
    onwarn: (code, message) => {
      if (code !== 'TAR_ENTRY_INFO') problems.push(message);
    },
  });
  if (problems.length > 0) throw new UnpackError(problems[0]);
}

/** The part of PGlite a backup needs. */
interface Exclusive {
  exec(sql: string): Promise<unknown>;
  runExclusive<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * Backs up a running PGlite whose folder is `folder` into `file`: a checkpoint first, so the
 * copy needs no crash recovery to be read, then the folder, while PGlite runs no statement
 * (it has no background processes: nothing writes the folder meanwhile, and a transaction
 * left open by a caller is rolled back when the copy is opened, as after a crash).
 */
export async function backupPglite(pg: Exclusive, folder: string, file: string): Promise<number> {
  await pg.exec('CHECKPOINT');
  return pg.runExclusive(() => packFolder(folder, file));
}
