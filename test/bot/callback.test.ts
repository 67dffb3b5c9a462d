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
      { kind: 'insights', id: BIG, set: { what: 'bn', mention: true } },
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
      { kind: 'profile', id: BIG, action: 'pb1' },
      { kind: 'profile', id: BIG, action: 'pb0' },
      { kind: 'quiet', id: BIG },
      { kind: 'quiet', id: BIG, target: { chatId: FORUM, topicId: BIG } },
      {
        kind: 'quiet',
        id: BIG,
        target: { chatId: FORUM, topicId: BIG },
        set: { from: 1439, to: 1438 },
      },
      { kind: 'quiet', id: BIG, target: { chatId: FORUM, topicId: 0 }, set: { from: 0, to: 540 } },
      { kind: 'quiet', id: BIG, target: { chatId: FORUM, topicId: BIG }, set: { deposits: false } },
      { kind: 'quiet', id: 1, target: { chatId: 42, topicId: 0 }, set: { deposits: true } },
      { kind: 'quiet', id: BIG, target: { chatId: FORUM, topicId: BIG }, set: 'off' },
      { kind: 'quiet', id: BIG, target: { chatId: FORUM, topicId: BIG }, set: 'type' },
      { kind: 'campaign', eventId: Number.MAX_SAFE_INTEGER },
      { kind: 'campaign', eventId: Number.MAX_SAFE_INTEGER, action: 'go' },
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
      { kind: 'wizard', step: 'a1', answer: { a: 'fields' } },
      { kind: 'wizard', step: 'a1', answer: { a: 'item', i: 19 } },
      { kind: 'wizard', step: 'a1', answer: { a: 'who', userId: 999999999999999 } },
      { kind: 'wizard', step: 'a1', answer: { a: 'nobody' } },
      { kind: 'wizard', step: 'a1', answer: { a: 'regs', on: true } },
      { kind: 'wizard', step: 'a1', answer: { a: 'regs', on: false } },
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
      'p:1:pb2',
      'q:1:42:0:1440-60',
      'q:1:42:0:60-60',
      'q:1:42:0:d2',
      'q:1:42',
      'q:1:42:0:on',
      'cp:1:stop',
      'cp:x',
      'x:1',
      '',
    ])
      expect(decode(data)).toBeUndefined();
  });
});
