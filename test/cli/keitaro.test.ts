import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../../src/cli/commands.ts';
import { AdminApiClient } from '../../src/keitaro/admin-api.ts';
import { connectionCredentials, getConnection } from '../../src/keitaro/connections.ts';
import { createProfile } from '../../src/profiles/repository.ts';
import { cliOn } from '../support/cli.ts';
import {
  createTestDatabase,
  databaseKinds,
  everythingStored,
  type TestDatabase,
} from '../support/databases.ts';
import {
  FAKE_API_KEY,
  FAKE_RESTRICTED_KEY,
  type FakeKeitaro,
  SEED_NOW,
  startFakeKeitaro,
} from '../support/fake-keitaro.ts';
import { capturedLogger } from '../support/logs.ts';

const NOW = SEED_NOW;
const ENCRYPTION_KEY = Buffer.from(
  '6f1c9a3e5b7d2f40816a3c5e7b9d1f2a4c6e8a0b2d4f6a8c0e2b4d6f8a1c3e5b',
  'hex',
);

const folder = mkdtempSync(join(tmpdir(), 'keitaro-admin-cli-'));
let files = 0;
/** A key file as a user saves one: the key and a newline, in a file of its own. */
function keyFile(content: string): string {
  const path = join(folder, `key-${++files}.txt`);
  writeFileSync(path, content, { mode: 0o600 });
  return path;
}

/** `profile set <id> --keitaro-url URL --keitaro-api-key-file FILE`. */
const connecting = (id: number | string, url: string, file: string) => [
  'profile',
  'set',
  String(id),
  '--keitaro-url',
  url,
  '--keitaro-api-key-file',
  file,
];

describe.each(databaseKinds)("connecting Keitaro's Admin API from the CLI on %s", (kind) => {
  let database: TestDatabase;
  let legacy: FakeKeitaro;
  let v11: FakeKeitaro;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    legacy = await startFakeKeitaro({ generation: 'legacy' });
    v11 = await startFakeKeitaro({ generation: 'v11' });
  });
  afterAll(async () => {
    await legacy.close();
    await v11.close();
    await database.close();
  });
  afterEach(() => {
    legacy.fail = undefined;
    v11.fail = undefined;
  });

  const cli = (...argv: string[]) =>
    cliOn(database, undefined, { encryptionKey: ENCRYPTION_KEY, keitaro: { now: NOW } })(...argv);
  const newProfile = async () => (await createProfile(database.db, { ownerUserId: 777000 })).id;

  it.each([
    ['legacy', 'the format of Keitaro 10 and earlier (conversion ids)', 'Keitaro 10 and earlier'],
    ['v11', "Keitaro 11's format (events that keep their status history)", 'Keitaro 11'],
  ] as const)(
    'connects a %s tracker and says which log it speaks and that names can be read',
    async (generation, said, shown) => {
      const fake = generation === 'legacy' ? legacy : v11;
      const id = await newProfile();
      const res = await cli(...connecting(id, `${fake.url}/admin/`, keyFile(`${FAKE_API_KEY}\n`)));
      expect(res.code).toBe(EXIT_OK);
      expect(res.out).toContain(
        `✅ Connected: the key works, and the conversions log speaks ${said}.`,
      );
      expect(res.out).toContain(
        'Names of offers, landings, traffic sources and campaigns can be read.',
      );
      expect(res.out).toMatch(
        new RegExp(
          `keitaro api: +connected to 127\\.0\\.0\\.1:\\d+ since \\S+; log: ${shown}; names: all; key encrypted`,
        ),
      );
      const show = await cli('profile', 'show', String(id), '--json');
      expect(JSON.parse(show.out).keitaro_admin_api).toMatchObject({
        connected: true,
        url: `${fake.url}/admin_api/v1`,
        generation,
        check_outcome: 'ok',
        key_encrypted: true,
      });
      for (const text of [res.out, res.err, show.out]) expect(text).not.toContain(FAKE_API_KEY);
      // Stored sealed: the key is nowhere in the database, yet opens with ENCRYPTION_KEY.
      expect(await everythingStored(database)).not.toContain(FAKE_API_KEY);
      expect(await connectionCredentials(database.db, id, ENCRYPTION_KEY)).toEqual({
        url: `${fake.url}/admin_api/v1`,
        apiKey: FAKE_API_KEY,
      });
    },
  );

  it("says a restricted key's names are partial, and still connects", async () => {
    const id = await newProfile();
    const res = await cli(...connecting(id, v11.url, keyFile(FAKE_RESTRICTED_KEY)));
    expect(res.code).toBe(EXIT_OK);
    expect(res.out).toContain(
      "Names can be read only in part: the key's user does not see every one of the offers, traffic sources, campaigns (their rights in Keitaro are limited).",
    );
  });

  const refusals: [string, (f: FakeKeitaro) => void, string, string?][] = [
    [
      'a wrong key (401)',
      () => {},
      '❌ The tracker refused the key (401): it is wrong or was revoked.',
      'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5',
    ],
    [
      'an edition without the API (402)',
      (f) => {
        f.fail = { status: 402 };
      },
      "❌ This tracker's Keitaro edition has no Admin API (402)",
    ],
    [
      'a key whose user lacks rights (403)',
      (f) => {
        f.fail = 'forbidden';
      },
      '❌ The key works, but its user lacks the rights to read conversions (403).',
    ],
    [
      'Cloudflare in front of the tracker (403)',
      (f) => {
        f.fail = 'cloudflare';
      },
      '❌ A firewall in front of the tracker (Cloudflare) blocked the request (403).',
    ],
    [
      'a proxy answering with a web page',
      (f) => {
        f.fail = 'html';
      },
      "answered, but not as Keitaro's Admin API does: a web page came where data was expected.",
    ],
    [
      'a tracker that asks to slow down (429)',
      (f) => {
        f.fail = { status: 429, retryAfter: 60 };
      },
      '❌ The tracker asks to slow down (429).',
    ],
    [
      "the tracker's own failure (500)",
      (f) => {
        f.fail = { status: 500 };
      },
      '❌ The tracker failed with an error of its own (500).',
    ],
  ];

  it.each(refusals)(
    'refuses %s with its sentence and stores nothing',
    async (_what, arrange, sentence, key) => {
      arrange(legacy);
      const id = await newProfile();
      const typed = key ?? FAKE_API_KEY;
      const res = await cli(...connecting(id, legacy.url, keyFile(typed)));
      expect(res.code).toBe(EXIT_FAILED);
      expect(res.err).toContain(sentence);
      expect(`${res.out}${res.err}`).not.toContain(typed);
      expect(await getConnection(database.db, id)).toBeUndefined();
    },
  );

  it('says a wrong path on the panel host is not the Admin API (HTML where JSON was expected)', async () => {
    const id = await newProfile();
    const res = await cli(...connecting(id, `${legacy.url}/tracker/admin/`, keyFile(FAKE_API_KEY)));
    expect(res.code).toBe(EXIT_FAILED);
    expect(res.err).toMatch(/❌ 127\.0\.0\.1:\d+ answered, but not as Keitaro's Admin API does/);
  });

  it('says an address nothing listens on refuses the connection', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const id = await newProfile();
    const res = await cli(
      ...connecting(id, `http://127.0.0.1:${port}/admin/`, keyFile(FAKE_API_KEY)),
    );
    expect(res.code).toBe(EXIT_FAILED);
    expect(res.err).toContain(
      `❌ 127.0.0.1:${port} refuses the connection: check the address and port, and that the tracker is running.`,
    );
  });

  it('says a tracker that does not answer did not answer in time', async () => {
    legacy.fail = 'hang';
    const controller = new AbortController();
    const id = await newProfile();
    const before = legacy.requests.length;
    const pending = cliOn(database, undefined, {
      encryptionKey: ENCRYPTION_KEY,
      keitaro: { now: NOW, deadline: () => controller.signal },
    })(...connecting(id, legacy.url, keyFile(FAKE_API_KEY)));
    await vi.waitFor(() => expect(legacy.requests.length).toBeGreaterThan(before));
    controller.abort(new DOMException('deadline', 'TimeoutError'));
    const res = await pending;
    expect(res.code).toBe(EXIT_FAILED);
    expect(res.err).toMatch(/❌ 127\.0\.0\.1:\d+ did not answer in time\./);
  });

  it('keeps the key when only the address changes, and deletes it with --keitaro-off', async () => {
    const id = await newProfile();
    const file = keyFile(FAKE_API_KEY);
    expect((await cli(...connecting(id, legacy.url, file))).code).toBe(EXIT_OK);
    const moved = await cli(
      'profile',
      'set',
      String(id),
      '--keitaro-url',
      `${v11.url}/admin_api/v1/`,
    );
    expect(moved.code).toBe(EXIT_OK);
    expect(moved.out).toContain("Keitaro 11's format");
    expect((await getConnection(database.db, id))?.url).toBe(`${v11.url}/admin_api/v1`);

    const off = await cli('profile', 'set', String(id), '--keitaro-off');
    expect(off.code).toBe(EXIT_OK);
    expect(off.out).toContain("Keitaro's Admin API disconnected: the stored key is deleted.");
    expect(off.out).toContain('keitaro api:     not connected');
    expect(await getConnection(database.db, id)).toBeUndefined();
  });

  it('refuses a command line that cannot connect, before calling the tracker', async () => {
    const id = String(await newProfile());
    const calls = legacy.requests.length;
    const usage = [
      ['--keitaro-url', legacy.url],
      ['--keitaro-api-key-file', keyFile(FAKE_API_KEY)],
      [
        '--keitaro-url',
        'ftp://tracker.example.com',
        '--keitaro-api-key-file',
        keyFile(FAKE_API_KEY),
      ],
      ['--keitaro-off', '--keitaro-url', legacy.url],
    ];
    for (const options of usage) {
      const res = await cli('profile', 'set', id, ...options);
      expect(res.code, options.join(' ')).toBe(EXIT_USAGE);
    }
    const missing = await cli(...connecting(id, legacy.url, join(folder, 'nope.txt')));
    expect(missing).toMatchObject({
      code: EXIT_FAILED,
      err: expect.stringContaining('Cannot read the key file'),
    });
    const empty = await cli(...connecting(id, legacy.url, keyFile('\n')));
    expect(empty).toMatchObject({ code: EXIT_FAILED, err: expect.stringContaining('is empty') });
    expect(legacy.requests.length).toBe(calls);
  });

  it('without ENCRYPTION_KEY stores the key as given, and says so', async () => {
    const id = await newProfile();
    const res = await cliOn(database)(...connecting(id, legacy.url, keyFile(FAKE_API_KEY)));
    expect(res.code).toBe(EXIT_OK);
    expect(res.err).toContain('Note: ENCRYPTION_KEY is not set, so the key is stored as given');
    expect(res.out).toContain('key stored as given');
    expect(res.out).not.toContain(FAKE_API_KEY);
    expect(await connectionCredentials(database.db, id, undefined)).toMatchObject({
      apiKey: FAKE_API_KEY,
    });
  });

  it('an encrypted key is not opened without its ENCRYPTION_KEY, and the refusal names the fix', async () => {
    const id = await newProfile();
    await cli(...connecting(id, legacy.url, keyFile(FAKE_API_KEY)));
    const res = await cliOn(database)('profile', 'set', String(id), '--keitaro-url', v11.url);
    expect(res.code).toBe(EXIT_FAILED);
    expect(res.err).toContain(
      `The Admin API key of profile ${id} is encrypted: set ENCRYPTION_KEY`,
    );
  });

  it('leaves the key out of log lines, however it gets near one', async () => {
    const id = await newProfile();
    await cli(...connecting(id, legacy.url, keyFile(FAKE_API_KEY)));
    const { logger, lines } = capturedLogger();
    const credentials = await connectionCredentials(database.db, id, ENCRYPTION_KEY);
    const client = new AdminApiClient(credentials?.url ?? '', credentials?.apiKey ?? '');
    legacy.fail = { status: 503 };
    const error = await client.entities('offers').catch((e: unknown) => e);
    logger.error(
      { err: error, client, connection: await getConnection(database.db, id) },
      'names failed',
    );
    // A careless line that names the key outright is masked too.
    logger.warn(
      { headers: { 'Api-Key': credentials?.apiKey } },
      `calling with ${credentials?.apiKey}`,
    );
    const logged = lines.join('');
    expect(logged).toContain('names failed');
    expect(logged).toContain('503 server');
    expect(logged).not.toContain(FAKE_API_KEY);
  });
});
