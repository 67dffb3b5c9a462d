import { readFile } from 'node:fs/promises';
import type { ConnectionReport } from '../keitaro/admin-api.ts';
import { adminHost, checkConnection, KEY_SHAPE, normalizeAdminUrl } from '../keitaro/admin-api.ts';
import { connectionText } from '../keitaro/connection-text.ts';
import {
  connectionCredentials,
  type KeitaroConnection,
  removeConnection,
  saveConnection,
} from '../keitaro/connections.ts';
import { maskInLogs } from '../log.ts';
import { type CliContext, type Options, RefusedError, UsageError } from './arguments.ts';

/**
 * `profile set <id> --keitaro-url URL --keitaro-api-key-file FILE | --keitaro-off`: connects
 * a profile to its tracker's Admin API. The key is read from a file so it stays out of shell
 * history; it is checked before anything is stored, and never printed.
 */

export function hasKeitaroOptions(o: Options): boolean {
  return (
    o['keitaro-url'] !== undefined ||
    o['keitaro-api-key-file'] !== undefined ||
    o['keitaro-off'] === true
  );
}

async function readKey(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RefusedError(
      `Cannot read the key file ${file}${code ? ` (${code})` : ''}${code === 'EACCES' ? ': the service must be able to read it' : ''}.`,
    );
  }
  const key = text.trim();
  if (key === '') throw new RefusedError(`The key file ${file} is empty.`);
  if (!KEY_SHAPE.test(key))
    throw new RefusedError(
      `The key file ${file} does not hold an Admin API key: one line of 8 to 256 visible characters without spaces.`,
    );
  maskInLogs(key);
  return key;
}

/**
 * What the options ask, checked against the tracker before anything changes; `apply` then
 * stores it and says what works. Throws UsageError for a bad command line and RefusedError
 * (exit 1) with the check's sentence when the tracker says no.
 */
export async function keitaroChange(
  ctx: CliContext,
  profileId: number,
  o: Options,
): Promise<{ apply: () => Promise<void> }> {
  const { db } = ctx.database;
  if (o['keitaro-off']) {
    if (o['keitaro-url'] !== undefined || o['keitaro-api-key-file'] !== undefined)
      throw new UsageError(
        '--keitaro-off disconnects: give it without --keitaro-url or a key file.',
      );
    return {
      apply: async () => {
        ctx.out(
          (await removeConnection(db, profileId))
            ? "Keitaro's Admin API disconnected: the stored key is deleted."
            : `Profile ${profileId} was not connected to Keitaro's Admin API.`,
        );
      },
    };
  }
  let url = o['keitaro-url'];
  if (url !== undefined) {
    const normalized = normalizeAdminUrl(url);
    if (!normalized.ok)
      throw new UsageError(
        `--keitaro-url must be the address you open the Keitaro panel at, such as https://tracker.example.com/admin/ (this one: ${normalized.reason}).`,
      );
  }
  const file = o['keitaro-api-key-file'];
  // One of the two alone changes it on a connection that exists: the other is kept.
  const stored =
    url === undefined || file === undefined
      ? await connectionCredentials(db, profileId, ctx.encryptionKey)
      : undefined;
  if (!stored && file === undefined)
    throw new UsageError(
      '--keitaro-url needs the Admin API key too: --keitaro-api-key-file FILE (a file holding the key, so it stays out of shell history).',
    );
  if (!stored && url === undefined)
    throw new UsageError(
      '--keitaro-api-key-file needs --keitaro-url: the address of the Keitaro panel.',
    );
  const apiKey = file === undefined ? (stored?.apiKey as string) : await readKey(file);
  url ??= stored?.url as string;
  const root = normalizeAdminUrl(url);
  ctx.err(`Checking ${root.ok ? root.url : url}…`);
  const report = await checkConnection(url, apiKey, ctx.keitaro);
  if (!report.ok) throw new RefusedError(connectionText('en', report));
  return {
    apply: async () => {
      await saveConnection(db, profileId, { apiKey, report }, ctx.encryptionKey);
      ctx.out(connectionText('en', report));
      if (!ctx.encryptionKey)
        ctx.err(
          'Note: ENCRYPTION_KEY is not set, so the key is stored as given: anyone who can read the database can read it. See the README.',
        );
    },
  };
}

const GENERATION_WORDS = { legacy: 'Keitaro 10 and earlier', v11: 'Keitaro 11' } as const;

/** `profile show`'s line about the Admin API, without the key. */
export function describeConnection(connection: KeitaroConnection | undefined): string {
  if (!connection) return 'not connected';
  const report = connection.checkReport as ConnectionReport | null;
  const names = report?.ok ? `; names: ${report.namesSummary}` : '';
  const log = connection.generation ? `; log: ${GENERATION_WORDS[connection.generation]}` : '';
  const last =
    connection.checkOutcome === 'ok'
      ? ''
      : `; last check failed (${connection.checkOutcome}) at ${connection.checkedAt.toISOString()}`;
  return `connected to ${adminHost(connection.url)} since ${connection.connectedAt.toISOString()}${log}${names}; key ${connection.keyEncrypted ? 'encrypted' : 'stored as given'}${last}`;
}

export function connectionJson(connection: KeitaroConnection | undefined) {
  if (!connection) return { connected: false };
  return {
    connected: true,
    url: connection.url,
    generation: connection.generation,
    connected_at: connection.connectedAt,
    checked_at: connection.checkedAt,
    check_outcome: connection.checkOutcome,
    key_encrypted: connection.keyEncrypted,
  };
}
