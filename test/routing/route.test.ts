import { describe, expect, it } from 'vitest';
import { parsePostback } from '../../src/postback/fields.ts';
import { type Route, type RoutingProfile, resolveTarget } from '../../src/routing/route.ts';

const profile: RoutingProfile = {
  ownerUserId: 777,
  defaultChatId: -1001000000001,
  defaultTopicId: 5,
  language: 'ru',
};

let nextId = 1;
function route(partial: Partial<Route>): Route {
  return {
    id: nextId++,
    matchBy: 'any',
    matchValue: null,
    isPattern: false,
    statuses: [],
    geo: [],
    conditions: [],
    priority: 100,
    chatId: -1002000000000,
    topicId: null,
    language: null,
    enabled: true,
    ...partial,
  };
}

const sale = (fields: Record<string, string> = {}) =>
  parsePostback({
    status: 'sale',
    tid: 'T-1',
    campaign_id: '12',
    source: 'fb',
    country: 'UA',
    ...fields,
  });

describe('routing', () => {
  it('sends to the profile default chat and topic when no route matches', () => {
    const target = resolveTarget(
      profile,
      [route({ matchBy: 'campaign_id', matchValue: '99' })],
      sale(),
    );
    expect(target).toEqual({ chatId: -1001000000001, topicId: 5, language: 'ru', routeId: null });
  });

  it("falls back to the owner's private chat when the profile has no default chat", () => {
    const target = resolveTarget({ ...profile, defaultChatId: null }, [], sale());
    expect(target).toMatchObject({ chatId: 777, topicId: null });
  });

  it('matches one of several comma-separated campaign ids', () => {
    const r = route({ matchBy: 'campaign_id', matchValue: '10, 12,15', chatId: -100111 });
    expect(resolveTarget(profile, [r], sale()).chatId).toBe(-100111);
    expect(resolveTarget(profile, [r], sale({ campaign_id: '120' })).routeId).toBeNull();
  });

  it('matches a source case-insensitively', () => {
    const r = route({ matchBy: 'source', matchValue: 'FB', chatId: -100222 });
    expect(resolveTarget(profile, [r], sale()).chatId).toBe(-100222);
  });

  it('takes the lowest priority first, ties by id', () => {
    const late = route({ priority: 50, chatId: -1 });
    const early = route({ priority: 10, chatId: -2 });
    const tieA = route({ priority: 5, chatId: -3 });
    const tieB = route({ priority: 5, chatId: -4 });
    expect(resolveTarget(profile, [late, tieB, early, tieA], sale()).chatId).toBe(-3);
  });

  it('skips a route whose status filter excludes the postback, and falls through', () => {
    const depositsOnly = route({
      matchBy: 'campaign_id',
      matchValue: '12',
      statuses: ['deposit', 'rebill'],
      chatId: -100333,
      topicId: 9,
    });
    expect(resolveTarget(profile, [depositsOnly], sale())).toMatchObject({
      chatId: -100333,
      topicId: 9,
    });
    const lead = parsePostback({ status: 'lead', subid: 'c1', campaign_id: '12' });
    expect(resolveTarget(profile, [depositsOnly], lead).chatId).toBe(-1001000000001);
  });

  it('applies a GEO filter case-insensitively and refuses postbacks without a country', () => {
    const r = route({ geo: ['us', 'UA'], chatId: -100444 });
    expect(resolveTarget(profile, [r], sale({ country: 'ua' })).chatId).toBe(-100444);
    expect(resolveTarget(profile, [r], sale({ country: 'KZ' })).routeId).toBeNull();
    expect(resolveTarget(profile, [r], sale({ country: '' })).routeId).toBeNull();
  });

  it('ignores disabled routes', () => {
    const r = route({ enabled: false, chatId: -100555 });
    expect(resolveTarget(profile, [r], sale()).routeId).toBeNull();
  });

  it('matches campaign ids by a pattern', () => {
    const r = route({
      matchBy: 'campaign_id',
      matchValue: '^1[0-4]$',
      isPattern: true,
      chatId: -100666,
    });
    expect(resolveTarget(profile, [r], sale({ campaign_id: '12' })).chatId).toBe(-100666);
    expect(resolveTarget(profile, [r], sale({ campaign_id: '15' })).routeId).toBeNull();
  });

  it('uses the route language when it overrides the profile', () => {
    const r = route({ language: 'en' });
    expect(resolveTarget(profile, [r], sale()).language).toBe('en');
  });

  it('does not match by campaign when the postback has no campaign id', () => {
    const r = route({ matchBy: 'campaign_id', matchValue: '12', chatId: -100777 });
    expect(resolveTarget(profile, [r], sale({ campaign_id: '' })).routeId).toBeNull();
  });

  describe('on any field', () => {
    // A buyer's deposits, as Keitaro sends them with sub_id_1 holding the buyer.
    const buyer7 = (fields: Record<string, string> = {}) =>
      sale({
        sub_id_1: 'buyer7',
        sub_id_3: 'tiktok-ua',
        offer_id: '31',
        offer_name: 'Casino Royal',
        landing_id: '5',
        traffic_source_name: 'TikTok Ads',
        creative_id: 'cr_9',
        ...fields,
      });

    it('matches when every condition holds, and not when one does not', () => {
      const r = route({
        chatId: -100901,
        conditions: [
          { field: 'sub_id_1', values: ['Buyer7', 'buyer8'] },
          { field: 'country', values: ['UA', 'KZ'] },
        ],
      });
      expect(resolveTarget(profile, [r], buyer7()).chatId).toBe(-100901);
      expect(resolveTarget(profile, [r], buyer7({ country: 'PL' })).routeId).toBeNull();
      expect(resolveTarget(profile, [r], buyer7({ sub_id_1: 'buyer9' })).routeId).toBeNull();
      expect(resolveTarget(profile, [r], sale()).routeId).toBeNull();
    });

    it('reads ids as sent, not the names merged with them', () => {
      const byOffer = route({ chatId: -1, conditions: [{ field: 'offer_id', values: ['31'] }] });
      const byName = route({
        chatId: -2,
        conditions: [{ field: 'offer_id', values: ['Casino Royal'] }],
      });
      expect(resolveTarget(profile, [byName, byOffer], buyer7()).chatId).toBe(-1);
      for (const [field, value] of [
        ['landing_id', '5'],
        ['traffic_source_name', 'tiktok ads'],
        ['creative_id', 'cr_9'],
        ['sub_id_3', 'TIKTOK-UA'],
        ['campaign_id', '12'],
        ['source', 'fb'],
      ] as const) {
        const r = route({ chatId: -3, conditions: [{ field, values: [value] }] });
        expect(resolveTarget(profile, [r], buyer7()).chatId, field).toBe(-3);
        expect(resolveTarget(profile, [r], sale({ [field]: '{macro}' })).routeId, field).toBeNull();
      }
    });

    it('matches a pattern, and adds its conditions to a campaign route', () => {
      const r = route({
        matchBy: 'campaign_id',
        matchValue: '12',
        chatId: -100902,
        conditions: [{ field: 'sub_id_1', pattern: '^buyer[0-9]+$' }],
      });
      expect(resolveTarget(profile, [r], buyer7()).chatId).toBe(-100902);
      expect(resolveTarget(profile, [r], buyer7({ campaign_id: '13' })).routeId).toBeNull();
      expect(resolveTarget(profile, [r], buyer7({ sub_id_1: 'team' })).routeId).toBeNull();
    });
  });
});
