import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Process tests run the compiled service (dist/): build it first when src/ changed.
    globalSetup: ['test/support/build.ts'],
    // PGlite starts a WASM Postgres per test file, and end-to-end tests through the fake Bot API
    // take 20–40 s when two busy processes starve a 2-core machine: a timeout here means hung,
    // never slow. Tests wait for what the product promises, not for the clock.
    testTimeout: 90_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
