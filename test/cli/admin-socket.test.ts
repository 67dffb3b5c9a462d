import { mkdtempSync, statSync } from 'node:fs';
import { createConnection, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  adminSocketPath,
  type Forwarded,
  forwardCommand,
  serveAdminSocket,
} from '../../src/cli/admin-socket.ts';
import { waitFor } from '../support/processes.ts';

/**
 * What the server's side of a connection received (counted beside the product), and whether
 * it stopped reading.
 */
function watchServerSide(server: Server): { bytes: number; stoppedReading: () => boolean } {
  const seen = { bytes: 0, stoppedReading: () => false };
  server.on('connection', (socket: Socket) => {
    seen.stoppedReading = () => socket.isPaused();
    socket.on('data', (chunk: string | Buffer) => {
      seen.bytes += Buffer.byteLength(chunk);
    });
  });
  return seen;
}

function answerOf(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve(text));
  });
}

describe('the admin socket beside the embedded database', () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.close();
    server = undefined;
  });

  it('answers a forwarded command line with what the command printed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keitaro-sock-'));
    server = await serveAdminSocket(dataDir, async (argv) => ({
      code: 0,
      stdout: [`ran ${argv.join(' ')}`],
      stderr: [],
    }));
    expect(await forwardCommand(dataDir, ['profile', 'list'])).toEqual({
      code: 0,
      stdout: ['ran profile list'],
      stderr: [],
    });
  });

  it('is a socket only its owner can use', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keitaro-sock-'));
    const umask = process.umask(0o022);
    try {
      server = await serveAdminSocket(dataDir, async () => ({ code: 0, stdout: [], stderr: [] }));
    } finally {
      process.umask(umask);
    }
    const stat = statSync(adminSocketPath(dataDir));
    expect(stat.isSocket()).toBe(true);
    expect((stat.mode & 0o777).toString(8)).toBe('600');
  });

  it('runs a command line once, however many bytes follow it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keitaro-sock-'));
    const runs: string[][] = [];
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    server = await serveAdminSocket(dataDir, async (argv): Promise<Forwarded> => {
      runs.push(argv);
      await released;
      return { code: 0, stdout: ['Profile 1 "Team A" created.'], stderr: [] };
    });
    const serverSide = watchServerSide(server);
    const client = createConnection(adminSocketPath(dataDir));
    const answer = answerOf(client);
    const line = `${JSON.stringify(['profile', 'create', '--owner', '1'])}\n`;
    client.write(line);
    await waitFor(() => runs.length === 1);
    client.write(`${JSON.stringify(['profile', 'delete', '1'])}\n`);
    client.write('more bytes\n');
    // Either the server received the bytes that follow, or it stopped reading after the line.
    await waitFor(
      () => serverSide.bytes >= Buffer.byteLength(line) + 30 || serverSide.stoppedReading(),
    );
    release();
    expect(JSON.parse(await answer)).toEqual({
      code: 0,
      stdout: ['Profile 1 "Team A" created.'],
      stderr: [],
    });
    expect(runs).toEqual([['profile', 'create', '--owner', '1']]);
  });

  it('refuses a line longer than any command, without keeping it in memory', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keitaro-sock-'));
    const runs: string[][] = [];
    server = await serveAdminSocket(dataDir, async (argv) => {
      runs.push(argv);
      return { code: 0, stdout: [], stderr: [] };
    });
    const serverSide = watchServerSide(server);
    const client = createConnection(adminSocketPath(dataDir));
    const answer = answerOf(client);
    // 8 MiB with no end of line, written as fast as the socket takes it.
    const chunk = 'a'.repeat(64 * 1024);
    for (let i = 0; i < 128 && !client.destroyed; i++) {
      if (!client.write(chunk)) {
        await new Promise((resolve) => {
          client.once('drain', resolve);
          client.once('close', resolve);
        });
      }
    }
    expect(JSON.parse(await answer)).toEqual({
      code: 1,
      stdout: [],
      stderr: ['The command line is too long.'],
    });
    expect(runs).toEqual([]);
    expect(serverSide.bytes).toBeLessThan(4 * 1024 * 1024);
  });
});
