import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../../src/cli/commands.ts';
import { listProfiles, listRoutes } from '../../src/profiles/repository.ts';
import { cliOn } from '../support/cli.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';

describe.each(databaseKinds)('admin CLI on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.close());

  const cli = (...argv: string[]) => cliOn(database)(...argv);

  it('creates a profile and prints the ready postback URL with the Keitaro field template', async () => {
    const res = await cli(
      'profile',
      'create',
      '--owner',
      '123456789',
      '--name',
      'Team A',
      '--json',
    );
    expect(res.code).toBe(EXIT_OK);
    const created = JSON.parse(res.out);
    expect(created.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.postback_url).toBe(
      `https://notify.example.com/integrations/keitaro/postback?secret=${created.secret}` +
        '&status={status}&tid={tid}&subid={subid}&campaign_id={campaign_id}' +
        '&campaign_name={campaign_name}&offer_id={offer_id}&landing_id={landing_id}' +
        '&conversion_revenue={conversion_revenue}&currency={currency}&country={country}' +
        '&source={source}&traffic_source_name={traffic_source_name}&ts_id={ts_id}' +
        '&creative_id={creative_id}&sub_id_1={sub_id_1}&sub_id_2={sub_id_2}',
    );

    const plain = await cli(
      'profile',
      'create',
      '--owner',
      '123456789',
      '--chat',
      '-1001234567890',
      '--topic',
      '7',
      '--lang',
      'uk',
    );
    expect(plain.code).toBe(EXIT_OK);
    expect(plain.out).toMatch(/Profile \d+ "Keitaro" created\./);
    expect(plain.out).toContain('https://notify.example.com/integrations/keitaro/postback?secret=');
  });

  it('lists, shows, changes, rotates and deletes profiles', async () => {
    const { out } = await cli('profile', 'create', '--owner', '42', '--json');
    const { id, secret } = JSON.parse(out);

    const list = await cli('profile', 'list', '--owner', '42');
    expect(list.out).toContain(`${id}\tenabled`);
    expect(list.out).not.toContain(secret);

    const set = await cli(
      'profile',
      'set',
      String(id),
      '--enabled',
      'false',
      '--rate-limit-rps',
      '50',
      '--dedup-ttl-sec',
      '600',
      '--chat',
      '-100987',
      '--lang',
      'en',
    );
    expect(set.code).toBe(EXIT_OK);
    expect(set.out).toContain('(disabled)');
    expect(set.out).toContain('50 postbacks/s');

    const rotated = JSON.parse((await cli('profile', 'rotate-secret', String(id), '--json')).out);
    expect(rotated.secret).not.toBe(secret);

    const show = await cli('profile', 'show', String(id));
    expect(show.out).toContain(rotated.secret);
    expect(show.out).toContain('chat -100987');

    expect((await cli('profile', 'delete', String(id))).code).toBe(EXIT_OK);
    expect((await cli('profile', 'show', String(id))).code).toBe(EXIT_FAILED);
  });

  it('adds, lists and removes routes', async () => {
    const { id } = JSON.parse((await cli('profile', 'create', '--owner', '43', '--json')).out);
    const add = await cli(
      'route',
      'add',
      String(id),
      '--match-by',
      'campaign_id',
      '--value',
      '12,15',
      '--chat',
      '-1001111',
      '--topic',
      '3',
      '--statuses',
      'deposit,rebill',
      '--geo',
      'ua,kz',
      '--priority',
      '5',
    );
    expect(add.code).toBe(EXIT_OK);
    expect(add.out).toMatch(
      /Route added: #\d+ \[priority 5\] campaign_id = 12,15 → chat -1001111, topic 3 · deposit,rebill · UA,KZ/,
    );
    const pattern = await cli(
      'route',
      'add',
      String(id),
      '--match-by',
      'source',
      '--value',
      '^fb',
      '--pattern',
      '--chat',
      '-1002222',
    );
    expect(pattern.code).toBe(EXIT_OK);

    const buyer = await cli(
      'route',
      'add',
      String(id),
      '--match',
      'sub_id_1=buyer7,buyer8',
      '--match',
      'country=UA',
      '--match',
      'offer_id=/^3[0-9]$/',
      '--chat',
      '-1003333',
    );
    expect(buyer.code).toBe(EXIT_OK);
    expect(buyer.out).toMatch(
      /Route added: #\d+ \[priority 100\] sub_id_1 = buyer7, buyer8 & country = UA & offer_id ~ \/\^3\[0-9\]\$\/ → chat -1003333$/,
    );

    const list = await cli('route', 'list', String(id));
    expect(list.out.split('\n')).toHaveLength(4);
    expect(list.out).toContain("Otherwise every postback goes to owner's private chat.");

    const routeId = (await listRoutes(database.db, id))[0]?.id as number;
    expect((await cli('route', 'remove', String(routeId))).code).toBe(EXIT_OK);
    expect(await listRoutes(database.db, id)).toHaveLength(2);
  });

  it('shows the latest events of a profile', async () => {
    const { id } = JSON.parse((await cli('profile', 'create', '--owner', '44', '--json')).out);
    expect((await cli('events', String(id))).out).toBe(`No events for profile ${id} yet.`);
  });

  describe('bad arguments get a sentence and exit code 2, and write nothing', () => {
    it.each([
      [['profile', 'create'], /needs --owner/],
      [
        ['profile', 'create', '--owner', 'abc'],
        /--owner: A Telegram user id is a positive whole number/,
      ],
      [['profile', 'create', '--owner', '1', '--lang', 'de'], /The language is one of ru, uk, en/],
      [['profile', 'create', '--owner', '1', '--chat', '99999999999999999999'], /out of range/],
      [['profile', 'set', '1', '--rate-limit-rps', '0'], /from 1 to 1000/],
      [['profile', 'set', '1', '--dedup-ttl-sec', '999999999'], /604800/],
      [['profile', 'set', '1', '--enabled', 'maybe'], /true or false/],
      [['profile', 'show', 'one'], /profile id must be a positive whole number/],
      [['profile', 'frobnicate'], /Unknown profile command/],
      [['profile', 'create', '--owner', '1', '--colour', 'red'], /Unknown option '--colour'/],
      [['route', 'add', '1', '--match-by', 'campaign_id', '--chat', '-1001'], /needs a value/],
      [
        ['route', 'add', '1', '--match-by', 'offer', '--chat', '-1001'],
        /Match by campaign_id, source or any/,
      ],
      [
        [
          'route',
          'add',
          '1',
          '--match-by',
          'source',
          '--value',
          '(a)\\1',
          '--pattern',
          '--chat',
          '-1001',
        ],
        /Refused: the pattern is not a safe regular expression/,
      ],
      [
        ['route', 'add', '1', '--match-by', 'any', '--chat', '-1001', '--statuses', 'deposit,won'],
        /A status filter lists/,
      ],
      [
        ['route', 'add', '1', '--match-by', 'any', '--chat', '-1001', '--geo', 'USA'],
        /two-letter country codes/,
      ],
      [['route', 'add', '1', '--chat', '-1001'], /needs --match field=values/],
      [
        ['route', 'add', '1', '--match', 'buyer=buyer7', '--chat', '-1001'],
        /the field one of campaign_id, source, traffic_source_name/,
      ],
      [['route', 'add', '1', '--match', 'sub_id_31=x', '--chat', '-1001'], /sub_id_30; got/],
      [['route', 'add', '1', '--match', 'sub_id_1=', '--chat', '-1001'], /one to 50 values/],
      [
        ['route', 'add', '1', '--match', 'sub_id_1=/(a)\\1/', '--chat', '-1001'],
        /Refused: the pattern is not a safe regular expression/,
      ],
      [['events', '1', '--limit', '0'], /--limit must be from 1 to 1000/],
      [['teleport'], /Unknown command "teleport"/],
    ])('%j', async (argv, message) => {
      const before = (await listProfiles(database.db)).length;
      const res = await cli(...argv);
      expect(res.code).toBe(EXIT_USAGE);
      expect(res.err).toMatch(message);
      expect((await listProfiles(database.db)).length).toBe(before);
    });
  });

  it('says when a profile or route does not exist, with exit code 1', async () => {
    expect(await cli('profile', 'show', '999999')).toMatchObject({
      code: EXIT_FAILED,
      err: 'No profile with id 999999.',
    });
    expect((await cli('route', 'add', '999999', '--match-by', 'any', '--chat', '-1001')).code).toBe(
      EXIT_FAILED,
    );
    expect((await cli('route', 'remove', '999999')).err).toBe('No route with id 999999.');
  });
});
