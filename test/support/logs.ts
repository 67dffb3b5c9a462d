import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/log.ts';

/** A real logger whose JSON lines land in `lines`, for tests that read what was logged. */
export function capturedLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger('info', sink), lines };
}
