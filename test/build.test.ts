import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/processes.ts';

/** A package with the project's build script and settings, and sources of our choosing. */
function scratchPackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keitaro-build-'));
  mkdirSync(join(dir, 'scripts'));
  mkdirSync(join(dir, 'src'));
  for (const file of [
    'scripts/build.mjs',
    'tsconfig.json',
    'tsconfig.build.json',
    'package.json',
  ]) {
    copyFileSync(join(repoRoot, file), join(dir, file));
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

function writeSources(dir: string, greeting: string): void {
  writeFileSync(join(dir, 'src/greeting.ts'), `export const greeting: string = ${greeting};\n`);
  writeFileSync(
    join(dir, 'src/main.ts'),
    "import { greeting } from './greeting.ts';\nprocess.stdout.write(greeting);\n",
  );
}

const build = (dir: string, ...args: string[]) =>
  spawnSync(process.execPath, ['scripts/build.mjs', ...args], { cwd: dir, encoding: 'utf8' });
const start = (dir: string) =>
  execFileSync(process.execPath, ['dist/main.js'], { cwd: dir, encoding: 'utf8' });

describe('npm run build and the build before npm start', { timeout: 120_000 }, () => {
  it('builds when dist/ is missing, keeps an up-to-date build, rebuilds after a change, and keeps the last good build when one fails', () => {
    const dir = scratchPackage();
    writeSources(dir, "'v1'");

    const first = build(dir, '--if-stale');
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toContain('Building dist/');
    expect(start(dir)).toBe('v1');

    // Nothing changed (a touch is not a change): npm start goes straight on.
    writeSources(dir, "'v1'");
    const again = build(dir, '--if-stale');
    expect(again.status).toBe(0);
    expect(again.stderr).toBe('');

    // A git pull brings new code: the next start runs it.
    writeSources(dir, "'v2'");
    const changed = build(dir, '--if-stale');
    expect(changed.status, changed.stderr).toBe(0);
    expect(changed.stderr).toContain('Sources changed: rebuilding dist/');
    expect(start(dir)).toBe('v2');

    // A change that does not compile fails the build and leaves the last good one.
    writeSources(dir, '42');
    const broken = build(dir, '--if-stale');
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain("Type 'number' is not assignable to type 'string'");
    expect(broken.stderr).toContain('The build failed: dist/ was left as it was.');
    expect(start(dir)).toBe('v2');
  });

  it('lets npm ci without development dependencies finish, saying how to build', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keitaro-build-'));
    mkdirSync(join(dir, 'scripts'));
    mkdirSync(join(dir, 'src'));
    copyFileSync(join(repoRoot, 'scripts/build.mjs'), join(dir, 'scripts/build.mjs'));
    for (const file of ['tsconfig.json', 'tsconfig.build.json', 'package.json']) {
      copyFileSync(join(repoRoot, file), join(dir, file));
    }
    writeSources(dir, "'v1'");

    const prepare = build(dir, '--prepare');
    expect(prepare.status).toBe(0);
    expect(prepare.stderr).toContain('TypeScript is not installed');
    expect(build(dir).status).toBe(1);
  });

  it('runs the compiled CLI from any working directory: migrations are found beside the code', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'keitaro-cwd-'));
    const res = spawnSync(
      process.execPath,
      [join(repoRoot, 'dist/cli.js'), 'profile', 'create', '--owner', '777000'],
      {
        cwd: elsewhere,
        encoding: 'utf8',
        env: { ...process.env, DATA_DIR: join(elsewhere, 'data'), DATABASE_URL: '' },
      },
    );
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain('Profile 1 "Keitaro" created.');
  });
});
