/**
 * `npx tsx scripts/make-db-template.ts`: makes src/db/template/pglite-<version>.tar.gz, the
 * freshly initdb'd cluster a new embedded database starts from (src/db/embedded-template.ts),
 * for the installed PGlite and with EMBEDDED_SETTINGS in its postgresql.conf. Not migrated:
 * the migrations run when a database is created from it.
 *
 * Run it after upgrading @electric-sql/pglite (the old version's template is deleted; without
 * a template the service still creates databases by initdb, at a ~390 MB peak, and logs why)
 * and after changing EMBEDDED_SETTINGS (test/db/embedded-create.test.ts notices). Commit the
 * result. The tarball is gzip level 9, in a fixed order, with no times or owners, so the
 * same cluster gives the same bytes.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create } from 'tar';
import { initdb } from '../src/db/embedded-create.ts';
import { compileWasmForMemory } from '../src/db/embedded-settings.ts';
import {
  installedPgliteVersion,
  TEMPLATE_FOLDER,
  templateFileName,
} from '../src/db/embedded-template.ts';

/** Every path under `root`, folders before their contents, in byte order: the same every time. */
function sortedTree(root: string, relative = ''): string[] {
  const entries = readdirSync(join(root, relative), { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  return entries.flatMap((entry) => {
    const name = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return [name, ...sortedTree(root, name)];
    if (entry.isFile()) return [name];
    throw new Error(`unexpected entry in the new cluster: ${name}`);
  });
}

compileWasmForMemory();
const version = installedPgliteVersion();
const work = mkdtempSync(join(tmpdir(), 'keitaro-db-template-'));
try {
  const cluster = join(work, 'pglite');
  await initdb(cluster);
  const tarball = join(work, 'template.tar.gz');
  await create(
    {
      gzip: { level: 9 },
      cwd: cluster,
      file: tarball,
      portable: true,
      noMtime: true,
      noDirRecurse: true,
    },
    sortedTree(cluster),
  );
  for (const old of readdirSync(TEMPLATE_FOLDER)) {
    if (/^pglite-.*\.tar\.gz$/.test(old)) rmSync(join(TEMPLATE_FOLDER, old));
  }
  const target = join(TEMPLATE_FOLDER, templateFileName(version));
  copyFileSync(tarball, target);
  process.stdout.write(`${target}: ${statSync(target).size} bytes\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
