import type { ConversationData, VersionedState } from '@grammyjs/conversations';
import { eq, sql } from 'drizzle-orm';
import type { Context } from 'grammy';
import type { Db } from '../db/client.ts';
import { botSessions } from '../db/schema.ts';

/**
 * Where grammY's conversations keep a person's unfinished wizard: one row per Telegram user in
 * keitaro_bot_sessions. Keyed by the person, not the chat, so that `/connect` sent in a group
 * can answer the wizard running in their private chat.
 */

/** Raise when a wizard's steps change shape: unfinished wizards of the old shape are dropped. */
export const WIZARD_STATE_VERSION = 2;

type State = VersionedState<ConversationData>;

const keyOf = (ctx: Context) => (ctx.from ? `wizard:${ctx.from.id}` : undefined);

export function wizardStorage(db: Db) {
  return {
    type: 'context' as const,
    version: WIZARD_STATE_VERSION,
    adapter: {
      async read(ctx: Context): Promise<State | undefined> {
        const key = keyOf(ctx);
        if (!key) return undefined;
        const [row] = await db.select().from(botSessions).where(eq(botSessions.key, key));
        return row?.value as State | undefined;
      },
      async write(ctx: Context, state: State): Promise<void> {
        const key = keyOf(ctx);
        if (!key) return;
        await db
          .insert(botSessions)
          .values({ key, value: state })
          .onConflictDoUpdate({
            target: botSessions.key,
            set: { value: state, updatedAt: sql`now()` },
          });
      },
      async delete(ctx: Context): Promise<void> {
        const key = keyOf(ctx);
        if (key) await db.delete(botSessions).where(eq(botSessions.key, key));
      },
    },
  };
}
