import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { adminConnections } from '../db/schema.ts';
import { maskInLogs } from '../log.ts';
import type { ConnectionReport, Generation } from './admin-api.ts';
import { isSealed, openApiKey, sealApiKey } from './key-encryption.ts';
import type { ReconcileReport } from './reconcile.ts';

/**
 * A profile's Admin API connection in the database. Reads that do not need the key never
 * select it; `connectionCredentials` is the one place it is opened (for the checks and the
 * reconciliation that use it), and it is masked in logs from then on.
 */

/** What may be shown about a connection: everything but the key. */
export interface KeitaroConnection {
  profileId: number;
  /** The API root. */
  url: string;
  generation: Generation | null;
  connectedAt: Date;
  checkedAt: Date;
  /** `ok` or the last check's problem kind. */
  checkOutcome: string;
  checkReport: ConnectionReport | null;
  /** False: stored as given (no ENCRYPTION_KEY when it was saved). */
  keyEncrypted: boolean;
  /** The last reconciliation that read the log (null: none yet). */
  reconciledAt: Date | null;
  /** The last reconciliation, done or failed. */
  reconcileReport: ReconcileReport | null;
}

const shown = {
  profileId: adminConnections.profileId,
  url: adminConnections.url,
  generation: adminConnections.generation,
  connectedAt: adminConnections.connectedAt,
  checkedAt: adminConnections.checkedAt,
  checkOutcome: adminConnections.checkOutcome,
  checkReport: adminConnections.checkReport,
  keyEncrypted: sql<boolean>`${adminConnections.apiKey} LIKE 'enc:v1:%'`,
  reconciledAt: adminConnections.reconciledAt,
  reconcileReport: adminConnections.reconcileReport,
};

type ShownRow = { [K in keyof typeof shown]: unknown };

const toConnection = (row: ShownRow): KeitaroConnection => ({
  ...(row as KeitaroConnection),
  generation: (row.generation as Generation | null) ?? null,
  checkReport: (row.checkReport as ConnectionReport | null) ?? null,
  keyEncrypted: row.keyEncrypted === true,
  reconciledAt: (row.reconciledAt as Date | null) ?? null,
  reconcileReport: (row.reconcileReport as ReconcileReport | null) ?? null,
});

const outcomeOf = (report: ConnectionReport) => (report.ok ? 'ok' : report.problem.kind);

/**
 * Connects (or reconnects) a profile after a successful check: the key is sealed when there
 * is an ENCRYPTION_KEY, and `connected_at` starts again.
 */
export async function saveConnection(
  exec: Executor,
  profileId: number,
  input: { apiKey: string; report: ConnectionReport & { ok: true } },
  encryptionKey: Buffer | undefined,
): Promise<KeitaroConnection> {
  const values = {
    url: input.report.apiRoot,
    apiKey: sealApiKey(input.apiKey, encryptionKey, profileId),
    generation: input.report.generation,
    connectedAt: sql`now()`,
    checkedAt: sql`now()`,
    checkOutcome: 'ok',
    checkReport: input.report as unknown as Record<string, unknown>,
  };
  const [row] = await exec
    .insert(adminConnections)
    .values({ profileId, ...values })
    .onConflictDoUpdate({ target: adminConnections.profileId, set: values })
    .returning(shown);
  return toConnection(row as ShownRow);
}

export async function getConnection(
  exec: Executor,
  profileId: number,
): Promise<KeitaroConnection | undefined> {
  const [row] = await exec
    .select(shown)
    .from(adminConnections)
    .where(eq(adminConnections.profileId, profileId));
  return row ? toConnection(row) : undefined;
}

/** Every connected profile, for jobs that visit them all (reconciliation). */
export async function listConnections(exec: Executor): Promise<KeitaroConnection[]> {
  const rows = await exec.select(shown).from(adminConnections).orderBy(adminConnections.profileId);
  return rows.map(toConnection);
}

/**
 * The URL and key to call the tracker with. Throws KeyEncryptionError (a sentence naming the
 * fix) when the key is sealed and ENCRYPTION_KEY is missing or another.
 */
export async function connectionCredentials(
  exec: Executor,
  profileId: number,
  encryptionKey: Buffer | undefined,
): Promise<{ url: string; apiKey: string } | undefined> {
  const [row] = await exec
    .select({ url: adminConnections.url, apiKey: adminConnections.apiKey })
    .from(adminConnections)
    .where(eq(adminConnections.profileId, profileId));
  if (!row) return undefined;
  const apiKey = openApiKey(row.apiKey, encryptionKey, profileId);
  maskInLogs(apiKey);
  return { url: row.url, apiKey };
}

/** Keeps a later check's outcome (the key and `connected_at` stay). */
export async function recordCheck(
  exec: Executor,
  profileId: number,
  report: ConnectionReport,
): Promise<void> {
  await exec
    .update(adminConnections)
    .set({
      checkedAt: sql`now()`,
      checkOutcome: outcomeOf(report),
      checkReport: report as unknown as Record<string, unknown>,
      ...(report.ok ? { generation: report.generation } : {}),
    })
    .where(eq(adminConnections.profileId, profileId));
}

/** Keeps a reconciliation's report; one that read the log also moves `reconciled_at`. */
export async function recordReconcile(
  exec: Executor,
  profileId: number,
  report: ReconcileReport,
): Promise<void> {
  await exec
    .update(adminConnections)
    .set({
      reconcileReport: report as unknown as Record<string, unknown>,
      ...(report.ok ? { reconciledAt: new Date(report.at) } : {}),
    })
    .where(eq(adminConnections.profileId, profileId));
}

export async function removeConnection(exec: Executor, profileId: number): Promise<boolean> {
  const rows = await exec
    .delete(adminConnections)
    .where(eq(adminConnections.profileId, profileId))
    .returning({ profileId: adminConnections.profileId });
  return rows.length > 0;
}

/**
 * Encrypts the keys stored as given before ENCRYPTION_KEY was set; returns how many. For a
 * start-up step or a CLI command; keys already sealed are left as they are.
 */
export async function sealStoredKeys(exec: Executor, encryptionKey: Buffer): Promise<number> {
  const rows = await exec
    .select({ profileId: adminConnections.profileId, apiKey: adminConnections.apiKey })
    .from(adminConnections);
  let sealed = 0;
  for (const row of rows) {
    if (isSealed(row.apiKey)) continue;
    await exec
      .update(adminConnections)
      .set({ apiKey: sealApiKey(row.apiKey, encryptionKey, row.profileId) })
      .where(eq(adminConnections.profileId, row.profileId));
    sealed++;
  }
  return sealed;
}
