import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { capturedLogger } from '../support/logs.ts';

/**
 * One embedded database is created on disk for this file (initdb takes up to a minute on a
 * busy machine); tests that change it reopen it.
 */

interface Line {
  level: number;
  msg: string;
  data_dir?: string;
  took_ms?: number;
  entries?: number;
}
const parse = (lines: string[]) => lines.map((line) => JSON.parse(line) as Line);

describe('the embedded database in DATA_DIR', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'keitaro-dir-')), 'data');
  let creation: Line[];

  beforeAll(async () => {
    const { logger, lines } = capturedLogger();
    const database = await openDatabase({ kind: 'pglite', dataDir }, { logger });
    await database.migrate();
    await database.close();
    creation = parse(lines);
  }, 180_000);

  it('says what it is doing while it creates the database on first start, and when it is done', () => {
    expect(creation).toEqual([
      expect.objectContaining({
        msg: 'creating the embedded database (first start; this can take a minute on a small machine)',
        data_dir: dataDir,
      }),
      expect.objectContaining({ msg: 'embedded database created', took_ms: expect.any(Number) }),
    ]);
  });

  it('says it is opening an existing database, and when it is open', async () => {
    const { logger, lines } = capturedLogger();
    const database = await openDatabase({ kind: 'pglite', dataDir }, { logger });
    await database.close();
    expect(parse(lines).map((line) => line.msg)).toEqual([
      'opening the embedded database',
      'embedded database opened',
    ]);
  }, 60_000);
});
