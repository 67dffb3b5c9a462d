import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';
import { maskInLogs } from './log.ts';

/**
 * The one place that reads the environment. Every problem becomes one sentence a user
 * can act on; all of them are reported at once so a broken `.env` is fixed in one pass.
 */

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const emptyToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const optionalText = (schema: z.ZodString) => z.preprocess(emptyToUndefined, schema.optional());

const port = (name: string, fallback: number) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: `${name} must be a whole number from 1 to 65535.` })
      .int(`${name} must be a whole number from 1 to 65535.`)
      .min(1, `${name} must be a whole number from 1 to 65535.`)
      .max(65535, `${name} must be a whole number from 1 to 65535.`)
      .default(fallback),
  );

const flag = (name: string) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.trim() || undefined : value),
    z
      .stringbool({
        truthy: ['true', '1', 'yes'],
        falsy: ['false', '0', 'no'],
        error: `${name} must be true or false.`,
      })
      .default(false),
  );

const seconds = (name: string, min: number, max: number, fallback: number) => {
  const problem = `${name} must be a number of seconds from ${min} to ${max}.`;
  return z.preprocess(
    emptyToUndefined,
    z.coerce.number({ error: problem }).min(min, problem).max(max, problem).default(fallback),
  );
};

const RECONCILE_INTERVAL_PROBLEM =
  'RECONCILE_INTERVAL_SEC must be 0 (reconciliation off) or a whole number of seconds from 60 to 86400.';
const RECONCILE_WINDOW_PROBLEM =
  'RECONCILE_WINDOW_HOURS must be a whole number of hours from 1 to 720.';

const ADMIN_USER_IDS_PROBLEM =
  'ADMIN_USER_IDS must list Telegram user ids separated by commas, such as 12345,67890.';

const isUserId = (entry: string) =>
  /^\d{1,16}$/.test(entry) && Number.isSafeInteger(Number(entry)) && Number(entry) > 0;

/** "12345, 67890" → [12345, 67890]; empty entries (a trailing comma) are ignored. */
const userIds = z.preprocess(
  emptyToUndefined,
  z
    .string({ error: ADMIN_USER_IDS_PROBLEM })
    .transform((text) => text.split(',').map((entry) => entry.trim()))
    .transform((entries) => entries.filter((entry) => entry !== ''))
    .refine((entries) => entries.every(isUserId), ADMIN_USER_IDS_PROBLEM)
    .transform((entries) => [...new Set(entries.map(Number))])
    .default([]),
);

const TRUST_PROXY_PROBLEM =
  'TRUST_PROXY must be true, false, a number of proxies, or proxy addresses such as 127.0.0.1,10.0.0.0/8.';

const isProxyAddress = (entry: string) => {
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
};

/**
 * Whose X-Forwarded-For to believe for the client address in logs. Off by default: with it
 * on and no proxy in front, any client could write any address into the logs.
 */
const trustProxy = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim().toLowerCase() || undefined : value),
  z
    .string({ error: TRUST_PROXY_PROBLEM })
    .transform((text, ctx): TrustProxy => {
      if (['true', 'yes'].includes(text)) return true;
      if (['false', 'no', '0'].includes(text)) return false;
      if (/^\d{1,2}$/.test(text)) return Number(text);
      const entries = text
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '');
      if (entries.length > 0 && entries.every(isProxyAddress)) return entries;
      ctx.addIssue({ code: 'custom', message: TRUST_PROXY_PROBLEM });
      return z.NEVER;
    })
    .default(false),
);

const METRICS_TOKEN_PROBLEM =
  'METRICS_TOKEN must be 16 to 256 visible characters without spaces, such as the output of: openssl rand -hex 32';

/** A bearer token Prometheus sends; it goes in an HTTP header, so it is plain visible ASCII. */
const metricsToken = optionalText(
  z
    .string()
    .trim()
    .min(16, METRICS_TOKEN_PROBLEM)
    .max(256, METRICS_TOKEN_PROBLEM)
    .regex(/^[\x21-\x7e]+$/, METRICS_TOKEN_PROBLEM),
);

const ENCRYPTION_KEY_PROBLEM =
  'ENCRYPTION_KEY must be 32 random bytes written as 64 hex characters or as base64, such as the output of: openssl rand -base64 32';

/**
 * 32 bytes for AES-256-GCM (keitaro/key-encryption.ts), as hex or base64 (either alphabet).
 * The complaint never repeats the value.
 */
const encryptionKey = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .trim()
    .transform((text, ctx): Buffer => {
      const bytes = /^[0-9a-f]{64}$/i.test(text)
        ? Buffer.from(text, 'hex')
        : /^[A-Za-z0-9+/_-]{43}=?$/.test(text)
          ? Buffer.from(text, 'base64')
          : undefined;
      if (bytes?.length === 32) return bytes;
      ctx.addIssue({ code: 'custom', message: ENCRYPTION_KEY_PROBLEM });
      return z.NEVER;
    })
    .optional(),
);

const envSchema = z.object({
  BOT_TOKEN: optionalText(
    z
      .string()
      .trim()
      .regex(
        /^\d{5,}:[A-Za-z0-9_-]{30,}$/,
        `BOT_TOKEN does not look like a token from @BotFather: that is the bot's id (5 or more digits), a colon, then 30 or more Latin letters, digits, "-" or "_", such as 123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0.`,
      ),
  ),
  TELEGRAM_API_ROOT: z.preprocess(
    emptyToUndefined,
    z
      .url({ error: 'TELEGRAM_API_ROOT must be a URL such as https://api.telegram.org.' })
      .transform((url) => url.replace(/\/+$/, ''))
      .default('https://api.telegram.org'),
  ),
  DATABASE_URL: optionalText(
    z
      .string()
      .trim()
      .regex(
        /^postgres(ql)?:\/\//,
        'DATABASE_URL must start with postgres:// or postgresql:// (leave it empty to use the embedded database).',
      ),
  ),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
  EMBEDDED_DB_THREAD: z.preprocess(
    emptyToUndefined,
    z
      .enum(['main', 'worker'], {
        error: 'EMBEDDED_DB_THREAD must be main or worker.',
      })
      .default('worker'),
  ),
  WEBHOOK_DOMAIN: optionalText(
    z
      .string()
      .trim()
      .regex(
        /^(https?:\/\/)?[^\s/?#]+(\/[^\s?#]*)?$/,
        'WEBHOOK_DOMAIN must be a host name such as notify.example.com (with or without https://).',
      ),
  ),
  BOT_WEBHOOK: flag('BOT_WEBHOOK'),
  KEITARO_WEBHOOK_PORT: port('KEITARO_WEBHOOK_PORT', 8080),
  HOST: z.preprocess(emptyToUndefined, z.string().default('0.0.0.0')),
  DELIVERY_MAX_ATTEMPTS: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: 'DELIVERY_MAX_ATTEMPTS must be a whole number from 1 to 100.' })
      .int('DELIVERY_MAX_ATTEMPTS must be a whole number from 1 to 100.')
      .min(1, 'DELIVERY_MAX_ATTEMPTS must be a whole number from 1 to 100.')
      .max(100, 'DELIVERY_MAX_ATTEMPTS must be a whole number from 1 to 100.')
      .default(10),
  ),
  LOG_LEVEL: z.preprocess(
    (value) => (typeof value === 'string' ? value.trim().toLowerCase() || undefined : value),
    z
      .enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}.` })
      .default('info'),
  ),
  ADMIN_USER_IDS: userIds,
  SHUTDOWN_TIMEOUT_SECONDS: seconds('SHUTDOWN_TIMEOUT_SECONDS', 1, 300, 10),
  DATABASE_TIMEOUT_SECONDS: seconds('DATABASE_TIMEOUT_SECONDS', 0.1, 300, 5),
  LEADER_LEASE_SECONDS: seconds('LEADER_LEASE_SECONDS', 1, 300, 10),
  TRUST_PROXY: trustProxy,
  RETENTION_DAYS: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: 'RETENTION_DAYS must be a whole number of days from 1 to 3650.' })
      .int('RETENTION_DAYS must be a whole number of days from 1 to 3650.')
      .min(1, 'RETENTION_DAYS must be a whole number of days from 1 to 3650.')
      .max(3650, 'RETENTION_DAYS must be a whole number of days from 1 to 3650.')
      .default(90),
  ),
  METRICS_TOKEN: metricsToken,
  ENCRYPTION_KEY: encryptionKey,
  RECONCILE_INTERVAL_SEC: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: RECONCILE_INTERVAL_PROBLEM })
      .int(RECONCILE_INTERVAL_PROBLEM)
      .refine((n) => n === 0 || (n >= 60 && n <= 86_400), RECONCILE_INTERVAL_PROBLEM)
      .default(300),
  ),
  RECONCILE_WINDOW_HOURS: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: RECONCILE_WINDOW_PROBLEM })
      .int(RECONCILE_WINDOW_PROBLEM)
      .min(1, RECONCILE_WINDOW_PROBLEM)
      .max(720, RECONCILE_WINDOW_PROBLEM)
      .default(48),
  ),
});

export type LogLevel = (typeof LOG_LEVELS)[number];

/** false: no proxy; true: any; a number: that many hops; else the proxies' addresses. */
export type TrustProxy = boolean | number | string[];

export interface Config {
  botToken: string | undefined;
  telegramApiRoot: string;
  /** Absent: the embedded PGlite database in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Where the embedded database runs: the service's own thread, or a worker thread. */
  embeddedDbThread: 'main' | 'worker';
  /** Public base URL for postback links, always with a scheme and without a trailing slash. */
  publicBaseUrl: string;
  /** False when WEBHOOK_DOMAIN is not set and `publicBaseUrl` is a local fallback. */
  publicBaseUrlConfigured: boolean;
  port: number;
  host: string;
  logLevel: LogLevel;
  /** Sends that fail with network errors or 5xx are retried this many times, then dead. */
  deliveryMaxAttempts: number;
  /** Bot updates arrive by webhook at `publicBaseUrl` instead of long polling. */
  botWebhook: boolean;
  /** Telegram user ids with administrator rights in the bot (empty: nobody). */
  adminUserIds: number[];
  /** After SIGTERM/SIGINT the process exits within this, finished or not. */
  shutdownTimeoutMs: number;
  /** PostgreSQL: the longest wait for a connection or a statement before a request gets 503. */
  databaseTimeoutMs: number;
  /**
   * PostgreSQL: the dispatcher's lease. Its holder renews it five times within it; if the
   * holder's host or network dies, another instance takes over about this long later.
   */
  leaderLeaseMs: number;
  /** Which proxies' X-Forwarded-For gives the client address (TRUST_PROXY). */
  trustProxy: TrustProxy;
  /** Raw events older than this many days are deleted (those still waiting to be sent stay). */
  retentionDays: number;
  /** Set: /metrics wants it as a bearer token from everywhere. Unset: loopback only. */
  metricsToken: string | undefined;
  /**
   * Set: Admin API keys are stored encrypted with it (AES-256-GCM). Unset: stored as given.
   * Never logged.
   */
  encryptionKey: Buffer | undefined;
  /** How often the leader reconciles each connected profile with Keitaro's log; 0: never. */
  reconcileIntervalMs: number;
  /** How far back each reconciliation reads the log. */
  reconcileWindowMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

export interface ParseOptions {
  /** The admin CLI never talks to Telegram: a missing or malformed token is not its problem. */
  botToken?: 'ignore';
}

export function parseConfig(env: NodeJS.ProcessEnv, options: ParseOptions = {}): Config {
  if (options.botToken === 'ignore') env = { ...env, BOT_TOKEN: undefined };
  const parsed = envSchema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
  // Checked on the raw values too, so it is reported together with any other problem.
  if (webhookWithoutDomain(env)) {
    problems.push(
      'BOT_WEBHOOK=true needs WEBHOOK_DOMAIN: Telegram must reach this server at a public HTTPS address.',
    );
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const typedKey = emptyToUndefined(env.ENCRYPTION_KEY);
  if (typeof typedKey === 'string') maskInLogs(typedKey.trim());
  const domain = e.WEBHOOK_DOMAIN?.replace(/\/+$/, '');
  return {
    botToken: e.BOT_TOKEN,
    telegramApiRoot: e.TELEGRAM_API_ROOT,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.DATA_DIR),
    embeddedDbThread: e.EMBEDDED_DB_THREAD,
    publicBaseUrl: domain
      ? /^https?:\/\//.test(domain)
        ? domain
        : `https://${domain}`
      : `http://localhost:${e.KEITARO_WEBHOOK_PORT}`,
    publicBaseUrlConfigured: domain !== undefined,
    port: e.KEITARO_WEBHOOK_PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    deliveryMaxAttempts: e.DELIVERY_MAX_ATTEMPTS,
    botWebhook: e.BOT_WEBHOOK,
    adminUserIds: e.ADMIN_USER_IDS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    databaseTimeoutMs: e.DATABASE_TIMEOUT_SECONDS * 1000,
    leaderLeaseMs: e.LEADER_LEASE_SECONDS * 1000,
    trustProxy: e.TRUST_PROXY,
    retentionDays: e.RETENTION_DAYS,
    metricsToken: e.METRICS_TOKEN,
    encryptionKey: e.ENCRYPTION_KEY,
    reconcileIntervalMs: e.RECONCILE_INTERVAL_SEC * 1000,
    reconcileWindowMs: e.RECONCILE_WINDOW_HOURS * 3600_000,
  };
}

function webhookWithoutDomain(env: NodeJS.ProcessEnv): boolean {
  const webhook = envSchema.shape.BOT_WEBHOOK.safeParse(env.BOT_WEBHOOK);
  return webhook.success && webhook.data && emptyToUndefined(env.WEBHOOK_DOMAIN) === undefined;
}

/** Reads `.env` from the working directory when present; the real environment wins. */
export function loadConfig(options: ParseOptions = {}): Config {
  const envFile = resolve('.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return parseConfig(process.env, options);
}
