import { describe, expect, it } from 'vitest';
import { classifyApiError, classifyEditError, refusalOf } from '../../src/delivery/failures.ts';
import { DEFAULT_RETRY, retryDelayMs } from '../../src/delivery/retry.ts';

describe('Telegram errors, classified once', () => {
  it.each([
    [
      {
        error_code: 429,
        description: 'Too Many Requests: retry after 7',
        parameters: { retry_after: 7 },
      },
      { kind: 'retry_after', seconds: 7 },
    ],
    [
      { error_code: 403, description: 'Forbidden: bot was blocked by the user' },
      { kind: 'chat_gone', why: 'blocked', reason: 'Forbidden: bot was blocked by the user' },
    ],
    [
      { error_code: 403, description: 'Forbidden: bot was kicked from the supergroup chat' },
      { kind: 'chat_gone', why: 'kicked' },
    ],
    [
      { error_code: 403, description: 'Forbidden: bot is not a member of the channel chat' },
      { kind: 'chat_gone', why: 'not_member' },
    ],
    [
      { error_code: 403, description: 'Forbidden: user is deactivated' },
      { kind: 'chat_gone', why: 'blocked' },
    ],
    [
      { error_code: 400, description: 'Bad Request: chat not found' },
      { kind: 'chat_gone', why: 'not_found' },
    ],
    [
      { error_code: 400, description: 'Bad Request: CHAT_WRITE_FORBIDDEN' },
      { kind: 'chat_gone', why: 'no_rights' },
    ],
    [
      {
        error_code: 400,
        description: 'Bad Request: not enough rights to send text messages to the chat',
      },
      { kind: 'chat_gone', why: 'no_rights' },
    ],
    [
      {
        error_code: 400,
        description: 'Bad Request: group chat was upgraded to a supergroup chat',
        parameters: { migrate_to_chat_id: -1001234567890 },
      },
      { kind: 'migrated', newChatId: -1001234567890 },
    ],
    [
      { error_code: 400, description: 'Bad Request: message thread not found' },
      { kind: 'thread_not_found' },
    ],
    [{ error_code: 400, description: 'Bad Request: TOPIC_CLOSED' }, { kind: 'thread_not_found' }],
    [
      {
        error_code: 400,
        description:
          'Bad Request: can\'t parse entities: Unsupported start tag "br" at byte offset 12',
      },
      { kind: 'bad_html' },
    ],
    [{ error_code: 401, description: 'Unauthorized' }, { kind: 'unauthorized' }],
    [{ error_code: 502, description: 'Bad Gateway' }, { kind: 'transient' }],
    [{ error_code: 500, description: 'Internal Server Error' }, { kind: 'transient' }],
    [{ error_code: 400, description: 'Bad Request: message is too long' }, { kind: 'rejected' }],
  ])('%j', (error, expected) => {
    expect(classifyApiError(error)).toMatchObject(expected);
  });
});

describe("Telegram's refusals, recorded earlier, in plain cases", () => {
  it('tell kicked, not a member, no rights, chat gone, topic gone and a blocked private chat apart', () => {
    expect(refusalOf('Forbidden: bot was kicked from the supergroup chat')).toBe('kicked');
    expect(refusalOf('Forbidden: bot is not a member of the channel chat')).toBe('not_member');
    expect(refusalOf('Bad Request: not enough rights to send text messages to the chat')).toBe(
      'no_rights',
    );
    expect(refusalOf('Bad Request: CHAT_WRITE_FORBIDDEN')).toBe('no_rights');
    expect(refusalOf('Bad Request: chat not found')).toBe('not_found');
    expect(refusalOf('Forbidden: bot was blocked by the user')).toBe('blocked');
    expect(refusalOf('Bad Request: message thread not found')).toBe('topic_missing');
    expect(refusalOf('Bad Request: something new')).toBe('other');
  });

  it('tell an edit that changed nothing from a message that is gone', () => {
    const edit = (description: string) => classifyEditError({ error_code: 400, description });
    expect(edit('Bad Request: message is not modified: specified new message content')).toBe(
      'not_modified',
    );
    expect(edit('Bad Request: message to edit not found')).toBe('message_gone');
    expect(edit("Bad Request: message can't be edited")).toBe('message_gone');
    expect(edit('Bad Request: message is too long')).toBe('other');
  });
});

describe('retries', () => {
  it('back off exponentially with jitter, about ten attempts over an hour, then stop', () => {
    const mid = () => 0.5;
    const delays = Array.from({ length: 10 }, (_, i) => retryDelayMs(DEFAULT_RETRY, i + 1, mid));
    expect(delays.slice(0, 4)).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(delays[9]).toBeNull();
    const total = (delays.filter((d) => d !== null) as number[]).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(40 * 60_000);
    expect(total).toBeLessThan(70 * 60_000);
  });

  it('spread retries that failed together', () => {
    expect(retryDelayMs(DEFAULT_RETRY, 3, () => 0)).toBe(32_000);
    expect(retryDelayMs(DEFAULT_RETRY, 3, () => 1)).toBe(48_000);
  });
});
