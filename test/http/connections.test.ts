import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, type ConnectionLimits } from '../../src/http/server.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { capturedLogger } from '../support/logs.ts';

/** A client socket and a promise of its close, with what the server said before closing. */
function open(port: number): Promise<{ socket: Socket; closed: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    const closed = new Promise<string>((done) => socket.on('close', () => done(answer)));
    socket.once('error', () => {}); // a reset is a close too
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

describe('connections the HTTP server does not keep', () => {
  let database: TestDatabase;
  const servers: FastifyInstance[] = [];
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
  });
  afterAll(async () => {
    for (const app of servers) await app.close();
    await database.close();
  });

  async function listen(limits: Partial<ConnectionLimits>): Promise<number> {
    const app = await buildServer({ database, logger: capturedLogger().logger, limits });
    servers.push(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    return (app.server.address() as AddressInfo).port;
  }

  it('closes a slow-loris connection that sends its headers a byte at a time', async () => {
    const port = await listen({ headersTimeoutMs: 300, requestTimeoutMs: 400, checkEveryMs: 50 });
    const { socket, closed } = await open(port);
    socket.write('GET /health HTTP/1.1\r\nHost: notify\r\n');
    // Keeps the socket busy, so only a limit on the whole request can end it.
    const dribble = setInterval(() => socket.writable && socket.write('X'), 50);
    try {
      const answer = await closed;
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      clearInterval(dribble);
    }
  });

  it('refuses connections past the cap while earlier ones are open', async () => {
    const port = await listen({ maxConnections: 2 });
    const first = await open(port);
    const second = await open(port);
    const third = await open(port);
    expect(await third.closed).toBe('');
    first.socket.write('GET /health HTTP/1.1\r\nHost: notify\r\nConnection: close\r\n\r\n');
    expect(await first.closed).toMatch(/^HTTP\/1\.1 200/);
    second.socket.destroy();
  });
});
