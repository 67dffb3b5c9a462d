import { parseArgs } from 'node:util';
import type { z } from 'zod';
import type { Database } from '../db/client.ts';
import type { ProfileRow } from '../db/schema.ts';
import type { CheckOptions } from '../keitaro/admin-api.ts';
import * as settings from '../profiles/settings.ts';

/**
 * What every CLI command shares: its context, the command line's options and their parsing,
 * and the errors that decide the exit code.
 */

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export interface CliContext {
  database: Database;
  publicBaseUrl: string;
  publicBaseUrlConfigured: boolean;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Called after a command changed profiles or routes. */
  onChange?: () => void;
  /** How `status` names the database (monitoring/status.ts describeDatabase): no password. */
  databaseName?: string;
  /** The running server runs this command (through the admin socket): it leads. */
  inServer?: boolean;
  /** ENCRYPTION_KEY: Admin API keys are stored encrypted with it. */
  encryptionKey?: Buffer;
  /** How the Admin API is called and checked (tests set its deadline and clock). */
  keitaro?: CheckOptions;
  /** Tells the dispatcher of new deliveries to a chat (the running service's own CLI). */
  wake?: (chatId: number) => void;
}

export class UsageError extends Error {}
export class NotFoundError extends Error {}
/** The command was understood but could not be done (exit 1): the message says why. */
export class RefusedError extends Error {}

export const OPTIONS = {
  owner: { type: 'string' },
  name: { type: 'string' },
  chat: { type: 'string' },
  topic: { type: 'string' },
  lang: { type: 'string' },
  json: { type: 'boolean' },
  enabled: { type: 'string' },
  'rate-limit-rps': { type: 'string' },
  'dedup-ttl-sec': { type: 'string' },
  'match-by': { type: 'string' },
  /** Repeated: every condition must hold. */
  match: { type: 'string', multiple: true },
  'topic-per-value': { type: 'boolean' },
  registrations: { type: 'boolean' },
  value: { type: 'string' },
  pattern: { type: 'boolean' },
  statuses: { type: 'string' },
  geo: { type: 'string' },
  priority: { type: 'string' },
  limit: { type: 'string' },
  force: { type: 'boolean' },
  timezone: { type: 'string' },
  'buyer-field': { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  by: { type: 'string' },
  date: { type: 'string' },
  png: { type: 'string' },
  at: { type: 'string' },
  for: { type: 'string' },
  until: { type: 'string' },
  'deposits-through': { type: 'string' },
  'pause-button': { type: 'string' },
  card: { type: 'string' },
  'card-hide': { type: 'string' },
  'card-show': { type: 'string' },
  'keitaro-url': { type: 'string' },
  /** A file holding the Admin API key: a key on the command line would stay in shell history. */
  'keitaro-api-key-file': { type: 'string' },
  'keitaro-off': { type: 'boolean' },
  since: { type: 'string' },
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type Options = {
  [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K] extends { multiple: true }
    ? string[]
    : (typeof OPTIONS)[K]['type'] extends 'boolean'
      ? boolean
      : string;
};

/** Negative chat ids (`--chat -100123`) are values, not options. */
function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : '';
    const option = OPTIONS[name as keyof typeof OPTIONS];
    if (option?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

export interface ParsedCommand {
  words: string[];
  options: Options;
}

export function parseCommandLine(argv: readonly string[]): ParsedCommand {
  try {
    const { values, positionals } = parseArgs({
      args: joinNegativeValues(argv),
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    });
    return { words: positionals, options: values as Options };
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
}

export function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new UsageError(`${what}: ${settings.firstProblem(result.error)}`);
  return result.data;
}

export function idArgument(value: string | undefined, what: string): number {
  if (value === undefined) throw new UsageError(`Missing ${what}.`);
  if (!/^\d+$/.test(value) || Number(value) > 2 ** 31 - 1) {
    throw new UsageError(`${what} must be a positive whole number, got "${value}".`);
  }
  return Number(value);
}

export function booleanOption(value: string, what: string): boolean {
  if (value === 'true' || value === 'yes' || value === '1' || value === 'on') return true;
  if (value === 'false' || value === 'no' || value === '0' || value === 'off') return false;
  throw new UsageError(`${what} must be on or off (true or false), got "${value}".`);
}

export function requireProfile(row: ProfileRow | undefined, id: number): ProfileRow {
  if (!row) throw new NotFoundError(`No profile with id ${id}.`);
  return row;
}

export function json(ctx: CliContext, value: unknown): void {
  ctx.out(JSON.stringify(value, null, 2));
}
