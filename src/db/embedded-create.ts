/**
 * `node embedded-create.ts DATA_DIR [TEMPLATE_FOLDER]`: creates the embedded database and
 * applies every migration, then exits; its last line on stdout says how it was created.
 * Run by `createEmbeddedDatabase` (data-dir.ts) in a process of its own, because PGlite's
 * WebAssembly heap never shrinks: creating a database (initdb above all) is the largest
 * moment of its life, and a process that lived through it would carry that peak for
 * months. The caller holds DATA_DIR's lock.
 *
 * The new database is built in `pglite.creating` and renamed to `pglite` only once it is
 * complete and on the disk, so an interrupted first start leaves nothing half-made behind.
 * It starts from the template shipped for the installed PGlite (embedded-template.ts), which
 * spares initdb's memory peak; without one (a PGlite upgrade not followed by
 * scripts/make-db-template.ts) it runs initdb as before, and says why.
 */
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { sourcePath } from '../package-root.ts';
import { pgliteDir } from './data-dir.ts';
import {
  compileWasmForMemory,
  EMBEDDED_SETTINGS,
  embeddedSettingParams,
} from './embedded-settings.ts';
import { extractTemplate, findTemplate, type TemplateLookup } from './embedded-template.ts';
import { DURABLE_START_PARAMS, SafeNodeFS, syncPath, syncTree } from './pglite-fs.ts';

const migrationsFolder = sourcePath('db/migrations');

interface InitdbResult {
  exitCode: number;
  stderr: string;
}
type Initdb = (options: { pg: PGlite; args: string[] }) => Promise<InitdbResult>;

/**
 * PGlite's own initdb runner, which the package does not export. `PGlite.create` runs it
 * from a second, temporary PGlite while the first one is open, and keeps both heaps and a
 * copy of one alive until it returns (~750 MB at the peak). Called directly on the only
 * PGlite, it needs ~200 MB less. Pinned to PGlite 0.5.16's file; if an upgrade moves it,
 * creation falls back to `PGlite.create` (test/db/embedded-create.test.ts notices).
 */
export async function pgliteInitdb(): Promise<Initdb | undefined> {
  try {
    const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    const chunk = pathToFileURL(join(dirname(entry), 'chunk-N66TTF7B.js')).href;
    const runner = ((await import(chunk)) as { h?: unknown }).h;
    return typeof runner === 'function' && runner.name === 'St' ? (runner as Initdb) : undefined;
  } catch {
    return undefined;
  }
}

const startParams = [...DURABLE_START_PARAMS, ...embeddedSettingParams()];
// initdb writes them into postgresql.conf (and creates the cluster with them).
const initdbParams = embeddedSettingParams(EMBEDDED_SETTINGS);

/** A new cluster in `folder` (created), by PGlite's initdb, with our settings in postgresql.conf. */
export async function initdb(folder: string): Promise<void> {
  const runner = await pgliteInitdb();
  if (!runner) {
    const pg = await PGlite.create({
      fs: new SafeNodeFS(folder),
      startParams,
      initDbStartParams: initdbParams,
    });
    await pg.close();
    return;
  }
  const pg = await PGlite.create({ fs: new SafeNodeFS(folder), noInitDb: true, startParams });
  try {
    const result = await runner({ pg, args: initdbParams });
    if (result.exitCode !== 0) {
      throw new Error(`initdb failed (exit ${result.exitCode}): ${result.stderr.trim()}`);
    }
  } finally {
    await pg.close();
  }
}

async function applyMigrations(folder: string): Promise<void> {
  const pg = await PGlite.create({ fs: new SafeNodeFS(folder), startParams });
  try {
    await migrate(drizzle(pg), { migrationsFolder });
  } finally {
    await pg.close();
  }
}

/**
 * Lets the closed PGlite's heaps go before the next one is made, so the two never add up
 * (measured: 550 MB resident after initdb, 240 MB after this). PGlite still holds them for
 * a moment after close() returns, hence the pause.
 */
async function freeClosedHeaps(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
  for (let i = 0; i < 2; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    gc();
  }
}

/** Creates the database in `dataDir`; returns how (the line the service logs). */
export async function createEmbedded(
  dataDir: string,
  template: TemplateLookup = findTemplate(),
): Promise<string> {
  const target = pgliteDir(dataDir);
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new Error(
      `${target} exists but holds no database (no PG_VERSION); move it away and start again`,
    );
  }
  const building = `${target}.creating`;
  compileWasmForMemory();
  rmSync(building, { recursive: true, force: true });
  if (template.path) {
    extractTemplate(template.path, building);
  } else {
    await initdb(building);
  }
  // Lets initdb's heap (or the unpacked tarball) go before the database is opened.
  await freeClosedHeaps();
  await applyMigrations(building);
  // Neither initdb nor the extraction syncs a file; one pass makes the new database durable.
  syncTree(building);
  rmSync(target, { recursive: true, force: true });
  renameSync(building, target);
  syncPath(dataDir);
  return 'reason' in template
    ? `created by initdb (${template.reason}; scripts/make-db-template.ts makes one)`
    : `created from the template ${template.path}`;
}

const [, , dataDir, templateFolder] = process.argv;
if (dataDir && process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const how = await createEmbedded(dataDir, findTemplate(templateFolder || undefined));
    process.stdout.write(`${how}\n`);
    process.exit(0);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}
