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
      { kind: 'route', id: BIG, action: 'ed', field: 'target' },
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
      'p:1:url:en',
      'r:1:up:st',
      'r:x',
      'x:1',
      '',
    ])
      expect(decode(data)).toBeUndefined();
  });
});
