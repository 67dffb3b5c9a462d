import { describe, expect, it } from 'vitest';
import { type Callback, decode, encode } from '../../src/bot/callback.ts';

const BIG = 2_147_483_647;
const FORUM = -1009999999999999;

describe('callback data', () => {
  it('reads back every kind of button it writes, within 64 bytes', () => {
    const all: Callback[] = [
      { kind: 'menu' },
      { kind: 'help' },
      { kind: 'languages' },
      { kind: 'language', language: 'uk' },
      { kind: 'profiles' },
      { kind: 'new-profile' },
      { kind: 'profile', id: BIG },
      { kind: 'profile', id: BIG, action: 'rt+' },
      { kind: 'profile', id: BIG, action: 'off' },
      { kind: 'profile', id: BIG, action: 'lang', language: 'en' },
      { kind: 'route', id: BIG, action: 'del!' },
      { kind: 'profile', id: BIG, action: 'pz9' },
      { kind: 'profile', id: BIG, action: 'go' },
      { kind: 'route', id: BIG, action: 'pz0' },
      { kind: 'route', id: BIG, action: 'ed', field: 'target' },
      { kind: 'statistics' },
      { kind: 'stats', id: BIG, period: '30d', by: 'buyer' },
      { kind: 'stats', id: BIG, period: 'today' },
      { kind: 'insights', id: BIG },
      { kind: 'insights', id: BIG, set: { what: 'tz' } },
      { kind: 'insights', id: BIG, set: { what: 'tz', zone: 5 } },
      { kind: 'insights', id: BIG, set: { what: 'tz', zone: 'type' } },
      { kind: 'insights', id: BIG, set: { what: 'bf', field: 'sub_id_30' } },
      { kind: 'insights', id: BIG, set: { what: 'bf', field: 'source' } },
      { kind: 'insights', id: BIG, set: { what: 'bf', field: 'none' } },
      { kind: 'insights', id: BIG, set: { what: 'bn', add: true } },
      { kind: 'insights', id: BIG, set: { what: 'sm' } },
      { kind: 'insights', id: BIG, set: { what: 'sm', target: { chatId: FORUM, topicId: BIG } } },
      {
        kind: 'insights',
        id: BIG,
        set: { what: 'sm', target: { chatId: FORUM, topicId: BIG }, at: 1439 },
      },
      {
        kind: 'insights',
        id: BIG,
        set: { what: 'sm', target: { chatId: 42, topicId: 0 }, at: 'off' },
      },
      {
        kind: 'insights',
        id: 1,
        set: { what: 'sm', target: { chatId: 42, topicId: 0 }, at: 'type' },
      },
      { kind: 'card', of: 'profile', id: BIG },
      { kind: 'card', of: 'route', id: BIG, set: { layout: 'compact' } },
      { kind: 'card', of: 'profile', id: BIG, set: { layout: 'full' } },
      { kind: 'card', of: 'route', id: BIG, set: { line: 'original_status', hidden: true } },
      { kind: 'card', of: 'profile', id: BIG, set: { line: 'tx', hidden: false } },
      { kind: 'card', of: 'route', id: BIG, set: { extra: 'creative_id', shown: true } },
      { kind: 'card', of: 'profile', id: BIG, set: { extra: 'sub_id_30', shown: false } },
      { kind: 'card', of: 'route', id: BIG, set: { inherit: true } },
      { kind: 'connect', profileId: BIG },
      { kind: 'bind', profileId: BIG, chatId: FORUM },
      { kind: 'wizard', step: 'zzzzzz', answer: { a: 'cancel' } },
      { kind: 'wizard', step: 'a1', answer: { a: 'match', by: 'campaign_id' } },
      { kind: 'wizard', step: 'a1', answer: { a: 'status', status: 'deposit' } },
      { kind: 'wizard', step: 'a1', answer: { a: 'to', chatId: FORUM, topicId: BIG } },
      { kind: 'wizard', step: 'a1', answer: { a: 'to', chatId: FORUM, topicId: null } },
      { kind: 'wizard', step: 'a1', answer: { a: 'topic', topicId: null } },
      { kind: 'wizard', step: 'a1', answer: { a: 'topic', topicId: BIG } },
      { kind: 'wizard', step: 'a1', answer: { a: 'place', where: 'last' } },
      { kind: 'wizard', step: 'a1', answer: { a: 'language', language: null } },
      { kind: 'wizard', step: 'a1', answer: { a: 'language', language: 'ru' } },
      { kind: 'wizard', step: 'a1', answer: { a: 'pick', kind: 'c' } },
      { kind: 'wizard', step: 'a1', answer: { a: 'buyer' } },
    ];
    for (const cb of all) {
      expect(decode(encode(cb))).toEqual(cb);
      expect(Buffer.byteLength(encode(cb))).toBeLessThanOrEqual(64);
    }
  });

  it('reads nothing from data it never writes: a wizard button without its step, a forged action', () => {
    for (const data of [
      'w:st:deposit',
      'w:a1:st:nothing',
      'p:1:tog',
      'p:1:pz2',
      'p:1:url:en',
      'r:1:up:st',
      'r:x',
      's:1:week',
      's:1:t:z',
      'i:1:bf:31',
      'i:1:tz:10',
      'i:1:sm:42:0:1440',
      'i:1:zz',
      'x:1',
      'cd:p:1:i',
      'cd:r:1:h:cost:1',
      'cd:r:1:x:sub_id_31:1',
      'cd:p:1:l:x',
      'cd:p:1:h:tx:2',
      '',
    ])
      expect(decode(data)).toBeUndefined();
  });
});
