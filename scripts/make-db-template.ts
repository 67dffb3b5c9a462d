/**
 * `npx tsx scripts/make-db-template.ts`: makes src/db/template/pglite-<version>.tar.gz, the
 * freshly initdb'd cluster a new embedded database starts from (src/db/embedded-template.ts),
 * for the installed PGlite and with EMBEDDED_SETTINGS in its postgresql.conf. Not migrated:
 * the migrations run when a database is created from it.
 *
 * Run it after upgrading @electric-sql/pglite (the old version's template is deleted; without
 * a template the service still creates databases by initdb, at a ~390 MB peak, and logs why)
 * and after changing EMBEDDED_SETTINGS (test/db/embedded-create.test.ts notices). Commit the
 * result. The tarball is plain ustar, gzip level 9, with no times or owners, so the same
 * cluster gives the same bytes.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { initdb } from '../src/db/embedded-create.ts';
import { compileWasmForMemory } from '../src/db/embedded-settings.ts';
import {
  installedPgliteVersion,
  TEMPLATE_FOLDER,
  templateFileName,
} from '../src/db/embedded-template.ts';

/** One 512-byte ustar header. */
function header(name: string, size: number, type: '0' | '5'): Buffer {
  if (Buffer.byteLength(name) > 100) throw new Error(`path too long for the tarball: ${name}`);
  const block = Buffer.alloc(512);
  const field = (offset: number, length: number, value: string) =>
    block.write(value, offset, length, 'utf8');
  const octal = (offset: number, length: number, value: number) =>
    field(offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
  field(0, 100, name);
  octal(100, 8, type === '5' ? 0o700 : 0o600);
  octal(108, 8, 0);
  octal(116, 8, 0);
  octal(124, 12, size);
  octal(136, 12, 0);
  field(148, 8, '        ');
  field(156, 1, type);
  field(257, 6, 'ustar\0');
  field(263, 2, '00');
  let sum = 0;
  for (const byte of block) sum += byte;
  field(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

function tarOf(root: string): Buffer {
  const parts: Buffer[] = [];
  const visit = (relative: string) => {
    const entries = readdirSync(join(root, relative), { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const entry of entries) {
      const name = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        parts.push(header(`${name}/`, 0, '5'));
        visit(name);
      } else if (entry.isFile()) {
        const data = readFileSync(join(root, name));
        parts.push(header(name, data.length, '0'), data);
        const pad = (512 - (data.length % 512)) % 512;
        if (pad) parts.push(Buffer.alloc(pad));
      } else {
        throw new Error(`unexpected entry in the new cluster: ${name}`);
      }
    }
  };
  visit('');
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

compileWasmForMemory();
const version = installedPgliteVersion();
const work = mkdtempSync(join(tmpdir(), 'keitaro-db-template-'));
try {
  const cluster = join(work, 'pglite');
  await initdb(cluster);
  const tarball = gzipSync(tarOf(cluster), { level: 9 });
  for (const old of readdirSync(TEMPLATE_FOLDER)) {
    if (/^pglite-.*\.tar\.gz$/.test(old)) rmSync(join(TEMPLATE_FOLDER, old));
  }
  const target = join(TEMPLATE_FOLDER, templateFileName(version));
  writeFileSync(target, tarball);
  process.stdout.write(`${target}: ${statSync(target).size} bytes\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
