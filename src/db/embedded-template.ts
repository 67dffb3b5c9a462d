import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { sourcePath } from '../package-root.ts';
import { unpackInto } from './tarball.ts';

/**
 * A freshly initdb'd PostgreSQL cluster for the installed PGlite, shipped in the repository
 * as a gzip tarball (made by scripts/make-db-template.ts). Creating a database from it skips
 * initdb, whose two 128 MB WebAssembly heaps made the creating process peak at ~390 MB:
 * it is extracted into the new folder here, in Node, and the migrations run as usual.
 * (PGlite's own `loadDataDir` would do the same through its heap, holding the tarball,
 * unpacked, twice in memory: ~270 MB at the peak against ~200 MB.)
 * Not migrated, so it changes only with PGlite (its version is in the name) or with
 * EMBEDDED_SETTINGS (written into its postgresql.conf).
 */
export const TEMPLATE_FOLDER = sourcePath('db/template');

/** The installed PGlite's version, from its package.json. */
export function installedPgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  // entry: …/@electric-sql/pglite/dist/index.cjs (the package does not export package.json).
  const manifest = join(dirname(dirname(entry)), 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

export function templateFileName(version: string): string {
  return `pglite-${version}.tar.gz`;
}

export type TemplateLookup = { path: string } | { path?: undefined; reason: string };

/**
 * The template for the installed PGlite in `folder`, or why there is none (the caller then
 * runs initdb, as before templates).
 */
export function findTemplate(folder = TEMPLATE_FOLDER, version?: string): TemplateLookup {
  if (version === undefined) {
    try {
      version = installedPgliteVersion();
    } catch (error) {
      return { reason: `the installed PGlite's version is unknown: ${(error as Error).message}` };
    }
  }
  const path = join(folder, templateFileName(version));
  if (existsSync(path)) return { path };
  return {
    reason: `no template ${templateFileName(version)} for the installed PGlite ${version} in ${folder}`,
  };
}

/**
 * Extracts the template's cluster into `folder` (created; it must not exist or be empty):
 * folders 0700, files 0600, as SafeNodeFS makes them. Nothing is synced; the caller syncs
 * the whole tree once the database is complete.
 */
export function extractTemplate(path: string, folder: string): void {
  try {
    unpackInto(path, folder);
  } catch (error) {
    throw new Error(`cannot extract the template ${path}: ${(error as Error).message}`);
  }
  if (!existsSync(join(folder, 'PG_VERSION'))) {
    throw new Error(`the template ${path} holds no PG_VERSION`);
  }
}
