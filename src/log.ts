import pino, { type Logger } from 'pino';
import type { LogLevel } from './config.ts';
import { isSecretParamName } from './profiles/secret.ts';

export type { Logger };

/**
 * A profile secret's shape (43 base64url characters standing alone): the last line of defence
 * for a secret that reached a log line by a path nobody foresaw.
 */
const SECRET_SHAPE = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g;

/**
 * Secrets whose shape says nothing (an Admin API key, ENCRYPTION_KEY as typed): each is
 * remembered once read, and masked wherever it appears.
 */
const knownSecrets = new Set<string>();

/** From now on, `value` is masked in every log line and error text. Short values are not kept. */
export function maskInLogs(value: string): void {
  if (value.length >= 8) knownSecrets.add(value);
}

/** `Api-Key: …`, `"apiKey":"…"`, `ENCRYPTION_KEY=…`, `Authorization: Bearer …`. */
const NAMED_KEY = /((?:api|encryption)[-_]?key["']?\s*[:=]\s*["']?)[^\s"'&,;}]+/gi;
const BEARER = /(bearer\s+)[^\s"',;}]+/gi;

/**
 * Masks profile secrets (`secret=…` in URLs, the name also percent-encoded, and anything
 * shaped like one), bot tokens (`123456:AA…`, as in Bot API URLs), named keys and bearer
 * tokens, and every secret given to `maskInLogs`, so no log line or error text can carry them.
 */
export function redactSecrets(text: string): string {
  text = text
    .replace(/([?&])([^?&=\s"'\\#]*)=[^&\s"'\\#]*/g, (param, lead: string, name: string) =>
      isSecretParamName(name) ? `${lead}${name}=***` : param,
    )
    .replace(/\d{5,}:[A-Za-z0-9_-]{30,}/g, '***')
    .replace(SECRET_SHAPE, '***')
    .replace(NAMED_KEY, '$1***')
    .replace(BEARER, '$1***');
  for (const secret of knownSecrets)
    if (text.includes(secret)) text = text.split(secret).join('***');
  return text;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/**
 * A database error without the values it was run with. Drizzle's DrizzleQueryError writes
 * every parameter into its message (`params: …`): the secret being checked, and in a batch
 * other profiles' secrets. PostgreSQL's own `detail` can quote a row's values
 * (`Key (secret)=(…) already exists`). The copy keeps the query text, the cause and the code.
 */
export function withoutQueryValues(error: unknown, depth = 0): unknown {
  if (!isObject(error) || depth > 8) return error;
  const copy = Object.create(Object.getPrototypeOf(error)) as Record<string, unknown>;
  Object.assign(copy, error);
  for (const key of ['message', 'stack', 'name'] as const) {
    if (typeof error[key] === 'string') copy[key] = error[key];
  }
  if (typeof error.query === 'string' && Array.isArray(error.params)) {
    const withParams = `\nparams: ${error.params}`;
    const message = String(error.message ?? '');
    const at = message.indexOf('\nparams: ');
    copy.message = at === -1 ? message : message.slice(0, at);
    const stack = typeof error.stack === 'string' ? error.stack : '';
    copy.stack = stack.includes(withParams)
      ? stack.replace(withParams, '')
      : `${String(error.name ?? 'Error')}: ${copy.message as string}`;
    delete copy.params;
  }
  // A PostgreSQL error (pg and PGlite alike) has a severity: its detail may quote values.
  if (typeof error.severity === 'string') delete copy.detail;
  if ('cause' in error) copy.cause = withoutQueryValues(error.cause, depth + 1);
  if ('error' in error) copy.error = withoutQueryValues(error.error, depth + 1);
  return copy;
}

export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      // Every line, whatever its fields: a secret that got in by an unforeseen path is masked.
      hooks: { streamWrite: redactSecrets },
      serializers: {
        req: (req: { method?: string; url?: string }) => ({
          method: req.method,
          url: req.url ? redactSecrets(req.url) : undefined,
        }),
        // Errors carry URLs and nested causes (a failed Bot API call's URL holds the token):
        // the whole serialized error is redacted, not just its message.
        // Database errors lose their query parameters first (see withoutQueryValues).
        err: (err: Error) =>
          JSON.parse(
            redactSecrets(
              JSON.stringify(pino.stdSerializers.err(withoutQueryValues(err) as Error)),
            ),
          ) as object,
      },
    },
    destination,
  );
}
