import { sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../db/client.ts';
import { escapeHtml } from '../messages/render.ts';
import type { ClaimedDelivery } from './outbox.ts';

/**
 * A buyer can be mapped to a Telegram user (buyer names, `mention`): that buyer's deposits
 * mention them, so their phone rings; registrations only when asked. `@username` is written
 * as it is (Telegram makes it a mention); a user id becomes a link to the user (a
 * text_mention), shown with the buyer's name.
 */

/** The line that mentions the buyer of this conversion, or null. */
export async function mentionFor(exec: Executor, d: ClaimedDelivery): Promise<string | null> {
  const e = d.event;
  if (d.kind !== 'event' || !e || e.test || d.eventId === null) return null;
  const money = e.status === 'deposit' || e.status === 'rebill';
  if (!money && e.status !== 'registration') return null;
  const [row] = await queryRows<{ name: string; mention: string; registrations: boolean }>(
    exec,
    sql`SELECT n.name, n.mention, n.mention_registrations AS registrations
        FROM keitaro_events ev
        JOIN keitaro_profiles p ON p.id = ev.profile_id AND p.buyer_field IS NOT NULL
        JOIN keitaro_buyer_names n ON n.profile_id = p.id AND n.mention IS NOT NULL
          AND n.value = CASE WHEN p.buyer_field = 'source' THEN ev.source
                             ELSE btrim(ev.payload ->> p.buyer_field) END
        WHERE ev.id = ${d.eventId}`,
  );
  if (!row || (!money && !row.registrations)) return null;
  return `👤 ${mentionHtml(row.mention, row.name)}`;
}

/** `@anna` as it is; a user id as a link that mentions them by the buyer's name. */
export function mentionHtml(mention: string, name: string): string {
  return /^\d+$/.test(mention)
    ? `<a href="tg://user?id=${mention}">${escapeHtml(name)}</a>`
    : escapeHtml(mention);
}
