import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { htmlToText } from '../messages/render.ts';

/**
 * A stand-in for the Telegram Bot API, speaking its real request and response shapes, for the
 * demo and the tests. It enforces Telegram's limits (one message a second per chat, 20 a
 * minute per group, 30 a second per bot) with real 429s, and can be told to fail the way
 * Telegram fails: a blocked bot (403), a group upgraded to a supergroup (400 with
 * migrate_to_chat_id), a deleted forum topic, HTML it cannot parse, 5xx outages.
 */

export interface SentMessage {
  messageId: number;
  chatId: number;
  threadId: number | null;
  text: string;
  parseMode: string | null;
  /** The inline keyboard, as the bot last set it. */
  replyMarkup: {
    inline_keyboard?: { text: string; callback_data?: string }[][];
    /** A reply keyboard, such as the chat picker's `request_chat` button. */
    keyboard?: { text: string; request_chat?: Record<string, unknown> }[][];
    remove_keyboard?: boolean;
  } | null;
  at: number;
  /** How many times the bot edited it. */
  edits: number;
  /** A photo's bytes (sendPhoto); `text` is then its caption. */
  photo?: Buffer;
  /** The message this one answers (`reply_parameters`), when it exists. */
  replyTo?: number;
}

export interface FakeChat {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
  title?: string;
  isForum?: boolean;
  /** Forum topics that exist; a message to any other thread fails. */
  topics?: number[];
  /**
   * The bot's standing there (getChatMember): a member by default; an administrator may post
   * in a channel; restricted means it may not write.
   */
  bot?: 'member' | 'administrator' | 'restricted' | 'left';
  /** The bot may create forum topics there (an administrator with can_manage_topics). */
  canManageTopics?: boolean;
}

export interface TelegramLimits {
  chatIntervalMs: number;
  groupPerWindow: number;
  groupWindowMs: number;
  globalPerWindow: number;
  globalWindowMs: number;
}

export const TELEGRAM_LIMITS: TelegramLimits = {
  chatIntervalMs: 1_000,
  groupPerWindow: 20,
  groupWindowMs: 60_000,
  globalPerWindow: 30,
  globalWindowMs: 1_000,
};

interface ApiFailure {
  error_code: number;
  description: string;
  parameters?: Record<string, number>;
}

export interface FakeBotApiOptions {
  /** Enforce Telegram's rate limits with 429s (on by default). */
  enforceLimits?: boolean;
  /** Telegram's limits, scaled down for tests that should not wait real minutes. */
  limits?: TelegramLimits;
  onMessage?: (message: SentMessage) => void;
}

/**
 * How many conversions a message accounts for, read as a person would: one for a
 * notification, the counts of its lines for a digest ("📝 Регистрации: 48 за 2 мин — …").
 */
export function conversionsIn(message: Pick<SentMessage, 'text'>): number {
  const counts = [...message.text.matchAll(/<\/b>: (\d+) (?:за|in) \d+ (?:мин|хв|min)/g)].map((m) =>
    Number(m[1]),
  );
  return counts.length > 0 ? counts.reduce((a, b) => a + b, 0) : 1;
}

const ALLOWED_TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'code',
  'pre',
  'a',
  'tg-spoiler',
  'blockquote',
  'span',
]);

/** Telegram's HTML check, reduced to what matters here: known tags, properly nested. */
function htmlProblem(text: string): string | null {
  const stack: string[] = [];
  for (const match of text.matchAll(/<(\/?)([a-zA-Z-]+)[^>]*>|<|&(?!(amp|lt|gt|quot|#\d+);)/g)) {
    if (match[0] === '<') return `Unsupported start tag at byte offset ${match.index}`;
    if (match[0].startsWith('&')) continue;
    const [, closing, name] = match as unknown as [string, string, string];
    const tag = name.toLowerCase();
    if (!ALLOWED_TAGS.has(tag))
      return `Unsupported start tag "${tag}" at byte offset ${match.index}`;
    if (!closing) stack.push(tag);
    else if (stack.pop() !== tag) return `Can't find end tag corresponding to start tag "${tag}"`;
  }
  return stack.length > 0
    ? `Can't find end tag corresponding to start tag "${stack.at(-1)}"`
    : null;
}

export class FakeBotApi {
  readonly messages: SentMessage[] = [];
  /** Every sendMessage call, including refused ones, with its answer code. */
  readonly calls: { chatId: number; code: number; at: number }[] = [];
  /** Every text the bot sent or edited a message into, in order: all a person was ever shown. */
  readonly texts: { chatId: number; text: string }[] = [];
  /** answerCallbackQuery calls: what the bot said in the little pop-up. */
  readonly callbackAnswers: { id: string; text: string | null }[] = [];
  /** setMyCommands calls, per language. */
  readonly commands: {
    language: string | null;
    /** The scope as sent, e.g. { type: 'chat', chat_id }; null for the default scope. */
    scope: Record<string, unknown> | null;
    commands: { command: string; description?: string }[];
  }[] = [];
  /** setWebhook and deleteWebhook calls, in order. */
  readonly webhooks: {
    method: 'setWebhook' | 'deleteWebhook';
    url: string | null;
    secretToken: string | null;
    allowedUpdates: string[] | null;
  }[] = [];
  /** getUpdates calls: the bot polling for updates. */
  polls = 0;
  /**
   * The highest update id the bot has finished with: a poller asks for offset N only after it
   * has handled every update before N (grammY handles a batch in order before polling again).
   */
  handledThrough = 0;
  private server: Server | null = null;
  private nextMessageId = 1;
  private updates: Record<string, unknown>[] = [];
  private nextUpdateId = 1;
  private waiters: (() => void)[] = [];
  private readonly chats = new Map<number, FakeChat>();
  private readonly blocked = new Map<number, string>();
  private readonly migrated = new Map<number, number>();
  private readonly failures = new Map<number, ApiFailure[]>();
  private readonly badHtmlChats = new Set<number>();
  private readonly admins = new Map<number, Set<number>>();
  private sendsByChat = new Map<number, number[]>();
  private globalSends: number[] = [];
  private botDown: number | null = null;
  private gate: { promise: Promise<void>; open: () => void } | null = null;
  /** sendMessage calls waiting behind `holdSends`. */
  heldSends = 0;
  readonly token: string;

  constructor(
    token = '123456789:AAFakeBotApiTokenForDemoAndTests00000',
    private readonly options: FakeBotApiOptions = {},
  ) {
    this.token = token;
  }

  get botId(): number {
    return Number(this.token.split(':')[0]);
  }

  private botMember(chatId: number): Record<string, unknown> {
    const status = this.chats.get(chatId)?.bot ?? 'member';
    const user = { id: this.botId, is_bot: true, first_name: 'Keitaro Notify' };
    if (status === 'administrator') {
      return {
        status,
        user,
        can_be_edited: false,
        is_anonymous: false,
        can_manage_chat: true,
        can_delete_messages: false,
        can_manage_video_chats: false,
        can_restrict_members: false,
        can_promote_members: false,
        can_change_info: false,
        can_invite_users: false,
        can_post_stories: false,
        can_edit_stories: false,
        can_delete_stories: false,
        can_post_messages: true,
        can_manage_topics: this.chats.get(chatId)?.canManageTopics ?? false,
      };
    }
    if (status === 'restricted') {
      return {
        status,
        user,
        is_member: true,
        can_send_messages: false,
        until_date: 0,
      };
    }
    return { status, user };
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req).then(
        (answer) => {
          res.writeHead(answer.ok ? 200 : (answer.error_code as number), {
            'content-type': 'application/json',
          });
          res.end(JSON.stringify(answer));
        },
        (error: Error) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              ok: false,
              error_code: 500,
              description: `Internal Server Error: ${error.message}`,
            }),
          );
        },
      );
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const wake of this.waiters.splice(0)) wake();
    this.releaseSends();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  // ---- how the test world looks ----

  addChat(chat: FakeChat): void {
    this.chats.set(chat.id, chat);
  }
  /** Someone deleted a forum topic: messages to it fail with "message thread not found". */
  deleteTopic(chatId: number, topicId: number): void {
    const chat = this.chats.get(chatId);
    if (chat) chat.topics = (chat.topics ?? []).filter((id) => id !== topicId);
  }
  /** createForumTopic calls: the chat, the name, the topic made. */
  readonly topicsCreated: { chatId: number; name: string; topicId: number }[] = [];
  private nextTopicId = 1000;
  /** These people administer the chat (getChatMember answers 'administrator'). */
  setAdmins(chatId: number, userIds: number[], names: Record<number, string> = {}): void {
    this.admins.set(chatId, new Set(userIds));
    for (const [id, name] of Object.entries(names)) this.names.set(Number(id), name);
  }
  /** First names of people, as getChatAdministrators shows them ("User" otherwise). */
  private readonly names = new Map<number, string>();
  /** The bot was blocked, kicked or removed: 403 until `unblock`. */
  block(chatId: number, description = 'Forbidden: bot was kicked from the supergroup chat'): void {
    this.blocked.set(chatId, description);
  }
  unblock(chatId: number): void {
    this.blocked.delete(chatId);
  }
  /** The group became a supergroup with a new id. */
  migrate(from: number, to: number): void {
    this.migrated.set(from, to);
    const chat = this.chats.get(from);
    this.chats.set(to, { ...(chat ?? { id: to, type: 'supergroup' }), id: to, type: 'supergroup' });
  }
  /** The next `count` messages to the chat fail with `code` (5xx outage by default). */
  failNext(
    chatId: number,
    count: number,
    failure: ApiFailure = { error_code: 502, description: 'Bad Gateway' },
  ): void {
    this.failures.set(chatId, [
      ...(this.failures.get(chatId) ?? []),
      ...Array(count).fill(failure),
    ]);
  }
  /** Telegram refuses HTML in this chat (as for markup it cannot parse). */
  refuseHtml(chatId: number): void {
    this.badHtmlChats.add(chatId);
  }
  /** sendMessage calls wait unanswered until `releaseSends`, then are answered together. */
  holdSends(): void {
    if (this.gate) return;
    let open = () => {};
    const promise = new Promise<void>((resolve) => {
      open = resolve;
    });
    this.gate = { promise, open };
  }
  releaseSends(): void {
    this.gate?.open();
    this.gate = null;
  }
  /** The whole Bot API answers 5xx until `recover` (an outage). */
  outage(): void {
    this.botDown = 502;
  }
  recover(): void {
    this.botDown = null;
  }
  /** An update for the bot's getUpdates (my_chat_member, message, …). */
  pushUpdate(update: Record<string, unknown>): number {
    const id = this.nextUpdateId++;
    this.updates.push({ update_id: id, ...update });
    for (const wake of this.waiters.splice(0)) wake();
    return id;
  }
  /** The id of the last update pushed (0 before any). */
  get lastUpdateId(): number {
    return this.nextUpdateId - 1;
  }

  /** Someone deleted a message in the chat: it is gone for replies and edits. */
  deleteMessage(chatId: number, messageId: number): void {
    const at = this.messages.findIndex((m) => m.chatId === chatId && m.messageId === messageId);
    if (at >= 0) this.messages.splice(at, 1);
  }
  /** Messages the bot deleted (deleteMessage calls that worked): the chat and the message. */
  readonly deletions: { chatId: number; messageId: number }[] = [];
  private deletesRefused = false;
  /** deleteMessage fails from now on, as Telegram's does for a message it cannot delete. */
  refuseDeletes(): void {
    this.deletesRefused = true;
  }

  messagesTo(chatId: number): SentMessage[] {
    return this.messages.filter((m) => m.chatId === chatId);
  }
  /** sendMessage calls answered 429. */
  get tooManyRequests(): number {
    return this.calls.filter((c) => c.code === 429).length;
  }

  // ---- the API ----

  private async body(req: IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('multipart/form-data')) return multipartFields(Buffer.concat(chunks), type);
    const text = Buffer.concat(chunks).toString('utf8');
    if (!text) return {};
    if (type.includes('json')) return JSON.parse(text) as Record<string, unknown>;
    return Object.fromEntries(new URLSearchParams(text));
  }

  private async handle(req: IncomingMessage): Promise<Record<string, unknown>> {
    const match = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? '');
    if (!match || match[1] !== this.token) {
      return { ok: false, error_code: 401, description: 'Unauthorized' };
    }
    const method = match[2] as string;
    const params = await this.body(req);
    switch (method) {
      case 'getMe':
        return {
          ok: true,
          result: {
            id: Number(this.token.split(':')[0]),
            is_bot: true,
            first_name: 'Keitaro Notify',
            username: 'keitaro_notify_bot',
            can_join_groups: true,
            can_read_all_group_messages: false,
            supports_inline_queries: false,
          },
        };
      case 'deleteWebhook':
      case 'setWebhook':
        this.webhooks.push({
          method,
          url: (params.url as string | undefined) ?? null,
          secretToken: (params.secret_token as string | undefined) ?? null,
          allowedUpdates: (params.allowed_updates as string[] | undefined) ?? null,
        });
        return { ok: true, result: true };
      case 'setMyCommands':
        this.commands.push({
          language: (params.language_code as string | undefined) ?? null,
          scope: (params.scope as Record<string, unknown> | undefined) ?? null,
          commands: params.commands as { command: string; description?: string }[],
        });
        return { ok: true, result: true };
      case 'answerCallbackQuery':
        this.callbackAnswers.push({
          id: String(params.callback_query_id),
          text: (params.text as string | undefined) ?? null,
        });
        return { ok: true, result: true };
      case 'editMessageText': {
        const message = this.messages.find(
          (m) => m.chatId === Number(params.chat_id) && m.messageId === Number(params.message_id),
        );
        if (!message)
          return {
            ok: false,
            error_code: 400,
            description: 'Bad Request: message to edit not found',
          };
        const text = String(params.text ?? '');
        const markup = (params.reply_markup as SentMessage['replyMarkup']) ?? null;
        if (
          text === message.text &&
          JSON.stringify(markup) === JSON.stringify(message.replyMarkup)
        ) {
          return {
            ok: false,
            error_code: 400,
            description: 'Bad Request: message is not modified',
          };
        }
        message.text = text;
        this.texts.push({ chatId: message.chatId, text });
        message.replyMarkup = markup;
        message.parseMode = params.parse_mode === undefined ? null : String(params.parse_mode);
        message.edits++;
        return {
          ok: true,
          result: { message_id: message.messageId, chat: { id: message.chatId }, text },
        };
      }
      case 'deleteMessage': {
        if (this.deletesRefused)
          return {
            ok: false,
            error_code: 400,
            description: "Bad Request: message can't be deleted",
          };
        const chatId = Number(params.chat_id);
        const messageId = Number(params.message_id);
        this.deleteMessage(chatId, messageId);
        this.deletions.push({ chatId, messageId });
        return { ok: true, result: true };
      }
      case 'getUpdates':
        this.polls++;
        return { ok: true, result: await this.getUpdates(params) };
      case 'createForumTopic': {
        const chatId = Number(params.chat_id);
        const chat = this.chats.get(chatId);
        if (!chat)
          return { ok: false, error_code: 400, description: 'Bad Request: chat not found' };
        if (!chat.isForum)
          return {
            ok: false,
            error_code: 400,
            description: 'Bad Request: the chat is not a forum',
          };
        if (!chat.canManageTopics)
          return {
            ok: false,
            error_code: 400,
            description: 'Bad Request: not enough rights to create a topic',
          };
        const topicId = this.nextTopicId++;
        const name = String(params.name ?? '');
        chat.topics = [...(chat.topics ?? []), topicId];
        this.topicsCreated.push({ chatId, name, topicId });
        return {
          ok: true,
          result: { message_thread_id: topicId, name, icon_color: 7322096 },
        };
      }
      case 'getChat': {
        const chat = this.chats.get(Number(params.chat_id));
        const blocked = this.blocked.get(Number(params.chat_id));
        if (blocked) return { ok: false, error_code: 403, description: blocked };
        if (!chat)
          return { ok: false, error_code: 400, description: 'Bad Request: chat not found' };
        return {
          ok: true,
          result: {
            id: chat.id,
            type: chat.type,
            title: chat.title,
            is_forum: chat.isForum ?? false,
          },
        };
      }
      case 'getChatAdministrators': {
        const chatId = Number(params.chat_id);
        if (!this.chats.has(chatId))
          return { ok: false, error_code: 400, description: 'Bad Request: chat not found' };
        const people = [...(this.admins.get(chatId) ?? [])].map((id) => ({
          status: 'administrator',
          user: { id, is_bot: false, first_name: this.names.get(id) ?? 'User' },
        }));
        return { ok: true, result: [this.botMember(chatId), ...people] };
      }
      case 'getChatMember': {
        const userId = Number(params.user_id);
        const chatId = Number(params.chat_id);
        const blocked = this.blocked.get(chatId);
        if (blocked) return { ok: false, error_code: 403, description: blocked };
        if (!this.chats.has(chatId) && chatId < 0)
          return { ok: false, error_code: 400, description: 'Bad Request: chat not found' };
        if (userId === this.botId) return { ok: true, result: this.botMember(chatId) };
        const admin = this.admins.get(Number(params.chat_id))?.has(userId) ?? false;
        return {
          ok: true,
          result: {
            status: admin ? 'administrator' : 'member',
            user: { id: userId, is_bot: false, first_name: 'User' },
            ...(admin
              ? {
                  can_be_edited: false,
                  is_anonymous: false,
                  can_manage_chat: true,
                  can_delete_messages: true,
                  can_manage_video_chats: true,
                  can_restrict_members: true,
                  can_promote_members: false,
                  can_change_info: true,
                  can_invite_users: true,
                  can_post_stories: false,
                  can_edit_stories: false,
                  can_delete_stories: false,
                }
              : {}),
          },
        };
      }
      case 'sendMessage':
      case 'sendPhoto':
        if (this.gate) {
          this.heldSends++;
          await this.gate.promise;
          this.heldSends--;
        }
        return this.sendMessage(params);
      case 'sendChatAction':
        return this.sendChatAction(params);
      default:
        return { ok: false, error_code: 404, description: 'Not Found: method not found' };
    }
  }

  private async getUpdates(params: Record<string, unknown>): Promise<Record<string, unknown>[]> {
    const offset = Number(params.offset ?? 0);
    this.handledThrough = Math.max(this.handledThrough, offset - 1);
    this.updates = this.updates.filter((u) => (u.update_id as number) >= offset);
    if (this.updates.length === 0) {
      const timeout = Math.min(Number(params.timeout ?? 0), 2) * 1000;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeout);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.updates.filter((u) => (u.update_id as number) >= offset);
  }

  private tooMany(retryAfter: number): ApiFailure {
    return {
      error_code: 429,
      description: `Too Many Requests: retry after ${retryAfter}`,
      parameters: { retry_after: retryAfter },
    };
  }

  private limitFailure(chatId: number, now: number): ApiFailure | null {
    if (this.options.enforceLimits === false) return null;
    const limits = this.options.limits ?? TELEGRAM_LIMITS;
    this.globalSends = this.globalSends.filter((t) => t > now - limits.globalWindowMs);
    if (this.globalSends.length >= limits.globalPerWindow) return this.tooMany(1);
    const sends = (this.sendsByChat.get(chatId) ?? []).filter(
      (t) => t > now - limits.groupWindowMs,
    );
    this.sendsByChat.set(chatId, sends);
    const last = sends.at(-1);
    if (last !== undefined && now - last < limits.chatIntervalMs) return this.tooMany(1);
    if (chatId < 0 && sends.length >= limits.groupPerWindow) {
      const oldest = sends[sends.length - limits.groupPerWindow] as number;
      return this.tooMany(Math.ceil((oldest + limits.groupWindowMs - now) / 1000));
    }
    return null;
  }

  /** "typing…": as Telegram, it fails for a chat the bot cannot post to or a topic that does not exist. */
  private sendChatAction(params: Record<string, unknown>): Record<string, unknown> {
    const chatId = Number(params.chat_id);
    const fail = (error_code: number, description: string) => ({
      ok: false,
      error_code,
      description,
    });
    if (this.botDown) return fail(this.botDown, 'Bad Gateway');
    const blocked = this.blocked.get(chatId);
    if (blocked) return fail(403, blocked);
    const chat = this.chats.get(chatId);
    if (!chat && chatId < 0) return fail(400, 'Bad Request: chat not found');
    if (chat?.bot === 'left')
      return fail(403, 'Forbidden: bot is not a member of the supergroup chat');
    const threadId =
      params.message_thread_id === undefined ? null : Number(params.message_thread_id);
    if (threadId !== null && chat?.isForum && !(chat.topics ?? []).includes(threadId)) {
      return fail(400, 'Bad Request: message thread not found');
    }
    return { ok: true, result: true };
  }

  private sendMessage(params: Record<string, unknown>): Record<string, unknown> {
    const chatId = Number(params.chat_id);
    const now = Date.now();
    const answer = (failure: ApiFailure) => {
      this.calls.push({ chatId, code: failure.error_code, at: now });
      return { ok: false, ...failure };
    };
    if (this.botDown) return answer({ error_code: this.botDown, description: 'Bad Gateway' });
    const queued = this.failures.get(chatId);
    if (queued && queued.length > 0) return answer(queued.shift() as ApiFailure);
    const blocked = this.blocked.get(chatId);
    if (blocked) return answer({ error_code: 403, description: blocked });
    const standing = this.chats.get(chatId)?.bot;
    if (standing === 'left')
      return answer({
        error_code: 403,
        description: 'Forbidden: bot is not a member of the supergroup chat',
      });
    if (standing === 'restricted')
      return answer({
        error_code: 400,
        description: 'Bad Request: not enough rights to send text messages to the chat',
      });
    const migratedTo = this.migrated.get(chatId);
    if (migratedTo !== undefined) {
      return answer({
        error_code: 400,
        description: 'Bad Request: group chat was upgraded to a supergroup chat',
        parameters: { migrate_to_chat_id: migratedTo },
      });
    }
    const limit = this.limitFailure(chatId, now);
    if (limit) return answer(limit);
    const photo = params.photo === undefined ? undefined : (params.photo as Buffer | string);
    if (photo !== undefined && !Buffer.isBuffer(photo))
      return answer({ error_code: 400, description: 'Bad Request: wrong file identifier' });
    const text = String((photo ? params.caption : params.text) ?? '');
    const threadId =
      params.message_thread_id === undefined ? null : Number(params.message_thread_id);
    const chat = this.chats.get(chatId);
    if (threadId !== null && chat && !(chat.topics ?? []).includes(threadId)) {
      return answer({ error_code: 400, description: 'Bad Request: message thread not found' });
    }
    const parseMode = params.parse_mode === undefined ? null : String(params.parse_mode);
    if (parseMode === 'HTML') {
      const problem = this.badHtmlChats.has(chatId)
        ? 'Unsupported start tag "b"'
        : htmlProblem(text);
      if (problem)
        return answer({
          error_code: 400,
          description: `Bad Request: can't parse entities: ${problem}`,
        });
    }
    if (text.length === 0 && !photo)
      return answer({ error_code: 400, description: 'Bad Request: message text is empty' });
    const visible = parseMode === 'HTML' ? htmlToText(text) : text;
    if (visible.length > 4096)
      return answer({ error_code: 400, description: 'Bad Request: message is too long' });
    if (photo && visible.length > 1024)
      return answer({ error_code: 400, description: 'Bad Request: message caption is too long' });
    const reply = params.reply_parameters as
      | { message_id?: number; allow_sending_without_reply?: boolean }
      | undefined;
    const replyTo = reply?.message_id === undefined ? undefined : Number(reply.message_id);
    const replied =
      replyTo !== undefined &&
      this.messages.some((m) => m.chatId === chatId && m.messageId === replyTo);
    if (replyTo !== undefined && !replied && !reply?.allow_sending_without_reply)
      return answer({
        error_code: 400,
        description: 'Bad Request: message to be replied not found',
      });
    this.sendsByChat.set(chatId, [...(this.sendsByChat.get(chatId) ?? []), now]);
    this.globalSends.push(now);
    this.calls.push({ chatId, code: 200, at: now });
    const message: SentMessage = {
      messageId: this.nextMessageId++,
      chatId,
      threadId,
      text,
      parseMode,
      replyMarkup: (params.reply_markup as SentMessage['replyMarkup']) ?? null,
      edits: 0,
      at: now,
      ...(photo ? { photo } : {}),
      ...(replied ? { replyTo } : {}),
    };
    this.messages.push(message);
    this.texts.push({ chatId, text });
    this.options.onMessage?.(message);
    return {
      ok: true,
      result: {
        message_id: message.messageId,
        date: Math.floor(now / 1000),
        chat: { id: chatId, type: chat?.type ?? (chatId > 0 ? 'private' : 'supergroup') },
        ...(threadId === null ? {} : { message_thread_id: threadId, is_topic_message: true }),
        text,
      },
    };
  }
}

/**
 * A file upload (sendPhoto) as grammY sends it: fields as text (objects as JSON), files as
 * their bytes. Enough multipart for a stand-in; Telegram's own parser is the real judge.
 */
function multipartFields(body: Buffer, type: string): Record<string, unknown> {
  const boundary = /boundary="?([^";]+)"?/.exec(type)?.[1];
  if (!boundary) return {};
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: Record<string, unknown> = {};
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    // Each part: CRLF, headers, an empty line, the content, CRLF before the next delimiter.
    const part = body.subarray(start + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split !== -1) {
      const headers = part.subarray(0, split).toString('utf8');
      const content = part.subarray(split + 4);
      const name = /name="([^"]*)"/.exec(headers)?.[1];
      if (name !== undefined) {
        fields[name] = /filename=/.test(headers) ? Buffer.from(content) : content.toString('utf8');
      }
    }
    at = next;
  }
  // A file is sent as its own part and named in the field as attach://<part>.
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string' && value.startsWith('attach://'))
      fields[name] = fields[value.slice('attach://'.length)];
  }
  return fields;
}
