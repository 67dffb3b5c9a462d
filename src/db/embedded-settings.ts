import v8 from 'node:v8';

/**
 * PostgreSQL's memory settings for the embedded database, sized for a 1 GB server.
 *
 * PGlite runs PostgreSQL inside one WebAssembly heap that grows to its peak and never gives
 * memory back, so every buffer PostgreSQL may fill is, sooner or later, resident memory of
 * our process. The stock values (initdb picks `shared_buffers = 128MB`) grow the heap from
 * 128 MB to 188 MB at start and fill it as pages are read. Our tables are small and hot,
 * and a page PostgreSQL does not hold is one read() away in the host's page cache.
 *
 * Applied at every start (so a DATA_DIR created by an older version gets them too) and
 * written into postgresql.conf when the database is created.
 */
export const EMBEDDED_SETTINGS: Readonly<Record<string, string>> = {
  // Its own page cache; measured 128 MB → 16 MB: -60 MB of heap at start.
  shared_buffers: '16MB',
  // What VACUUM (run by us every few minutes) and CREATE INDEX may take; stock 64 MB.
  maintenance_work_mem: '16MB',
  // Only temporary tables use it, and we create none; stock 8 MB.
  temp_buffers: '1MB',
};

/** The settings as PostgreSQL command-line options (`-c name=value`), for start or initdb. */
export function embeddedSettingParams(
  settings: Readonly<Record<string, string>> = EMBEDDED_SETTINGS,
): string[] {
  return Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
}

/**
 * V8 compiles PGlite's PostgreSQL (9 MB of WebAssembly) with its baseline compiler
 * (Liftoff), then again with its optimizing one (TurboFan) for each function that runs
 * often; those compilations leave some 70-100 MB resident for the life of the process.
 * Baseline code only: the service idles at ~175 MB instead of ~275 MB and peaks under
 * 250 MB (bench/memory.ts). The flag is process-wide and must be set before PGlite's module
 * is compiled; PostgreSQL's work per postback is short, so its speed barely moves
 * (docs/BENCHMARKS.md).
 */
export function compileWasmForMemory(): void {
  v8.setFlagsFromString('--liftoff-only');
}
