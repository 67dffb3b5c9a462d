import { rmSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { EXIT_FAILED } from './commands.ts';

/**
 * The embedded database belongs to one process. While the server runs, the CLI hands its
 * command line to the server over a Unix socket in DATA_DIR (owner-only permissions) and the
 * server runs it on the database it holds, so `npm run cli -- events 1` works beside
 * `npm start`.
 */

export interface Forwarded {
  code: number;
  stdout: string[];
  stderr: string[];
}

export type CommandRunner = (argv: string[]) => Promise<Forwarded>;

export function adminSocketPath(dataDir: string): string {
  return join(dataDir, 'cli.sock');
}

export async function serveAdminSocket(dataDir: string, run: CommandRunner): Promise<Server> {
  const path = adminSocketPath(dataDir);
  rmSync(path, { force: true });
  const server = createServer((socket) => {
    let input = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      input += chunk;
      const end = input.indexOf('\n');
      if (end === -1) return;
      let argv: string[];
      try {
        argv = JSON.parse(input.slice(0, end)) as string[];
      } catch {
        socket.end(
          `${JSON.stringify({ code: EXIT_FAILED, stdout: [], stderr: ['bad request'] })}\n`,
        );
        return;
      }
      run(argv).then(
        (result) => socket.end(`${JSON.stringify(result)}\n`),
        (error: Error) =>
          socket.end(
            `${JSON.stringify({ code: EXIT_FAILED, stdout: [], stderr: [error.message] })}\n`,
          ),
      );
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ path, readableAll: false, writableAll: false }, resolve);
  });
  return server;
}

export function forwardCommand(dataDir: string, argv: string[]): Promise<Forwarded> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(adminSocketPath(dataDir));
    let output = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify(argv)}\n`));
    socket.on('data', (chunk) => {
      output += chunk;
    });
    socket.on('end', () => {
      try {
        resolve(JSON.parse(output) as Forwarded);
      } catch {
        reject(new Error('the running server gave no answer'));
      }
    });
    socket.on('error', reject);
  });
}
