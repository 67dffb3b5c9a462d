/**
 * A failed Bot API call, classified once into what the dispatcher does about it, and why a chat
 * refuses messages in words a person can act on. Every caller switches on `kind` (and `why`);
 * nobody else reads Telegram's description strings.
 */

/** Why the bot cannot post to a chat, as the person who can fix it needs to hear it. */
export type ChatRefusal =
  /** A private chat whose person blocked the bot (or deleted their account). */
  | 'blocked'
  /** The bot was removed or banned from the group or channel. */
  | 'kicked'
  | 'not_member'
  /** The bot is in the chat but may not post there. */
  | 'no_rights'
  /** Telegram does not know the chat, or does not show it to the bot. */
  | 'not_found'
  | 'other';

export type SendFailure =
  /** 429: wait `seconds` for this chat (and for everything when it is the bot-wide limit). */
  | { kind: 'retry_after'; seconds: number }
  /** 403 and "chat not found": the bot cannot post there; hold until it is added back. */
  | { kind: 'chat_gone'; why: ChatRefusal; reason: string }
  /** The group became a supergroup: rewrite the id everywhere and resend. */
  | { kind: 'migrated'; newChatId: number }
  /** The forum topic is gone: resend to the chat's main thread and tell the owner. */
  | { kind: 'thread_not_found' }
  /** Telegram could not parse the HTML: resend as plain text. */
  | { kind: 'bad_html'; reason: string }
  /** The token is wrong or revoked: pause everything, lose nothing. */
  | { kind: 'unauthorized'; reason: string }
  /** Network errors and 5xx: retry with backoff. */
  | { kind: 'transient'; reason: string }
  /** Any other 400: this message can never be sent. */
  | { kind: 'rejected'; reason: string };

export interface ApiErrorShape {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

const THREAD_GONE = /message thread not found|TOPIC_CLOSED|TOPIC_DELETED/i;

export function classifyApiError(error: ApiErrorShape): SendFailure {
  const { error_code: code, description } = error;
  if (code === 429) return { kind: 'retry_after', seconds: error.parameters?.retry_after ?? 5 };
  if (error.parameters?.migrate_to_chat_id) {
    return { kind: 'migrated', newChatId: error.parameters.migrate_to_chat_id };
  }
  if (code === 403)
    return { kind: 'chat_gone', why: chatRefusal(description), reason: description };
  if (code === 401 || code === 404) return { kind: 'unauthorized', reason: description };
  if (code >= 500) return { kind: 'transient', reason: description };
  if (THREAD_GONE.test(description)) {
    return { kind: 'thread_not_found' };
  }
  if (
    /can't parse entities|unsupported start tag|can't find end tag|unclosed start tag/i.test(
      description,
    )
  ) {
    return { kind: 'bad_html', reason: description };
  }
  const why = chatRefusal(description);
  if (why === 'not_found' || why === 'no_rights')
    return { kind: 'chat_gone', why, reason: description };
  return { kind: 'rejected', reason: description };
}

function chatRefusal(description: string): ChatRefusal {
  if (/blocked by the user|user is deactivated/i.test(description)) return 'blocked';
  if (/kicked|banned/i.test(description)) return 'kicked';
  if (/not a member|bot is not a participant/i.test(description)) return 'not_member';
  if (
    /not enough rights|have no rights|need administrator rights|CHAT_WRITE_FORBIDDEN|CHAT_RESTRICTED/i.test(
      description,
    )
  ) {
    return 'no_rights';
  }
  if (/chat not found/i.test(description)) return 'not_found';
  return 'other';
}

/**
 * What a refusal recorded earlier (Telegram's description, kept for the logs) means for the
 * reader: why the chat refuses, that the topic is gone, or neither.
 */
export type Refusal = ChatRefusal | 'topic_missing';

export function refusalOf(description: string): Refusal {
  if (THREAD_GONE.test(description)) return 'topic_missing';
  return chatRefusal(description);
}

/** A failed edit of a message the bot sent: nothing changed, or the message is gone. */
export function classifyEditError(error: ApiErrorShape): 'not_modified' | 'message_gone' | 'other' {
  if (/not modified/i.test(error.description)) return 'not_modified';
  if (/not found|can't be edited/i.test(error.description)) return 'message_gone';
  return 'other';
}
