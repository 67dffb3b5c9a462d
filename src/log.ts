import pino, { type Logger } from 'pino';
import type { LogLevel } from './config.ts';

export type { Logger };

/** Masks `secret=…` anywhere in a URL or text, so no log line can carry a profile secret. */
export function redactSecrets(text: string): string {
  return text.replace(/([?&]secret=)[^&\s]*/g, '$1***').replace(/bot\d+:[A-Za-z0-9_-]+/g, 'bot***');
}

export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      serializers: {
        req: (req: { method?: string; url?: string }) => ({
          method: req.method,
          url: req.url ? redactSecrets(req.url) : undefined,
        }),
        err: (err: Error) => {
          const serialized = pino.stdSerializers.err(err);
          return {
            ...serialized,
            message: redactSecrets(serialized.message),
            stack: redactSecrets(serialized.stack ?? ''),
          };
        },
      },
    },
    destination,
  );
}
