import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.ts';
import { createProfile, updateProfile } from '../src/profiles/repository.ts';
import { depositQuery } from './fixtures/postbacks.ts';
import { freePort, type RunningService, startService, waitFor } from './support/processes.ts';

/** A Bot API that accepts connections and never answers (a black-holed network). */
async function silentServer(): Promise<{ url: string; heard: string[]; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const heard: string[] = [];
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (chunk) => heard.push(chunk.toString('latin1').split('\r\n')[0] ?? ''));
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    heard,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const SHUTDOWN_SECONDS = 3;

describe('stopping the service', () => {
  let service: RunningService | undefined;
  let silent: Awaited<ReturnType<typeof silentServer>> | undefined;
  afterEach(async () => {
    await service?.stop('SIGKILL');
    await silent?.close();
  });

  async function startOnEmbeddedDatabase(telegramApiRoot: string) {
    const dataDir = mkdtempSync(join(tmpdir(), 'keitaro-stop-'));
    const setup = await openDatabase({ kind: 'pglite', dataDir });
    await setup.migrate();
    const profile = await createProfile(setup.db, { ownerUserId: 9_100_001 });
    await updateProfile(setup.db, profile.id, { rateLimitRps: 1000 });
    await setup.close();
    service = await startService({
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      TELEGRAM_API_ROOT: telegramApiRoot,
      SHUTDOWN_TIMEOUT_SECONDS: String(SHUTDOWN_SECONDS),
      LOG_LEVEL: 'info',
    });
    return { dataDir, secret: profile.secret };
  }

  async function stopsWithinTheDeadline(running: RunningService, dataDir: string) {
    const signalled = Date.now();
    const code = await Promise.race([
      running.stop('SIGTERM'),
      new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 30_000)),
    ]);
    const took = Date.now() - signalled;
    expect(code).toBe(0);
    // The deadline plus the time a busy machine needs to start and end a process.
    expect(took).toBeLessThan((SHUTDOWN_SECONDS + 4) * 1000);
    expect(existsSync(join(dataDir, 'keitaro-notify.lock'))).toBe(false);
  }

  it('exits within its deadline and frees the data directory while the Bot API never answers, even with a send in flight', {
    timeout: 180_000,
  }, async () => {
    silent = await silentServer();
    const { dataDir, secret } = await startOnEmbeddedDatabase(silent.url);
    const res = await fetch(
      `${service?.baseUrl}/integrations/keitaro/postback?secret=${secret}&${depositQuery(1)}`,
    );
    expect(res.status).toBe(200);
    // The dispatcher has sent it to a Bot API that will never answer.
    await waitFor(() => silent?.heard.some((line) => line.includes('/sendMessage')) ?? false);
    await stopsWithinTheDeadline(service as RunningService, dataDir);
  });

  it('exits within its deadline and frees the data directory while the Bot API refuses connections', {
    timeout: 180_000,
  }, async () => {
    const refusing = `http://127.0.0.1:${await freePort()}`;
    const { dataDir } = await startOnEmbeddedDatabase(refusing);
    await stopsWithinTheDeadline(service as RunningService, dataDir);
  });
});
