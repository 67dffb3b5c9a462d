import { Api, GrammyError, HttpError, InputFile } from 'grammy';
import type { InlineKeyboardButton } from 'grammy/types';
import { redactSecrets } from '../log.ts';
import type { MessageFormat } from '../messages/render.ts';
import { classifyApiError, type SendFailure } from './failures.ts';

/** The one place that sends notifications to the Bot API (grammY's `Api`). */

export interface OutgoingMessage {
  chatId: number;
  topicId: number | null;
  text: string;
  format: MessageFormat;
  /** A PNG: sent as a photo, `text` its caption. */
  photo?: Buffer | null;
  /** The message this one answers; a deleted one does not stop it (the funnel, funnel.ts). */
  replyTo?: number | null;
  /** Buttons under it (the 🔕 of a campaign, campaign-button.ts). */
  buttons?: InlineKeyboardButton[][] | null;
}

const markup = (buttons: InlineKeyboardButton[][] | null | undefined) =>
  buttons ? { reply_markup: { inline_keyboard: buttons } } : {};

export type SendResult =
  | { ok: true; messageId: number }
  | { ok: false; failure: SendFailure; description: string };

export interface TelegramSender {
  send(message: OutgoingMessage): Promise<SendResult>;
  /** Makes a forum topic; its id comes back as `messageId`. */
  createTopic(chatId: number, name: string): Promise<SendResult>;
  /** Replaces the text of a message sent before (and its buttons: none unless given). */
  edit(
    chatId: number,
    messageId: number,
    text: string,
    format: MessageFormat,
    buttons?: InlineKeyboardButton[][] | null,
  ): Promise<SendResult>;
}

export function createApi(token: string, apiRoot: string): Api {
  // grammY waits 500 s by default; a stuck request must not hold a chat that long.
  return new Api(token, { apiRoot, timeoutSeconds: 20 });
}

export class BotApiSender implements TelegramSender {
  constructor(private readonly api: Api) {}

  async send(message: OutgoingMessage): Promise<SendResult> {
    try {
      const common = {
        ...(message.format === 'html' ? { parse_mode: 'HTML' as const } : {}),
        ...(message.topicId === null ? {} : { message_thread_id: message.topicId }),
        ...(message.replyTo
          ? {
              reply_parameters: {
                message_id: message.replyTo,
                allow_sending_without_reply: true,
              },
            }
          : {}),
        ...markup(message.buttons),
      };
      const sent = message.photo
        ? await this.api.sendPhoto(message.chatId, new InputFile(message.photo, 'summary.png'), {
            ...common,
            caption: message.text,
          })
        : await this.api.sendMessage(message.chatId, message.text, {
            ...common,
            link_preview_options: { is_disabled: true },
          });
      return { ok: true, messageId: sent.message_id };
    } catch (error) {
      return failed(error);
    }
  }

  async createTopic(chatId: number, name: string): Promise<SendResult> {
    try {
      const topic = await this.api.createForumTopic(chatId, name);
      return { ok: true, messageId: topic.message_thread_id };
    } catch (error) {
      return failed(error);
    }
  }

  async edit(
    chatId: number,
    messageId: number,
    text: string,
    format: MessageFormat,
    buttons?: InlineKeyboardButton[][] | null,
  ): Promise<SendResult> {
    try {
      await this.api.editMessageText(chatId, messageId, text, {
        ...(format === 'html' ? { parse_mode: 'HTML' as const } : {}),
        link_preview_options: { is_disabled: true },
        ...markup(buttons),
      });
      return { ok: true, messageId };
    } catch (error) {
      return failed(error);
    }
  }
}

/** A refused call as the dispatcher reads it. */
function failed(error: unknown): SendResult {
  if (error instanceof GrammyError) {
    return { ok: false, failure: classifyApiError(error), description: error.description };
  }
  // HttpError and anything else on the way: the network, a proxy, a timeout.
  const reason = redactSecrets(
    error instanceof HttpError ? `network: ${String(error.error)}` : String(error),
  );
  return { ok: false, failure: { kind: 'transient', reason }, description: reason };
}
