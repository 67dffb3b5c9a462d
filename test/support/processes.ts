import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * The service and its CLI as real processes, the way a user runs them: the compiled JavaScript
 * in dist/ (`npm start` is `node dist/main.js`), built by the tests' global set-up.
 */

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const FAKE_BOT_TOKEN = '123456789:AAHtestTokenForTestsOnly_abcdefghijk';

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `script` (compiled JavaScript, e.g. `dist/cli.js`) with plain node until it exits.
 * `closeStdout`: its output's reader goes away at once, as `| head -1` does after a line.
 */
export function runNode(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  { closeStdout = false }: { closeStdout?: boolean } = {},
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: repoRoot,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    if (closeStdout) child.stdout.destroy();
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(),
      );
    });
  });
}

export interface RunningService {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  /** Resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startService(env: NodeJS.ProcessEnv): Promise<RunningService> {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      BOT_TOKEN: FAKE_BOT_TOKEN,
      HOST: '127.0.0.1',
      KEITARO_WEBHOOK_PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  // PGlite's first start creates the database: on a starved 2-core machine that takes tens of
  // seconds.
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited: ${output}`);
    try {
      if ((await fetch(`${baseUrl}/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the service did not become ready: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    child,
    baseUrl,
    output: () => output,
    stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Polls until `condition` holds (or fails the test after `timeoutMs`). */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
