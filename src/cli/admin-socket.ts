import { chmodSync, rmSync } from 'node:fs';
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

/** Far longer than any command line; a longer one is refused before it fills memory. */
export const MAX_COMMAND_LINE = 64 * 1024;

const failure = (message: string): Forwarded => ({
  code: EXIT_FAILED,
  stdout: [],
  stderr: [message],
});

export async function serveAdminSocket(
  dataDir: string,
  run: CommandRunner,
  maxLine = MAX_COMMAND_LINE,
): Promise<Server> {
  const path = adminSocketPath(dataDir);
  rmSync(path, { force: true });
  // One connection carries one command line: the first line is run once, and whatever
  // follows it is not read.
  const server = createServer((socket) => {
    let input = '';
    socket.setEncoding('utf8');
    const answer = (result: Forwarded) => socket.end(`${JSON.stringify(result)}\n`);
    const stopReading = () => {
      socket.off('data', onData);
      socket.pause();
    };
    const onData = (chunk: string) => {
      input += chunk;
      const end = input.indexOf('\n');
      if (end === -1 || end > maxLine) {
        if (input.length > maxLine) {
          stopReading();
          input = '';
          // Closed once the answer is out, so the sender cannot keep the connection filling.
          socket.end(`${JSON.stringify(failure('The command line is too long.'))}\n`, () =>
            socket.destroy(),
          );
        }
        return;
      }
      stopReading();
      const line = input.slice(0, end);
      input = '';
      let argv: unknown;
      try {
        argv = JSON.parse(line);
      } catch {
        argv = undefined;
      }
      if (!Array.isArray(argv) || !argv.every((word) => typeof word === 'string')) {
        answer(failure('bad request'));
        return;
      }
      run(argv).then(answer, (error: Error) => answer(failure(error.message)));
    };
    socket.on('data', onData);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ path, readableAll: false, writableAll: false }, resolve);
  });
  // Only the owner may connect (the socket runs any admin command); DATA_DIR is 0700 too.
  chmodSync(path, 0o600);
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
