import { type Checkpoint, type Conversation, createConversation } from '@grammyjs/conversations';
import { sql } from 'drizzle-orm';
import type { Api, Context } from 'grammy';
import { type Db, queryRows } from '../db/client.ts';
import type { ProfileRow, RouteRow } from '../db/schema.ts';
import { setQuietHours } from '../delivery/calm.ts';
import {
  type AdminApiProblem,
  adminHost,
  type CheckOptions,
  KEY_SHAPE,
} from '../keitaro/admin-api.ts';
import { getConnection } from '../keitaro/connections.ts';
import { type Logger, maskInLogs } from '../log.ts';
import { t } from '../messages/i18n.ts';
import { escapeHtml, formatDuration } from '../messages/render.ts';
import type { NormalizedStatus } from '../postback/status.ts';
import {
  addRoute,
  listRoutes,
  toRoute,
  updateProfile,
  updateRoute,
} from '../profiles/repository.ts';
import { routeInput } from '../profiles/settings.ts';
import type { Condition, ConditionField } from '../routing/conditions.ts';
import { type Language, type MatchBy, profileTarget } from '../routing/route.ts';
import { buyerNamesOf, nameBuyer, setMention, unnameBuyer } from '../stats/buyers.ts';
import { setSummary } from '../stats/schedule.ts';
import { changeStatsSettings } from '../stats/settings.ts';
import { decode, ROUTE_FIELDS, type RouteField, type WizardAnswer } from './callback.ts';
import { bindChat } from './connect.ts';
import { type BotContext, languageOf, putScreen } from './context.ts';
import * as input from './input.ts';
import {
  buyerNamesView,
  insightsView,
  sendsTo,
  summariesView,
  summaryTargets,
} from './insights-screens.ts';
import { connectWith, outcomeText } from './keitaro.ts';
import { checkingScreen, keitaroView, reportText } from './keitaro-screens.ts';
import { quietView } from './quiet-screens.ts';
import {
  backRow,
  matchText,
  type RouteLike,
  routeSummary,
  type Screen,
  withNotice,
} from './screens.ts';
import {
  type ChosenChat,
  chatName,
  chatProblemText,
  checkTopic,
  chosenChat,
  inspectChat,
  knownTargets,
  loadNames,
  rememberChat,
  rememberTopic,
  type TargetRef,
  targetLabel,
  topicOf,
} from './targets.ts';
import {
  limitsView,
  profileFor,
  profileView,
  routesView,
  routeView,
  type Viewer,
} from './views.ts';
import * as steps from './wizard-screens.ts';

/**
 * Multi-step input as grammY conversations: adding or editing a route, choosing where a
 * profile's notifications go, renaming, limits. A wizard's state is kept in the database
 * (keitaro_bot_sessions, per person), so a restart in the middle does not strand anyone.
 *
 * Inside a conversation every side effect goes through `conversation.external`, so that a
 * replay reads it back instead of doing it again; Bot API calls use the bot's own `Api` (with
 * auto-retry) and never throw into the conversation.
 */

export interface WizardDeps {
  db: Db;
  api: Api;
  botId: () => number;
  isAdmin: (userId: number) => boolean;
  logger: Logger;
  onProfilesChanged: () => void;
  chatReachable: (chatId: number) => Promise<unknown>;
  /** ENCRYPTION_KEY, which seals an Admin API key before it is stored. */
  encryptionKey?: Buffer;
  /** The Admin API checks' fetch, timeouts and clock (tests). */
  keitaro?: CheckOptions;
}

type Conv = Conversation<BotContext, Context>;

/** A wizard left alone for a day is over; the next message is an ordinary one. */
const IDLE_MS = 24 * 3600 * 1000;

class Cancelled extends Error {}
/** ⬅️ Back: to the step before (or, on the first, to the screen the wizard came from). */
class Back extends Error {}

/** Cancel and Back, which every step offers. */
function control(pressed: WizardAnswer): void {
  if (pressed.a === 'cancel') throw new Cancelled();
  if (pressed.a === 'back') throw new Back();
}

type Input =
  | { kind: 'button'; pressed: WizardAnswer }
  | { kind: 'text'; text: string; messageId: number }
  | { kind: 'shared'; chatId: number }
  /** A person chosen with Telegram's person picker. */
  | { kind: 'user'; userId: number }
  | {
      kind: 'connect';
      chat: ChosenChat;
      topic: { id: number; name: string | null } | null;
    };

interface Session {
  c: Conv;
  deps: WizardDeps;
  userId: number;
  lang: Language;
  /** The message that shows the current question. */
  messageId: number | undefined;
  /** The person typed something below it: the next question is a new message. */
  fresh: boolean;
  /** This wizard's part of its step tokens, and how many steps it has shown. */
  nonce: string;
  shown: number;
  frame: steps.WizardFrame;
}

/** Only plain values cross a replay (dates would come back as strings). */
interface ProfileBrief {
  id: number;
  name: string;
  ownerUserId: number;
  language: Language;
  defaultChatId: number | null;
  defaultTopicId: number | null;
  buyerField: string | null;
}

const brief = (p: ProfileRow): ProfileBrief => ({
  id: p.id,
  name: p.name,
  ownerUserId: p.ownerUserId,
  language: p.language as Language,
  defaultChatId: p.defaultChatId,
  defaultTopicId: p.defaultTopicId,
  buyerField: p.buyerField,
});

const viewerOf = (s: Session): Viewer => ({ userId: s.userId, admin: s.deps.isAdmin(s.userId) });

/** The frame of a new step: a fresh token, so that only this step's buttons answer it. */
function next(s: Session): steps.WizardFrame {
  s.shown += 1;
  s.frame = { ...s.frame, step: `${s.nonce}${s.shown.toString(36)}` };
  return s.frame;
}

async function put(s: Session, screen: Screen): Promise<void> {
  const { api, logger } = s.deps;
  const fresh = s.fresh;
  const previous = s.messageId;
  s.messageId = await s.c.external(() =>
    putScreen(api, s.userId, fresh ? undefined : previous, screen).catch((error: unknown) => {
      logger.warn({ err: error }, 'bot: showing a wizard step failed');
      return previous;
    }),
  );
  s.fresh = false;
}

/** A message outside the panel (the picker's keyboard, its removal, a reply in a group). */
async function say(
  s: Session,
  chatId: number,
  text: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const { api, logger } = s.deps;
  await s.c.external(() =>
    api
      .sendMessage(chatId, text, { parse_mode: 'HTML', ...extra })
      .then(() => undefined)
      .catch((error: unknown) => logger.warn({ err: error }, 'bot: a wizard message failed')),
  );
}

const CONNECT = /^\/connect(@\w+)?(\s|$)/;
const COMMAND = /^\/[A-Za-z0-9_]{1,32}(@\w+)?(\s|$)/;

/**
 * The person's next answer. A button of another screen or a command means they moved on: the
 * wizard ends and the update is handled as usual. In a group only `/connect` is an answer
 * (where `connect` is asked); anything else there passes by.
 */
async function read(s: Session, options: { connect?: boolean } = {}): Promise<Input> {
  for (;;) {
    const ctx = await s.c.wait({ maxMilliseconds: IDLE_MS });
    const data = ctx.callbackQuery?.data;
    if (data !== undefined) {
      const pressed = decode(data);
      if (pressed?.kind === 'wizard' && ctx.chat?.type === 'private') {
        if (pressed.step === s.frame.step) {
          await ctx.answerCallbackQuery().catch(() => {});
          return { kind: 'button', pressed: pressed.answer };
        }
        // A button of another question (an older panel, another wizard) answers nothing.
        await ctx.answerCallbackQuery({ text: t(s.lang, 'bot-wz-closed') }).catch(() => {});
        continue;
      }
      await s.c.halt({ next: true });
    }
    const message = ctx.message;
    if (message && ctx.chat?.type === 'private') {
      s.fresh = true;
      if (message.chat_shared) return { kind: 'shared', chatId: message.chat_shared.chat_id };
      const user = message.users_shared?.users[0];
      if (user) return { kind: 'user', userId: user.user_id };
      // A command leaves the wizard; a pattern such as /^1[0-9]$/ is an answer.
      if (message.text && COMMAND.test(message.text)) await s.c.halt({ next: true });
      return { kind: 'text', text: message.text ?? '', messageId: message.message_id };
    }
    if (
      options.connect &&
      message?.text &&
      CONNECT.test(message.text) &&
      message.chat.type !== 'private'
    ) {
      s.fresh = true;
      return { kind: 'connect', chat: chosenChat(message.chat), topic: topicOf(message) };
    }
    await s.c.skip({ next: true });
  }
}

/** On a question answered by buttons only, what is typed gets a hint on the panel posted again. */
const buttonsOnly = (s: Session, answer: Input): string | undefined =>
  answer.kind === 'button' ? undefined : t(s.lang, 'bot-wz-choose-buttons');

async function begin(c: Conv, ctx: Context, deps: WizardDeps): Promise<Session> {
  const from = ctx.from as { id: number; language_code?: string };
  const lang = await c.external(() => languageOf(deps.db, from));
  // Tells this wizard's buttons from those of earlier ones (replayed, like every read).
  const nonce = Math.floor((await c.random()) * 36 ** 4).toString(36);
  return {
    nonce,
    shown: 0,
    c,
    deps,
    userId: from.id,
    lang,
    // Only a button in the private chat is a message to show the wizard in.
    messageId: ctx.chat?.type === 'private' ? ctx.callbackQuery?.message?.message_id : undefined,
    fresh: false,
    frame: { lang, title: '', step: '' },
  };
}

/** Shows the screen a wizard returns to (loaded fresh), with a notice on top. */
async function finish(
  s: Session,
  load: (viewer: Viewer) => Promise<Screen | undefined>,
  notice?: string,
): Promise<void> {
  const { api, logger } = s.deps;
  const fresh = s.fresh;
  const previous = s.messageId;
  const lang = s.lang;
  await s.c.external(async () => {
    const screen = (await load(viewerOf(s))) ?? {
      text: t(lang, 'bot-not-found'),
      keyboard: [backRow(lang, { kind: 'profiles' })],
    };
    await putScreen(api, s.userId, fresh ? undefined : previous, withNotice(screen, notice)).catch(
      (error: unknown) => logger.warn({ err: error }, 'bot: showing a screen failed'),
    );
  });
}

// ---- choosing a chat and a topic ----

/** Checks a chat for this person and remembers it; the refusal in plain words otherwise. */
async function check(
  s: Session,
  chatId: number,
): Promise<{ ok: true; chat: ChosenChat } | { ok: false; text: string }> {
  const { db, api, botId } = s.deps;
  const { userId, lang } = s;
  return s.c.external(async () => {
    const result = await inspectChat(api, chatId, botId(), userId);
    if (!result.ok) return { ok: false as const, text: chatProblemText(lang, result, chatId) };
    if (result.chat.type !== 'private') await rememberChat(db, result.chat);
    return { ok: true as const, chat: result.chat };
  });
}

/** Telegram's chat picker; null when the person closed it or the chat was refused. */
async function pick(s: Session, kind: 'g' | 'c'): Promise<ChosenChat | null> {
  await say(s, s.userId, t(s.lang, `bot-wz-pick-hint-${kind}`), {
    reply_markup: steps.pickerKeyboard(s.lang, kind),
  });
  const answer = await read(s);
  const close = (text: string) =>
    say(s, s.userId, text, { reply_markup: { remove_keyboard: true } });
  s.fresh = true;
  if (answer.kind !== 'shared') {
    await close(t(s.lang, 'bot-wz-pick-closed'));
    // Back here is back to the choices.
    if (answer.kind === 'button' && answer.pressed.a === 'cancel') throw new Cancelled();
    return null;
  }
  const result = await check(s, answer.chatId);
  await close(
    result.ok
      ? t(s.lang, 'bot-wz-chosen', { chat: chatName(s.lang, result.chat.title, result.chat.id) })
      : result.text,
  );
  return result.ok ? result.chat : null;
}

/** A chat id typed by hand; null: back to the choices. */
async function typeChatId(s: Session): Promise<ChosenChat | null> {
  let error: string | undefined;
  for (;;) {
    await put(s, steps.chatIdStep(next(s), error));
    const answer = await read(s);
    if (answer.kind === 'button') {
      if (answer.pressed.a === 'back') return null;
      control(answer.pressed);
      continue;
    }
    if (answer.kind !== 'text') continue;
    const parsed = input.parseChatId(answer.text);
    if (!parsed.ok) {
      error = t(s.lang, parsed.error, parsed.args);
      continue;
    }
    const result = await check(s, parsed.value);
    if (result.ok) return result.chat;
    error = result.text;
  }
}

/** `/connect` in a group while a wizard asks for a chat: that chat (or topic) is the answer. */
async function connected(
  s: Session,
  answer: Extract<Input, { kind: 'connect' }>,
  what: string,
): Promise<TargetRef | null> {
  const { chat, topic } = answer;
  const topicId = topic?.id ?? null;
  const where = topicId === null ? {} : { message_thread_id: topicId };
  const result = await check(s, chat.id);
  if (!result.ok) {
    await say(s, chat.id, result.text, where);
    return null;
  }
  const { db } = s.deps;
  if (topic?.name) {
    const { id, name } = topic;
    await s.c.external(() => rememberTopic(db, chat.id, id, name));
  }
  await say(
    s,
    chat.id,
    t(s.lang, topicId === null ? 'bot-wz-connected-chat' : 'bot-wz-connected-topic', { what }),
    where,
  );
  return { chatId: chat.id, topicId };
}

async function askTopic(
  s: Session,
  chat: ChosenChat,
  what: string,
  current?: TargetRef,
): Promise<number | null> {
  const { db } = s.deps;
  const known = await s.c.external(async () =>
    (
      await queryRows<{ topic_id: number; name: string }>(
        db,
        sql`SELECT topic_id, name FROM keitaro_topics WHERE chat_id = ${chat.id} ORDER BY name LIMIT 8`,
      )
    ).map((r) => ({
      label: `💬 ${r.name}`,
      answer: { a: 'topic' as const, topicId: r.topic_id },
    })),
  );
  const keep =
    current && current.chatId === chat.id
      ? current.topicId === null
        ? t(s.lang, 'bot-wz-main-thread')
        : String(current.topicId)
      : undefined;
  let error: string | undefined;
  for (;;) {
    await put(
      s,
      steps.topicStep(next(s), chatName(s.lang, chat.title, chat.id), known, keep, error),
    );
    error = undefined;
    const answer = await read(s, { connect: true });
    if (answer.kind === 'button') {
      const { pressed } = answer;
      control(pressed);
      if (pressed.a === 'keep' && keep !== undefined) return current?.topicId ?? null;
      if (pressed.a === 'topic') return pressed.topicId;
      continue;
    }
    if (answer.kind === 'connect') {
      if (answer.chat.id !== chat.id) {
        error = t(s.lang, 'bot-wz-connect-other-chat', {
          chat: chatName(s.lang, chat.title, chat.id),
        });
        continue;
      }
      const target = await connected(s, answer, what);
      if (target) return target.topicId;
      continue;
    }
    if (answer.kind === 'text') {
      const parsed = input.parseTopic(answer.text, chat.id);
      if (!parsed.ok) {
        error = t(s.lang, parsed.error, parsed.args);
        continue;
      }
      // A number is easy to mistype: a topic that does not exist is not accepted.
      const topic = parsed.value;
      const found = await s.c.external(() => checkTopic(s.deps.api, chat.id, topic));
      if (found !== 'missing') return topic;
      error = t(s.lang, 'bot-wz-topic-missing', {
        chat: chatName(s.lang, chat.title, chat.id),
        topic,
      });
    }
  }
}

/**
 * Where notifications go: this private chat, a chat used before, Telegram's picker, a typed
 * id, or `/connect` sent in the group or topic itself. A forum is asked for its topic.
 */
async function askTarget(
  s: Session,
  ownerUserId: number,
  what: string,
  current?: TargetRef,
): Promise<TargetRef> {
  const { db } = s.deps;
  const { userId, lang } = s;
  let error: string | undefined;
  for (;;) {
    const { known, keep } = await s.c.external(async () => {
      const refs = await knownTargets(db, userId);
      const names = await loadNames(db, [...refs.map((r) => r.chatId), current?.chatId ?? 0]);
      return {
        known: refs.map((r) => ({
          label: `👥 ${targetLabel(lang, ownerUserId, r.chatId, r.topicId, names)}`,
          answer: { a: 'to' as const, chatId: r.chatId, topicId: r.topicId },
        })),
        keep: current
          ? targetLabel(lang, ownerUserId, current.chatId, current.topicId, names)
          : undefined,
      };
    });
    await put(s, steps.targetStep(next(s), known, keep, error));
    error = undefined;
    const answer = await read(s, { connect: true });
    let chosen: ChosenChat | null = null;
    if (answer.kind === 'button') {
      const { pressed } = answer;
      control(pressed);
      if (pressed.a === 'keep' && current)
        return { chatId: current.chatId, topicId: current.topicId };
      if (pressed.a === 'to-me') return { chatId: userId, topicId: null };
      if (pressed.a === 'to') {
        const result = await check(s, pressed.chatId);
        if (!result.ok) {
          error = result.text;
          continue;
        }
        if (pressed.topicId !== null) return { chatId: result.chat.id, topicId: pressed.topicId };
        // A chat used before may be a forum (now, or all along): it is asked for its topic.
        chosen = result.chat;
      } else if (pressed.a === 'pick') chosen = await pick(s, pressed.kind);
      else if (pressed.a === 'type-id') chosen = await typeChatId(s);
    } else if (answer.kind === 'connect') {
      const target = await connected(s, answer, what);
      if (target) return target;
      continue;
    } else if (answer.kind === 'text') {
      // A chat id typed right away is understood too.
      const parsed = input.parseChatId(answer.text);
      if (!parsed.ok) {
        error = t(
          lang,
          /^\s*-?\d/.test(answer.text) ? parsed.error : 'bot-wz-use-buttons',
          parsed.args,
        );
        continue;
      }
      const result = await check(s, parsed.value);
      if (!result.ok) {
        error = result.text;
        continue;
      }
      chosen = result.chat;
    } else if (answer.kind === 'shared') {
      const result = await check(s, answer.chatId);
      if (!result.ok) {
        error = result.text;
        continue;
      }
      chosen = result.chat;
    }
    if (!chosen) continue;
    if (chosen.type === 'private') return { chatId: chosen.id, topicId: null };
    if (!chosen.isForum) return { chatId: chosen.id, topicId: null };
    try {
      return { chatId: chosen.id, topicId: await askTopic(s, chosen, what, current) };
    } catch (error) {
      // Back from the topic: the choices again.
      if (!(error instanceof Back)) throw error;
    }
  }
}

// ---- the route wizard ----

export interface RouteDraft {
  matchBy: MatchBy;
  matchValue: string | null;
  isPattern: boolean;
  statuses: NormalizedStatus[];
  geo: string[];
  /** Made with the CLI (`--match`) or by "each buyer"; kept as they are otherwise. */
  conditions: Condition[];
  /** A forum topic per value of this field ("each buyer in their own topic"). */
  topicField?: ConditionField | null;
  chatId: number;
  topicId: number | null;
  priority: number;
  language: Language | null;
}

function draftOf(row: RouteRow): RouteDraft {
  const { id: _id, enabled: _enabled, ...route } = toRoute(row);
  return {
    ...route,
    statuses: [...route.statuses],
    geo: [...route.geo],
    conditions: [...route.conditions],
  };
}

/** Every conversion; conditions, when given, narrow it. */
const ANY = { matchBy: 'any', matchValue: null, isPattern: false } as const;

type Match = Pick<RouteDraft, 'matchBy' | 'matchValue' | 'isPattern'> &
  Partial<Pick<RouteDraft, 'conditions' | 'topicField'>>;

/**
 * Which conversions: by campaign, by source, all, or each buyer into a topic of their own
 * (every conversion that names a buyer in `buyerField`, a topic per buyer). Choosing another
 * kind undoes "each buyer"; conditions made with the CLI stay otherwise.
 */
async function askMatch(s: Session, old: Match | undefined, buyerField: string): Promise<Match> {
  const plain = old?.topicField ? { conditions: [], topicField: null } : {};
  for (;;) {
    const matchBy = await askMatchBy(s, old);
    if (matchBy === 'keep' && old) return old;
    if (matchBy === 'keep') continue;
    if (matchBy === 'buyer') {
      const field = buyerField as ConditionField;
      return { ...ANY, conditions: [{ field, pattern: '.+' }], topicField: field };
    }
    if (matchBy === 'any') return { ...ANY, ...plain };
    try {
      if (matchBy === 'fields') return await askConditions(s, old);
      const values = await askValues(s, matchBy, old?.matchBy === matchBy ? old : undefined);
      return { ...values, ...plain };
    } catch (error) {
      // Back from the values: which kind of match, again.
      if (!(error instanceof Back)) throw error;
    }
  }
}

async function askMatchBy(
  s: Session,
  old: Match | undefined,
): Promise<MatchBy | 'keep' | 'buyer' | 'fields'> {
  const oldLabel = old ? matchLabel(s.lang, old) : undefined;
  let hint: string | undefined;
  for (;;) {
    await put(s, steps.matchByStep(next(s), oldLabel, hint));
    const answer = await read(s);
    hint = buttonsOnly(s, answer);
    if (answer.kind !== 'button') continue;
    const { pressed } = answer;
    control(pressed);
    if (pressed.a === 'keep' && old) return 'keep';
    if (pressed.a === 'match') return pressed.by;
    if (pressed.a === 'buyer') return 'buyer';
    if (pressed.a === 'fields') return 'fields';
  }
}

/** A question answered by typing (or Keep): asked again with the refusal until it reads. */
async function askTyped<T>(
  s: Session,
  screen: (error: string | undefined) => Screen,
  parse: (text: string) => input.Parsed<T>,
  keep: T | undefined,
  chosen: (pressed: WizardAnswer) => T | undefined = () => undefined,
): Promise<T> {
  let error: string | undefined;
  for (;;) {
    await put(s, screen(error));
    const answer = await read(s);
    if (answer.kind === 'button') {
      control(answer.pressed);
      if (answer.pressed.a === 'keep' && keep !== undefined) return keep;
      const value = chosen(answer.pressed);
      if (value !== undefined) return value;
      continue;
    }
    if (answer.kind !== 'text') continue;
    const parsed = parse(answer.text);
    if (parsed.ok) return parsed.value;
    error = t(s.lang, parsed.error, parsed.args);
  }
}

/** Any fields: `sub_id_1 = buyer7`, `country = UA, KZ`…, one a line, all of which must hold. */
function askConditions(s: Session, old: Match | undefined): Promise<Match> {
  const keep =
    old && old.matchBy === 'any' && !old.topicField && old.conditions?.length ? old : undefined;
  return askTyped(
    s,
    (error) => steps.conditionsStep(next(s), keep && matchLabel(s.lang, keep), error),
    (text): input.Parsed<Match> => {
      const parsed = input.parseConditions(text);
      if (!parsed.ok) return parsed;
      const conditions = parsed.value;
      return { ok: true, value: { ...ANY, conditions, topicField: null } };
    },
    keep,
  );
}

function askValues(
  s: Session,
  matchBy: Exclude<MatchBy, 'any'>,
  keep: Match | undefined,
): Promise<Match> {
  return askTyped(
    s,
    (error) => steps.valuesStep(next(s), matchBy, keep && matchLabel(s.lang, keep), error),
    (text): input.Parsed<Match> => {
      const parsed = input.parseMatchValue(text, matchBy);
      if (!parsed.ok) return parsed;
      const { value, isPattern } = parsed.value;
      return { ok: true, value: { matchBy, matchValue: value, isPattern } };
    },
    keep,
  );
}

const matchLabel = (lang: Language, d: Pick<RouteDraft, 'matchBy' | 'matchValue' | 'isPattern'>) =>
  matchText(lang, d, escapeHtml(d.matchValue ?? ''));

async function askStatuses(s: Session, initial: readonly NormalizedStatus[]) {
  let chosen = [...initial];
  let hint: string | undefined;
  for (;;) {
    await put(s, steps.statusesStep(next(s), chosen, hint));
    const answer = await read(s);
    hint = buttonsOnly(s, answer);
    if (answer.kind !== 'button') continue;
    const { pressed } = answer;
    control(pressed);
    if (pressed.a === 'ok') return chosen;
    if (pressed.a !== 'status') continue;
    const { status } = pressed;
    chosen = chosen.includes(status) ? chosen.filter((x) => x !== status) : [...chosen, status];
  }
}

async function askGeo(s: Session, old: string[] | undefined): Promise<string[]> {
  const keep =
    old === undefined ? undefined : old.length > 0 ? old.join(', ') : t(s.lang, 'bot-wz-any-geo');
  let error: string | undefined;
  for (;;) {
    await put(s, steps.geoStep(next(s), keep, error));
    const answer = await read(s);
    if (answer.kind === 'button') {
      control(answer.pressed);
      if (answer.pressed.a === 'keep' && old) return old;
      if (answer.pressed.a === 'any-geo') return [];
      continue;
    }
    if (answer.kind !== 'text') continue;
    const parsed = input.parseGeo(answer.text);
    if (parsed.ok) return parsed.value;
    error = t(s.lang, parsed.error, parsed.args);
  }
}

async function askPriority(s: Session, others: number[], old: number | undefined): Promise<number> {
  if (others.length === 0) return old ?? 10;
  const first = Math.min(...others) - 10;
  const last = Math.max(...others) + 10;
  let error: string | undefined;
  for (;;) {
    await put(s, steps.priorityStep(next(s), first, last, old, error));
    const answer = await read(s);
    if (answer.kind === 'button') {
      const { pressed } = answer;
      control(pressed);
      if (pressed.a === 'keep' && old !== undefined) return old;
      if (pressed.a === 'place') return pressed.where === 'first' ? first : last;
      continue;
    }
    if (answer.kind !== 'text') continue;
    const parsed = input.parsePriority(answer.text);
    if (parsed.ok) return parsed.value;
    error = t(s.lang, parsed.error, parsed.args);
  }
}

async function askLanguage(
  s: Session,
  profileLanguage: Language,
  old: Language | null | undefined,
): Promise<Language | null> {
  let hint: string | undefined;
  for (;;) {
    await put(s, steps.languageStep(next(s), profileLanguage, old, hint));
    const answer = await read(s);
    hint = buttonsOnly(s, answer);
    if (answer.kind !== 'button') continue;
    control(answer.pressed);
    if (answer.pressed.a === 'language') return answer.pressed.language;
  }
}

async function confirm(s: Session, draft: RouteDraft, ownerUserId: number): Promise<void> {
  const { db } = s.deps;
  const lang = s.lang;
  const summary = await s.c.external(async () => {
    const names = await loadNames(db, [draft.chatId]);
    const like: RouteLike = { ...draft, enabled: true };
    return routeSummary(lang, like, ownerUserId, names);
  });
  let hint: string | undefined;
  for (;;) {
    await put(s, steps.confirmStep(next(s), summary, draft.priority, hint));
    const answer = await read(s);
    hint = buttonsOnly(s, answer);
    if (answer.kind !== 'button') continue;
    control(answer.pressed);
    if (answer.pressed.a === 'ok') return;
  }
}

export interface RouteWizardArgs {
  profileId: number;
  /** Absent: a new route. */
  routeId?: number;
  /** Chosen already, by `/connect` in the chat or topic itself: not asked again. */
  target?: TargetRef;
  /** Only this one, then saved (an existing route). */
  field?: RouteField;
}

async function routeWizard(deps: WizardDeps, c: Conv, ctx: Context, args: RouteWizardArgs) {
  const s = await begin(c, ctx, deps);
  const { db } = deps;
  const lang = s.lang;
  const start = await c.external(async () => {
    const profile = await profileFor(db, viewerOf(s), args.profileId);
    if (!profile) return null;
    const routes = await listRoutes(db, profile.id);
    const index = routes.findIndex((r) => r.id === args.routeId);
    const route = routes[index];
    if (args.routeId !== undefined && !route) return null;
    return {
      profile: brief(profile),
      position: index + 1,
      old: route ? draftOf(route) : null,
      others: routes.filter((r) => r.id !== args.routeId).map((r) => r.priority),
    };
  });
  if (!start) return finish(s, async () => undefined);
  const { profile, old } = start;
  const name = escapeHtml(profile.name);
  s.frame = {
    ...s.frame,
    title: old
      ? t(lang, 'bot-wz-route-edit', { n: start.position, name })
      : t(lang, 'bot-wz-route-new', { name }),
  };
  const back = (viewer: Viewer) =>
    profileFor(db, viewer, profile.id).then(async (p) => {
      if (!p) return undefined;
      const route =
        args.routeId === undefined
          ? undefined
          : (await listRoutes(db, p.id)).find((r) => r.id === args.routeId);
      return route ? routeView(db, lang, p, route) : routesView(db, lang, p);
    });
  const what = t(lang, 'bot-wz-what-route', { name });
  // Answers so far: what a new route has been told, or the route being edited.
  const answers: Partial<RouteDraft> = old ? { ...old } : {};
  const ask: Record<RouteField, () => Promise<void>> = {
    match: async () => {
      const had = answers.matchBy === undefined ? undefined : (answers as Match);
      Object.assign(answers, await askMatch(s, had, profile.buyerField ?? 'sub_id_1'));
    },
    statuses: async () => {
      answers.statuses = await askStatuses(s, answers.statuses ?? []);
    },
    geo: async () => {
      answers.geo = await askGeo(s, answers.geo);
    },
    target: async () => {
      const had = answers.chatId === undefined ? undefined : (answers as TargetRef);
      const target = await askTarget(s, profile.ownerUserId, what, had);
      answers.chatId = target.chatId;
      answers.topicId = target.topicId;
    },
    priority: async () => {
      answers.priority = await askPriority(s, start.others, answers.priority);
    },
    language: async () => {
      answers.language = await askLanguage(s, profile.language, answers.language);
    },
  };
  // One field from the route's screen, or every step; with no other route, no place to ask.
  // A target chosen already (by /connect in the chat or topic itself) is not asked again.
  if (args.target) {
    answers.chatId = args.target.chatId;
    answers.topicId = args.target.topicId;
  }
  const fields = args.field
    ? [args.field]
    : ROUTE_FIELDS.filter(
        (f) => (f !== 'priority' || start.others.length > 0) && (f !== 'target' || !args.target),
      );
  try {
    let at = 0;
    while (at <= fields.length) {
      try {
        const field = fields[at];
        if (field) await ask[field]();
        else if (!args.field) {
          answers.priority ??= 10;
          await confirm(s, answers as RouteDraft, profile.ownerUserId);
        }
        at += 1;
      } catch (error) {
        if (!(error instanceof Back)) throw error;
        if (at === 0) return finish(s, back);
        at -= 1;
      }
    }
    const draft = answers as RouteDraft;
    const saved = await c.external(async () => {
      const owner = await profileFor(db, viewerOf(s), profile.id);
      if (!owner) return null;
      const valid = routeInput.parse({ ...draft, matchValue: draft.matchValue ?? undefined });
      const row =
        args.routeId === undefined
          ? await addRoute(db, owner.id, valid)
          : await updateRoute(db, args.routeId, valid);
      if (!row) return null;
      deps.onProfilesChanged();
      await deps.chatReachable(row.chatId);
      deps.logger.info({ profile_id: owner.id, route_id: row.id }, 'route saved in the bot');
      const warning = row.topicField ? await topicRightsProblem(deps, row.chatId) : null;
      return { id: row.id, warning };
    });
    if (saved === null) return finish(s, async () => undefined);
    const notice = [
      t(lang, 'bot-wz-route-saved'),
      ...(saved.warning ? [t(lang, saved.warning)] : []),
    ];
    await finish(
      s,
      async (viewer) => {
        const p = await profileFor(db, viewer, profile.id);
        const route = p && (await listRoutes(db, p.id)).find((r) => r.id === saved.id);
        return p && route ? routeView(db, lang, p, route) : undefined;
      },
      notice.join('\n'),
    );
  } catch (error) {
    if (error instanceof Back) return finish(s, back);
    if (!(error instanceof Cancelled)) throw error;
    await finish(s, back, t(lang, 'bot-wz-cancelled'));
  }
}

/**
 * A topic per buyer needs a forum where the bot may manage topics: what is missing, as a
 * message of the locale files, or null (also when Telegram could not be asked).
 */
async function topicRightsProblem(deps: WizardDeps, chatId: number): Promise<string | null> {
  try {
    const chat = await deps.api.getChat(chatId);
    if (!('is_forum' in chat && chat.is_forum)) return 'bot-wz-not-forum';
    const member = await deps.api.getChatMember(chatId, deps.botId());
    const may =
      member.status === 'creator' ||
      (member.status === 'administrator' && member.can_manage_topics === true);
    return may ? null : 'bot-wz-topic-rights';
  } catch (error) {
    deps.logger.warn({ err: error, chat_id: chatId }, 'could not check the right to make topics');
    return null;
  }
}

// ---- the profile's own chat, its name, its limits ----

async function targetWizard(deps: WizardDeps, c: Conv, ctx: Context, profileId: number) {
  const s = await begin(c, ctx, deps);
  const { db } = deps;
  const lang = s.lang;
  const found = await c.external(async () => {
    const p = await profileFor(db, viewerOf(s), profileId);
    return p ? brief(p) : null;
  });
  if (!found) return finish(s, async () => undefined);
  const name = escapeHtml(found.name);
  s.frame = { ...s.frame, title: t(lang, 'bot-wz-target-title', { name }) };
  const back = async (viewer: Viewer) => {
    const p = await profileFor(db, viewer, profileId);
    return p && profileView(db, lang, p);
  };
  try {
    const target = await askTarget(
      s,
      found.ownerUserId,
      t(lang, 'bot-wz-what-profile', { name }),
      profileTarget(found),
    );
    await c.external(async () => {
      const p = await profileFor(db, viewerOf(s), profileId);
      if (p) await bindChat(deps, p, target.chatId, target.topicId, 'wizard');
    });
    await finish(s, back, t(lang, 'bot-wz-target-saved'));
  } catch (error) {
    if (error instanceof Back) return finish(s, back);
    if (!(error instanceof Cancelled)) throw error;
    await finish(s, back, t(lang, 'bot-wz-cancelled'));
  }
}

export type TextField = 'name' | 'rps' | 'ttl' | 'tz' | 'sum' | 'bn' | 'qh';

export interface FieldArgs {
  profileId: number;
  field: TextField;
  /** `sum`, `qh`: whose daily summary, whose quiet hours. */
  target?: { chatId: number; topicId: number };
}

/** One value typed into a text step: asked, read, saved, and the screen to go back to. */
interface FieldSpec<T> {
  question: string;
  parse: (text: string) => input.Parsed<T>;
  /** What it is now, offered as "Keep: …"; none for a list (buyer names). */
  current?: (p: ProfileRow, lang: Language) => string;
  save: (deps: WizardDeps, p: ProfileRow, value: T, args: FieldArgs) => Promise<void>;
  back: (db: Db, lang: Language, p: ProfileRow, args: FieldArgs) => Promise<Screen | undefined>;
}

/** Erases the value's type, which only its own spec reads. */
const spec = <T>(s: FieldSpec<T>) => s as unknown as FieldSpec<unknown>;

const profileField = <T extends string | number>(
  question: string,
  parse: (text: string) => input.Parsed<T>,
  key: 'name' | 'rateLimitRps' | 'dedupTtlSec',
) =>
  spec<T>({
    question,
    parse,
    // The window as the limits screen says it ("1 ч"), which can be typed back as it is.
    current: (p, lang) =>
      key === 'dedupTtlSec' ? formatDuration(p.dedupTtlSec, lang) : String(p[key]),
    save: async (deps, p, value) => {
      await updateProfile(deps.db, p.id, { [key]: value });
      deps.onProfilesChanged();
    },
    back: async (db, lang, p) => (key === 'name' ? profileView(db, lang, p) : limitsView(lang, p)),
  });

const FIELDS: Record<TextField, FieldSpec<unknown>> = {
  name: profileField('bot-wz-name', input.parseName, 'name'),
  rps: profileField('bot-wz-rps', input.parseRateLimit, 'rateLimitRps'),
  ttl: profileField('bot-wz-ttl', input.parseDedupWindow, 'dedupTtlSec'),
  tz: spec<string>({
    question: 'bot-wz-zone',
    parse: input.parseTimeZone,
    current: (p) => p.timezone,
    save: async (deps, p, timezone) => {
      await changeStatsSettings(deps.db, p.id, { timezone });
      deps.onProfilesChanged();
    },
    back: (db, lang, p) => insightsView(db, lang, p, new Date()),
  }),
  sum: spec<number>({
    question: 'bot-wz-summary-time',
    parse: input.parseSendTime,
    save: async (deps, p, sendAt, args) => {
      const target = args.target;
      // Still a chat the profile sends to (a route may have gone meanwhile).
      if (!target || !(await sendsTo(deps.db, p, target))) return;
      await setSummary(deps.db, { profileId: p.id, ...target, sendAt });
      deps.onProfilesChanged();
    },
    back: (db, lang, p) => summariesView(db, lang, p),
  }),
  bn: spec<{ value: string; name: string | null; mention?: string }>({
    question: 'bot-wz-buyer-name',
    parse: input.parseBuyerName,
    save: async (deps, p, { value, name, mention }) => {
      if (name === null) return void (await unnameBuyer(deps.db, p.id, value));
      await nameBuyer(deps.db, p.id, value, name);
      if (mention) await setMention(deps.db, p.id, value, mention);
    },
    back: (db, lang, p) => buyerNamesView(db, lang, p, new Date()),
  }),
  qh: spec<{ fromMin: number; toMin: number }>({
    question: 'bot-wz-quiet-hours',
    parse: input.parseQuietHours,
    save: async (deps, p, window, args) => {
      const target = args.target;
      if (!target || !(await sendsTo(deps.db, p, target))) return;
      await setQuietHours(deps.db, { profileId: p.id, ...target }, window);
      deps.onProfilesChanged();
    },
    back: (db, lang, p) => quietView(db, lang, p, new Date()),
  }),
};

async function fieldWizard(deps: WizardDeps, c: Conv, ctx: Context, args: FieldArgs) {
  const s = await begin(c, ctx, deps);
  const { db } = deps;
  const lang = s.lang;
  const field = FIELDS[args.field];
  const found = await c.external(async () => {
    const p = await profileFor(db, viewerOf(s), args.profileId);
    if (!p) return null;
    return { name: p.name, current: field.current?.(p, lang) ?? null };
  });
  if (!found) return finish(s, async () => undefined);
  s.frame = { ...s.frame, title: t(lang, 'bot-wz-field-title', { name: escapeHtml(found.name) }) };
  const back = async (viewer: Viewer) => {
    const p = await profileFor(db, viewer, args.profileId);
    return p && field.back(db, lang, p, args);
  };
  const current = found.current === null ? undefined : escapeHtml(found.current);
  let error: string | undefined;
  try {
    for (;;) {
      await put(s, steps.textStep(next(s), t(lang, field.question), current, error));
      const answer = await read(s);
      if (answer.kind === 'button') {
        control(answer.pressed);
        if (answer.pressed.a === 'keep') return finish(s, back);
        continue;
      }
      if (answer.kind !== 'text') continue;
      const parsed = field.parse(answer.text);
      if (!parsed.ok) {
        error = t(lang, parsed.error, parsed.args);
        continue;
      }
      // Checked again right before writing: the profile may have changed hands meanwhile.
      const saved = await c.external(async () => {
        const p = await profileFor(db, viewerOf(s), args.profileId);
        if (!p) return false;
        await field.save(deps, p, parsed.value, args);
        return true;
      });
      if (!saved) return finish(s, async () => undefined);
      return finish(s, back, t(lang, 'bot-wz-field-saved'));
    }
  } catch (error) {
    if (error instanceof Back) return finish(s, back);
    if (!(error instanceof Cancelled)) throw error;
    await finish(s, back, t(lang, 'bot-wz-cancelled'));
  }
}

// ---- whom a buyer's deposits mention ----

/**
 * Buyer → Telegram user: picked among the administrators of the profile's groups, with
 * Telegram's person picker, or typed as @username; then deposits only, or registrations too.
 */
async function mentionWizard(deps: WizardDeps, c: Conv, ctx: Context, profileId: number) {
  const s = await begin(c, ctx, deps);
  const { db, api, logger } = deps;
  const lang = s.lang;
  const back = async (viewer: Viewer) => {
    const p = await profileFor(db, viewer, profileId);
    return p && buyerNamesView(db, lang, p, new Date());
  };
  const found = await c.external(async () => {
    const p = await profileFor(db, viewerOf(s), profileId);
    if (!p) return null;
    const buyers = (await buyerNamesOf(db, p.id)).slice(0, 20);
    return { name: p.name, buyers: buyers.map(({ value, name }) => ({ value, name })) };
  });
  if (!found) return finish(s, async () => undefined);
  s.frame = {
    ...s.frame,
    title: t(lang, 'bot-wz-mention-title', { name: escapeHtml(found.name) }),
  };
  try {
    const value = await askTyped(
      s,
      (error) => steps.mentionBuyerStep(next(s), found.buyers, error),
      (text) => input.parseBuyerValue(text),
      undefined,
      (pressed) => (pressed.a === 'item' ? found.buyers[pressed.i]?.value : undefined),
    );
    const people = await c.external(async () => {
      const p = await profileFor(db, viewerOf(s), profileId);
      return p ? groupAdministrators(api, logger, await summaryTargets(db, p)) : [];
    });
    const mention = await askMentioned(s, value, people);
    let registrations = false;
    if (mention !== null) {
      let hint: string | undefined;
      for (;;) {
        await put(s, steps.mentionRegistrationsStep(next(s), hint));
        const answer = await read(s);
        hint = buttonsOnly(s, answer);
        if (answer.kind !== 'button') continue;
        control(answer.pressed);
        if (answer.pressed.a === 'regs') {
          registrations = answer.pressed.on;
          break;
        }
      }
    }
    const saved = await c.external(async () => {
      const p = await profileFor(db, viewerOf(s), profileId);
      if (!p) return false;
      await setMention(db, p.id, value, mention, registrations);
      return true;
    });
    if (!saved) return finish(s, async () => undefined);
    const notice =
      mention === null
        ? t(lang, 'bot-mention-off', { buyer: escapeHtml(value) })
        : t(lang, registrations ? 'bot-mention-on-regs' : 'bot-mention-on', {
            buyer: escapeHtml(value),
          });
    return finish(s, back, notice);
  } catch (error) {
    if (error instanceof Back) return finish(s, back);
    if (!(error instanceof Cancelled)) throw error;
    await finish(s, back, t(lang, 'bot-wz-cancelled'));
  }
}

/** A user id, an @username, or null (nobody); the person picker stays open meanwhile. */
async function askMentioned(
  s: Session,
  buyer: string,
  people: readonly { id: number; name: string }[],
): Promise<string | null> {
  await say(s, s.userId, t(s.lang, 'bot-wz-pick-person-hint'), {
    reply_markup: steps.personPickerKeyboard(s.lang),
  });
  // The question goes below the picker's hint, as the last message of the chat.
  s.fresh = true;
  const close = () =>
    say(s, s.userId, t(s.lang, 'bot-wz-person-chosen'), {
      reply_markup: { remove_keyboard: true },
    });
  let error: string | undefined;
  try {
    for (;;) {
      await put(s, steps.mentionWhoStep(next(s), escapeHtml(buyer), people, error));
      const answer = await read(s);
      if (answer.kind === 'user') return String(answer.userId);
      if (answer.kind === 'button') {
        control(answer.pressed);
        if (answer.pressed.a === 'who') return String(answer.pressed.userId);
        if (answer.pressed.a === 'nobody') return null;
        continue;
      }
      if (answer.kind !== 'text') continue;
      const parsed = input.parseUsername(answer.text);
      if (parsed.ok) return parsed.value;
      error = t(s.lang, parsed.error, parsed.args);
    }
  } finally {
    s.fresh = true;
    await close();
  }
}

/** The people administering the profile's groups (not bots), to pick from; at most eight. */
async function groupAdministrators(
  api: Api,
  logger: Logger,
  targets: readonly { chatId: number }[],
): Promise<{ id: number; name: string }[]> {
  const people = new Map<number, string>();
  for (const chatId of new Set(targets.map((target) => target.chatId).filter((id) => id < 0))) {
    const admins = await api.getChatAdministrators(chatId).catch((error: unknown) => {
      logger.debug({ err: error, chat_id: chatId }, 'bot: no administrators to offer');
      return [];
    });
    for (const { user } of admins) {
      if (user.is_bot) continue;
      const name = [user.first_name, user.last_name].filter(Boolean).join(' ');
      people.set(user.id, user.username ? `${name} @${user.username}` : name);
    }
  }
  return [...people].slice(0, 8).map(([id, name]) => ({ id, name }));
}

// ---- 🔌 Keitaro's Admin API ----

export interface KeitaroWizardArgs {
  profileId: number;
  /** On a connection that exists, only the key or only the address: the other is kept. */
  change?: 'key' | 'url';
}

/**
 * What a rewind carries back to the question: where the panel is, and the refusal to show on
 * it. A rewind forgets everything after its checkpoint (its point: the message holding a key
 * leaves the wizard's stored state), so this crosses in memory, outside the conversation; the
 * rewound wizard runs again at once, within the same update.
 */
interface Rewound {
  messageId: number | undefined;
  fresh: boolean;
  refusal: string | undefined;
}

/** Trouble with the address rather than the key: the address is asked again. */
function addressTrouble(problem: AdminApiProblem): boolean {
  return (
    problem.kind === 'bad_url' ||
    problem.kind === 'not_keitaro' ||
    problem.kind === 'unreachable' ||
    problem.kind === 'payment_required' ||
    (problem.kind === 'forbidden' && problem.by === 'cloudflare')
  );
}

/** The message holding the key (Back and Cancel are the step's buttons). */
async function readKey(s: Session, refusal: string | undefined) {
  for (;;) {
    await put(s, steps.textStep(next(s), t(s.lang, 'bot-wz-keitaro-key'), undefined, refusal));
    const answer = await read(s);
    if (answer.kind === 'text') return answer;
    if (answer.kind === 'button') control(answer.pressed);
  }
}

/**
 * 🔌 Connect: the panel's address, then the Admin API key, checked before anything is stored;
 * or, on a connection that exists, one of the two. The key's message is deleted as soon as it
 * is read, the key masked in logs and never shown. It is the wizard's last answer: the wizard
 * never waits for another update while that message is in its stored state. To ask again (a
 * malformed key, the tracker's no) it rewinds to the question, which drops the message too.
 */
async function keitaroWizard(
  deps: WizardDeps,
  rewound: Map<number, Rewound>,
  c: Conv,
  ctx: Context,
  args: KeitaroWizardArgs,
) {
  const s = await begin(c, ctx, deps);
  const { db, api, logger } = deps;
  const lang = s.lang;
  const found = await c.external(async () => {
    const p = await profileFor(db, viewerOf(s), args.profileId);
    if (!p) return null;
    return { name: p.name, url: (await getConnection(db, p.id))?.url ?? null };
  });
  if (!found) return finish(s, async () => undefined);
  // A connection gone meanwhile is made anew: both are asked.
  const change = found.url === null ? undefined : args.change;
  s.frame = { ...s.frame, title: t(lang, 'bot-keitaro', { name: escapeHtml(found.name) }) };
  const back = async (viewer: Viewer) => {
    const p = await profileFor(db, viewer, args.profileId);
    return p && keitaroView(db, lang, p, deps.encryptionKey !== undefined);
  };
  /** Asks again from `to`, on the panel as it is now, with `refusal` above the question. */
  const again = async (to: Checkpoint, refusal?: string): Promise<never> => {
    const handed: Rewound = { messageId: s.messageId, fresh: s.fresh, refusal };
    await c.external(() => {
      rewound.set(s.userId, handed);
    });
    return c.rewind(to);
  };
  /** The refusal `again` carried here, and its panel; nothing on the way forward. */
  const resumed = async (): Promise<string | undefined> => {
    const handed = await c.external(() => {
      const value = rewound.get(s.userId) ?? null;
      rewound.delete(s.userId);
      return value;
    });
    if (!handed) return undefined;
    s.messageId = handed.messageId;
    s.fresh = handed.fresh;
    return handed.refusal;
  };
  let kept = false;
  /** The message with the key could not be deleted: every answer says so. */
  const noted = (text: string) => (kept ? `${text}\n\n${t(lang, 'bot-keitaro-key-kept')}` : text);
  try {
    const askAddress = async () => {
      const refusal = await resumed();
      return askTyped(
        s,
        (error) =>
          steps.textStep(next(s), t(lang, 'bot-wz-keitaro-url'), undefined, error ?? refusal),
        input.parseAdminUrl,
        undefined,
      );
    };
    const atAddress = c.checkpoint();
    const url = change === 'key' && found.url ? found.url : await askAddress();
    const atKey = c.checkpoint();
    let apiKey: string | undefined;
    if (change !== 'url') {
      const refusal = await resumed();
      let typed: { text: string; messageId: number };
      try {
        typed = await readKey(s, refusal);
      } catch (error) {
        // Back from the key: the address again, unless only the key changes.
        if (error instanceof Back && change === undefined) return again(atAddress);
        throw error;
      }
      const key = typed.text.trim();
      maskInLogs(key);
      const deleted = await c.external(() =>
        api.deleteMessage(s.userId, typed.messageId).then(
          () => true,
          (error: unknown) => {
            logger.warn({ err: error }, 'bot: could not delete the message holding an API key');
            return false;
          },
        ),
      );
      kept = !deleted;
      // Deleted, it leaves the question as the last message: what follows takes its place.
      s.fresh = kept;
      if (!KEY_SHAPE.test(key)) return again(atKey, noted(t(lang, 'bot-keitaro-key-shape')));
      apiKey = key;
    }
    await put(s, checkingScreen(lang, found.name, adminHost(url)));
    const viewer = viewerOf(s);
    const outcome = await c.external(() => connectWith(deps, viewer, args.profileId, url, apiKey));
    if (outcome.kind === 'checked' && !outcome.report.ok) {
      const address =
        change === 'url' || (change === undefined && addressTrouble(outcome.report.problem));
      return again(address ? atAddress : atKey, noted(reportText(lang, outcome.report)));
    }
    const said = outcomeText(lang, outcome);
    return finish(s, back, said && noted(said));
  } catch (error) {
    if (error instanceof Back) return finish(s, back);
    if (!(error instanceof Cancelled)) throw error;
    await finish(s, back, t(lang, 'bot-wz-cancelled'));
  }
}

export const WIZARDS = {
  route: 'route',
  target: 'target',
  field: 'field',
  mention: 'mention',
  keitaro: 'keitaro',
} as const;

/** The conversations, to install after the `conversations()` middleware. */
export function wizards(deps: WizardDeps) {
  const rewound = new Map<number, Rewound>();
  return [
    createConversation<BotContext, Context>(
      (c, ctx, args: RouteWizardArgs) => routeWizard(deps, c, ctx, args),
      WIZARDS.route,
    ),
    createConversation<BotContext, Context>(
      (c, ctx, profileId: number) => targetWizard(deps, c, ctx, profileId),
      WIZARDS.target,
    ),
    createConversation<BotContext, Context>(
      (c, ctx, args: FieldArgs) => fieldWizard(deps, c, ctx, args),
      WIZARDS.field,
    ),
    createConversation<BotContext, Context>(
      (c, ctx, profileId: number) => mentionWizard(deps, c, ctx, profileId),
      WIZARDS.mention,
    ),
    createConversation<BotContext, Context>(
      (c, ctx, args: KeitaroWizardArgs) => keitaroWizard(deps, rewound, c, ctx, args),
      WIZARDS.keitaro,
    ),
  ];
}
