import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { buyerNames } from '../db/schema.ts';

/**
 * The names buyers are shown by: the value a postback carries in the profile's buyer field
 * (`buyer7`) and the name a team knows them by. Set from the CLI and from the bot.
 */

export interface BuyerName {
  value: string;
  name: string;
  /** Mentioned on the buyer's deposits: `@username` or a user id. */
  mention: string | null;
}

export async function nameBuyer(db: Db, profileId: number, value: string, name: string) {
  await db
    .insert(buyerNames)
    .values({ profileId, value, name })
    .onConflictDoUpdate({ target: [buyerNames.profileId, buyerNames.value], set: { name } });
}

/** Whether the value had a name. */
export async function unnameBuyer(db: Db, profileId: number, value: string): Promise<boolean> {
  const gone = await db
    .delete(buyerNames)
    .where(and(eq(buyerNames.profileId, profileId), eq(buyerNames.value, value)))
    .returning();
  return gone.length > 0;
}

export function buyerNamesOf(db: Db, profileId: number): Promise<BuyerName[]> {
  return db
    .select({ value: buyerNames.value, name: buyerNames.name, mention: buyerNames.mention })
    .from(buyerNames)
    .where(eq(buyerNames.profileId, profileId))
    .orderBy(sql`${buyerNames.value}`);
}

/**
 * Who a buyer's conversions mention (`@username` or a Telegram user id; null: nobody). A buyer
 * without a name yet is shown by their value.
 */
export async function setMention(
  db: Db,
  profileId: number,
  value: string,
  mention: string | null,
  registrations = false,
): Promise<void> {
  await db
    .insert(buyerNames)
    .values({ profileId, value, name: value, mention, mentionRegistrations: registrations })
    .onConflictDoUpdate({
      target: [buyerNames.profileId, buyerNames.value],
      set: { mention, mentionRegistrations: registrations },
    });
}
