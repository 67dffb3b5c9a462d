import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's folder, found the same way from src/ (tests, tsx) and from dist/ (the build):
 * both sit one level below it. Files the code reads at run time (migrations, Fluent locales)
 * stay in src/ and are read from there, so the build copies nothing and cannot go stale.
 */
export const packageRoot = fileURLToPath(new URL('..', import.meta.url));

/** A file or folder under src/, e.g. `sourcePath('db/migrations')`. */
export function sourcePath(relative: string): string {
  return join(packageRoot, 'src', relative);
}
