import { sql } from 'drizzle-orm';
import type { InlineKeyboardButton } from 'grammy/types';
import { encode } from '../bot/callback.ts';
import { type Executor, queryRows } from '../db/client.ts';
import { t } from '../messages/i18n.ts';
import { TEST_RAW_QUERY } from '../postback/store.ts';
import type { ClaimedDelivery } from './outbox.ts';

/**
 * "🔕 Pause this campaign for 1 h" under a conversion sent to a group or channel, when its
 * profile offers it (`pause_button`). The button names only the event; who may press it and
 * what it pauses are decided from the database when it is pressed (bot/campaign-pause.ts).
 * Never in private chats, on digests or on tests.
 */
export async function pauseButtonFor(
  exec: Executor,
  d: ClaimedDelivery,
): Promise<InlineKeyboardButton[][] | null> {
  // A group's id is negative; an edit is of a conversion's message, its buttons set again.
  if (d.chatId > 0) return null;
  const eventId = d.kind === 'event' ? d.eventId : d.kind === 'edit' ? d.editOfEvent : null;
  if (eventId === null) return null;
  if (d.kind === 'event' && (!d.event || d.event.test || d.event.campaignId === null)) return null;
  const [row] = await queryRows<{ on: boolean }>(
    exec,
    sql`SELECT true AS on FROM keitaro_events e
        JOIN keitaro_profiles p ON p.id = e.profile_id AND p.pause_button
        WHERE e.id = ${eventId} AND e.campaign_id IS NOT NULL
          AND e.raw_query IS DISTINCT FROM ${TEST_RAW_QUERY}`,
  );
  if (!row) return null;
  const data = encode({ kind: 'campaign', eventId });
  return [[{ text: t(d.language, 'campaign-pause-btn'), callback_data: data }]];
}
