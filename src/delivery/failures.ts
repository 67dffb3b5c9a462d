/**
 * A failed Bot API call, classified once into what the dispatcher does about it. Every caller
 * switches on `kind`; nobody else reads Telegram's description strings.
 */

export type SendFailure =
  /** 429: wait `seconds` for this chat (and for everything when it is the bot-wide limit). */
  | { kind: 'retry_after'; seconds: number }
  /** 403 and "chat not found": the bot cannot post there; hold until it is added back. */
  | { kind: 'chat_gone'; reason: string }
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

export function classifyApiError(error: ApiErrorShape): SendFailure {
  const { error_code: code, description } = error;
  if (code === 429) return { kind: 'retry_after', seconds: error.parameters?.retry_after ?? 5 };
  if (error.parameters?.migrate_to_chat_id) {
    return { kind: 'migrated', newChatId: error.parameters.migrate_to_chat_id };
  }
  if (code === 403) return { kind: 'chat_gone', reason: description };
  if (code === 401 || code === 404) return { kind: 'unauthorized', reason: description };
  if (code >= 500) return { kind: 'transient', reason: description };
  if (/message thread not found|TOPIC_CLOSED|TOPIC_DELETED/i.test(description)) {
    return { kind: 'thread_not_found' };
  }
  if (
    /can't parse entities|unsupported start tag|can't find end tag|unclosed start tag/i.test(
      description,
    )
  ) {
    return { kind: 'bad_html', reason: description };
  }
  if (
    /chat not found|not enough rights|have no rights|need administrator rights|CHAT_WRITE_FORBIDDEN/i.test(
      description,
    )
  ) {
    return { kind: 'chat_gone', reason: description };
  }
  return { kind: 'rejected', reason: description };
}
