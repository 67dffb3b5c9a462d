import type { ConversationFlavor } from '@grammyjs/conversations';
import { eq, sql } from 'drizzle-orm';
import { type Api, type Context, GrammyError } from 'grammy';
import type { Db } from '../db/client.ts';
import { botUsers } from '../db/schema.ts';
import { classifyEditError } from '../delivery/failures.ts';
import type { Language } from '../routing/route.ts';
import type { Callback, Pressed } from './callback.ts';
import type { Screen } from './screens.ts';

/** What every handler knows about the update: the person's language, and the wizards. */
export type BotContext = ConversationFlavor<Context & { lang: Language }>;

/** A filter for the presses of one kind of button, giving the handler what the codec read. */
export type Presses = <K extends Callback['kind']>(
  kind: K,
) => (ctx: BotContext) => ctx is BotContext & { pressed: Pressed<K> };

/** The Telegram app's language when the person has not chosen one: ru, uk, else en. */
export function fromTelegram(code: string | undefined): Language {
  const base = (code ?? '').slice(0, 2).toLowerCase();
  return base === 'ru' || base === 'uk' ? base : 'en';
}

export async function languageOf(
  db: Db,
  user: { id: number; language_code?: string } | undefined,
): Promise<Language> {
  if (!user) return 'en';
  const [row] = await db.select().from(botUsers).where(eq(botUsers.userId, user.id));
  return (row?.language as Language | null) ?? fromTelegram(user.language_code);
}

export async function setLanguage(db: Db, userId: number, language: Language): Promise<void> {
  await db
    .insert(botUsers)
    .values({ userId, language })
    .onConflictDoUpdate({ target: botUsers.userId, set: { language, updatedAt: sql`now()` } });
}

export const screenOptions = (screen: Screen) => ({
  parse_mode: 'HTML' as const,
  reply_markup: { inline_keyboard: screen.keyboard },
  link_preview_options: { is_disabled: true },
});

const harmlessEditError = (error: unknown) =>
  error instanceof GrammyError && classifyEditError(error) === 'not_modified';
const lostMessage = (error: unknown) =>
  error instanceof GrammyError && classifyEditError(error) === 'message_gone';

/**
 * Shows a screen in place of message `messageId`, or as a new message when there is none (a
 * command) or it is gone. Returns the id of the message that shows it.
 */
export async function putScreen(
  api: Api,
  chatId: number,
  messageId: number | undefined,
  screen: Screen,
): Promise<number> {
  if (messageId !== undefined) {
    try {
      await api.editMessageText(chatId, messageId, screen.text, screenOptions(screen));
      return messageId;
    } catch (error) {
      // Pressing the same button twice changes nothing; an old message may be gone.
      if (harmlessEditError(error)) return messageId;
      if (!lostMessage(error)) throw error;
    }
  }
  const sent = await api.sendMessage(chatId, screen.text, screenOptions(screen));
  return sent.message_id;
}

/** The screen in place of the message whose button was pressed, or a new message. */
export async function show(ctx: Context, screen: Screen): Promise<void> {
  if (ctx.chat === undefined) return;
  await putScreen(ctx.api, ctx.chat.id, ctx.callbackQuery?.message?.message_id, screen);
}
