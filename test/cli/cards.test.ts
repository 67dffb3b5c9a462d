import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../../src/cli/commands.ts';
import { getProfile, getRoute } from '../../src/profiles/repository.ts';
import { cliOn } from '../support/cli.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';

describe.each(databaseKinds)('cards from the CLI on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.close());

  const cli = (...argv: string[]) => cliOn(database)(...argv);

  it("sets and shows a profile's card; the default is stored as none", async () => {
    const { out } = await cli('profile', 'create', '--owner', '42', '--json');
    const { id } = JSON.parse(out) as { id: number };
    const show = async () => (await cli('profile', 'show', String(id))).out;
    expect(await show()).toContain('  card:            full\n');

    const set = await cli(
      'profile',
      'set',
      String(id),
      '--card',
      'compact',
      '--card-hide',
      'tx, Revenue',
      '--card-show',
      'sub_id_3,offer_id,traffic_source_name',
    );
    expect(set.code).toBe(EXIT_OK);
    expect(set.out).toContain(
      '  card:            compact · hide revenue, tx · show offer_id, source, sub_id_3',
    );
    // One option changes only its part.
    await cli('profile', 'set', String(id), '--card-show', 'none');
    expect(await show()).toContain('  card:            compact · hide revenue, tx\n');
    expect((await getProfile(database.db, id))?.card).toEqual({
      layout: 'compact',
      hide: ['revenue', 'tx'],
      show: [],
    });

    await cli('profile', 'set', String(id), '--card', 'full', '--card-hide', 'none');
    expect((await getProfile(database.db, id))?.card).toBeNull();
  });

  it("gives a route a card of its own from the profile's, and takes the profile's back", async () => {
    const { out } = await cli('profile', 'create', '--owner', '43', '--json');
    const { id } = JSON.parse(out) as { id: number };
    await cli('profile', 'set', String(id), '--card-hide', 'revenue');
    const added = await cli(
      'route',
      'add',
      String(id),
      '--match',
      'sub_id_1=buyer7',
      '--chat',
      '-100500',
    );
    const routeId = Number(/#(\d+)/.exec(added.out)?.[1]);
    expect(added.out).not.toContain('card');

    const own = await cli('route', 'set', String(routeId), '--card', 'compact');
    expect(own.code).toBe(EXIT_OK);
    expect(own.out).toContain('· card compact · hide revenue');
    expect((await cli('route', 'list', String(id))).out).toContain('card compact · hide revenue');

    const back = await cli('route', 'set', String(routeId), '--card', 'profile');
    expect(back.out).toContain("Its card is the profile's: full · hide revenue.");
    expect((await getRoute(database.db, routeId))?.card).toBeNull();
  });

  it('refuses what a card cannot be, with exit code 2, and an unknown route with 1', async () => {
    const { out } = await cli('profile', 'create', '--owner', '44', '--json');
    const { id } = JSON.parse(out) as { id: number };
    const cases: [string[], string][] = [
      [['profile', 'set', String(id), '--card', 'tiny'], '--card: The card is full or compact.'],
      [['profile', 'set', String(id), '--card', 'profile'], '--card: The card is full or compact.'],
      [
        ['profile', 'set', String(id), '--card-hide', 'revenue,cost'],
        '--card-hide: Lines a card hides are among revenue, campaign, offer, geo, sub1, creative, landing, tx, reason, original_status; or none.',
      ],
      [
        ['profile', 'set', String(id), '--card-show', 'sub_id_31'],
        '--card-show: Lines a card adds are among',
      ],
      [['route', 'set', '1', '--card', 'profile', '--card-hide', 'tx'], '--card profile takes'],
      [['route', 'set', '1'], 'route set needs a setting to change'],
    ];
    for (const [argv, message] of cases) {
      const res = await cli(...argv);
      expect(res.code, argv.join(' ')).toBe(EXIT_USAGE);
      expect(res.err).toContain(message);
    }
    const missing = await cli('route', 'set', '999999', '--card', 'full');
    expect(missing).toMatchObject({ code: EXIT_FAILED, err: 'No route with id 999999.' });
  });
});
