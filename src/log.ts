import pino, { type Logger } from 'pino';
import type { LogLevel } from './config.ts';
import { isSecretParamName } from './profiles/secret.ts';

export type { Logger };

/**
 * Masks profile secrets (`secret=…` in URLs, the name also percent-encoded) and bot tokens (`123456:AA…`, as in Bot API
 * URLs), so no log line or error text can carry either.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/([?&])([^?&=\s"'\\#]*)=[^&\s"'\\#]*/g, (param, lead: string, name: string) =>
      isSecretParamName(name) ? `${lead}${name}=***` : param,
    )
    .replace(/\d{5,}:[A-Za-z0-9_-]{30,}/g, '***');
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
        // Errors carry URLs and nested causes (a failed Bot API call's URL holds the token):
        // the whole serialized error is redacted, not just its message.
        err: (err: Error) =>
          JSON.parse(redactSecrets(JSON.stringify(pino.stdSerializers.err(err)))) as object,
      },
    },
    destination,
  );
}
