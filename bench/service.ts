/**
 * The service as the benchmarks run it: a child process on a free port, talking to the
 * stand-in Bot API, quiet logs. One place, so every benchmark measures the same thing.
 */
import type { FakeBotApi } from '../src/demo/fake-bot-api.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The environment of a service child on `port` that sends to the stand-in `telegram`. */
export function serviceEnv(
  telegram: Pick<FakeBotApi, 'token' | 'url'>,
  port: number,
  env: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...env,
    BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.url,
    KEITARO_WEBHOOK_PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
}

/** Until `/ready` answers 200 (a minute at most: a first start creates the database). */
export async function waitReady(port: number): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/ready`)).ok) return;
    } catch {
      // not yet
    }
    await sleep(100);
  }
  throw new Error('service did not start');
}
