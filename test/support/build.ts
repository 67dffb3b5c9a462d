import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Builds dist/ when src/ changed since the last build (`npm run build`'s --if-stale), so what
 * the tests and benchmarks start as processes is what users run: the compiled service.
 * Nothing happens when dist/ is up to date.
 */
export function buildIfStale(): void {
  execFileSync(
    process.execPath,
    [fileURLToPath(new URL('../../scripts/build.mjs', import.meta.url)), '--if-stale'],
    { stdio: 'inherit' },
  );
}

/** Vitest's global set-up: once, before any test file. */
export default buildIfStale;
