import { sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../db/client.ts';

/**
 * A route with a topic per value ("by buyer (sub_id_1) → forum «Team», one topic per value")
 * sends each value to a forum topic named after it, made with createForumTopic the first time
 * the value arrives and remembered here. The topic is made by the dispatcher, when the first
 * message for it is about to go; a postback is never kept waiting for Telegram.
 */

/** The topics made so far for a profile's routes: route id → value → topic. */
export async function topicsOfProfile(
  exec: Executor,
  profileId: number,
): Promise<Map<number, Record<string, number>>> {
  const rows = await queryRows<{ route_id: number; value: string; topic_id: number }>(
    exec,
    sql`SELECT v.route_id, v.value, v.topic_id FROM keitaro_value_topics v
        JOIN keitaro_routes r ON r.id = v.route_id WHERE r.profile_id = ${profileId}`,
  );
  const byRoute = new Map<number, Record<string, number>>();
  for (const row of rows) {
    const topics = byRoute.get(row.route_id) ?? {};
    topics[row.value] = row.topic_id;
    byRoute.set(row.route_id, topics);
  }
  return byRoute;
}

export async function topicOfValue(
  exec: Executor,
  routeId: number,
  value: string,
): Promise<number | null> {
  const [row] = await queryRows<{ topic_id: number }>(
    exec,
    sql`SELECT topic_id FROM keitaro_value_topics WHERE route_id = ${routeId} AND value = ${value}`,
  );
  return row ? row.topic_id : null;
}

/**
 * Remembers the topic made for a value, and sends there what waits for it. Returns the topic
 * that is remembered (another instance may have made one a moment before).
 */
export async function rememberTopic(
  exec: Executor,
  at: { routeId: number; chatId: number; value: string; topicId: number },
): Promise<number> {
  await exec.execute(
    sql`INSERT INTO keitaro_value_topics (route_id, value, chat_id, topic_id)
        VALUES (${at.routeId}, ${at.value}, ${at.chatId}, ${at.topicId})
        ON CONFLICT ON CONSTRAINT keitaro_value_topics_pkey DO NOTHING`,
  );
  const topicId = (await topicOfValue(exec, at.routeId, at.value)) ?? at.topicId;
  await exec.execute(
    sql`UPDATE keitaro_deliveries SET topic_id = ${topicId}
        WHERE route_id = ${at.routeId} AND topic_value = ${at.value} AND topic_id IS NULL
          AND state NOT IN ('sent', 'dead')`,
  );
  return topicId;
}

/** The value's topic was deleted: forget it, so the next message makes a new one. */
export async function forgetTopic(
  exec: Executor,
  at: { routeId: number; value: string; topicId: number },
): Promise<void> {
  await exec.execute(
    sql`DELETE FROM keitaro_value_topics
        WHERE route_id = ${at.routeId} AND value = ${at.value} AND topic_id = ${at.topicId}`,
  );
  await exec.execute(
    sql`UPDATE keitaro_deliveries SET topic_id = NULL
        WHERE route_id = ${at.routeId} AND topic_value = ${at.value} AND topic_id = ${at.topicId}
          AND state NOT IN ('sent', 'dead')`,
  );
}
