#!/usr/bin/env node
/**
 * `npm run build`: compiles src/ to dist/ with tsc (tsconfig.build.json), so the service and
 * the CLI run as plain JavaScript, with no TypeScript at run time.
 *
 *   node scripts/build.mjs             build (type errors fail it)
 *   node scripts/build.mjs --if-stale  build only when dist/ is missing or was built from other
 *                                      sources (npm start, npm run cli, the tests' set-up)
 *   node scripts/build.mjs --prepare   as --if-stale, but when TypeScript is not installed
 *                                      (npm ci --omit=dev) it says so instead of failing
 *
 * "Stale" is decided by content, not by file times: dist/.build-hash holds a hash of every file
 * under src/ and of the build's settings, so a `git pull`, a checkout or an edit is noticed and
 * a mere touch is not. The new build is made beside dist/ and swapped in only when it
 * succeeded, so a failed build leaves the last good one in place. Assets (migrations, Fluent
 * files) are not copied: the code reads them from src/ (src/package-root.ts).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const hashFile = join(dist, '.build-hash');
const mode = process.argv[2];

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

function sourceHash() {
  const hash = createHash('sha256');
  const inputs = [
    ...filesUnder(join(root, 'src')),
    join(root, 'tsconfig.json'),
    join(root, 'tsconfig.build.json'),
  ];
  for (const file of inputs) {
    hash.update(relative(root, file));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function typescriptCompiler() {
  try {
    return createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    return undefined;
  }
}

const wanted = sourceHash();
if (mode === '--if-stale' || mode === '--prepare') {
  const built = existsSync(hashFile) ? readFileSync(hashFile, 'utf8').trim() : undefined;
  if (built === wanted) process.exit(0);
} else if (mode !== undefined) {
  process.stderr.write(`Unknown option ${mode}. Usage: node scripts/build.mjs [--if-stale]\n`);
  process.exit(2);
}

const tsc = typescriptCompiler();
if (!tsc) {
  const message =
    'TypeScript is not installed, so src/ cannot be compiled to dist/. Run npm install (with the development dependencies), then npm run build.';
  if (mode === '--prepare') {
    process.stderr.write(`${message}\n`);
    process.exit(0);
  }
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

process.stderr.write(
  existsSync(hashFile) ? 'Sources changed: rebuilding dist/…\n' : 'Building dist/…\n',
);
const next = join(root, `dist.building-${process.pid}`);
rmSync(next, { recursive: true, force: true });
const result = spawnSync(
  process.execPath,
  [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', next],
  { cwd: root, stdio: 'inherit' },
);
if (result.status !== 0) {
  rmSync(next, { recursive: true, force: true });
  process.stderr.write('The build failed: dist/ was left as it was.\n');
  process.exit(1);
}
writeFileSync(join(next, '.build-hash'), `${wanted}\n`);
rmSync(dist, { recursive: true, force: true });
try {
  renameSync(next, dist);
} catch (error) {
  // Another build of the same sources finished first (two starts at once): keep its result.
  rmSync(next, { recursive: true, force: true });
  if (!existsSync(hashFile) || readFileSync(hashFile, 'utf8').trim() !== wanted) throw error;
}
