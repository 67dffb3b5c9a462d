import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { deliveries } from '../../src/db/schema.ts';
import { depositQuery } from '../fixtures/postbacks.ts';
import { databaseKinds } from '../support/databases.ts';
import { type DeliveryWorld, startDeliveryWorld } from '../support/delivery.ts';
import { waitFor } from '../support/processes.ts';

const GROUP = -1001000000300;

async function deliveryOf(w: DeliveryWorld, eventId: number) {
  const [row] = await w.database.db
    .select()
    .from(deliveries)
    .where(eq(deliveries.eventId, eventId));
  return row;
}

/**
 * The disk fills up: from now on the outbox cannot record a delivery as sent (the write is
 * refused, as PostgreSQL refuses writes when it cannot extend a file), until `free` is called.
 */
async function diskFullForSentDeliveries(w: DeliveryWorld) {
  const db = w.database.db;
  await db.execute(
    sql`ALTER TABLE keitaro_deliveries ADD CONSTRAINT no_space_left_on_device CHECK (state <> 'sent') NOT VALID`,
  );
  return {
    free: async () => {
      await db.execute(sql`ALTER TABLE keitaro_deliveries DROP CONSTRAINT no_space_left_on_device`);
    },
  };
}

describe.each(databaseKinds)('delivery at the edges on %s', (kind) => {
  let w: DeliveryWorld;
  afterEach(async () => {
    await w?.close();
  });

  it('sends a conversion once when recording the send fails for longer than its lease', {
    timeout: 60_000,
  }, async () => {
    w = await startDeliveryWorld(kind, { dispatcher: { leaseSec: 1 } });
    const p = await w.profile({ defaultChatId: GROUP });
    const disk = await diskFullForSentDeliveries(w);
    const id = await w.post(p, depositQuery(1));
    await waitFor(() => w.telegram.messagesTo(GROUP).length === 1);

    // The lease runs out while the send is still unrecorded, and the dispatcher goes on.
    await waitFor(async () => {
      const [row] = await queryRows<{ expired: boolean }>(
        w.database.db,
        sql`SELECT lease_until < now() AS expired FROM keitaro_deliveries WHERE event_id = ${id}`,
      );
      return row?.expired === true;
    });
    const failuresSoFar = w.logs.filter((l) => l.includes('no_space_left_on_device')).length;
    await waitFor(
      () =>
        w.telegram.messagesTo(GROUP).length > 1 ||
        w.logs.filter((l) => l.includes('no_space_left_on_device')).length > failuresSoFar + 1,
    );
    await disk.free();

    await waitFor(async () => (await deliveryOf(w, id))?.state === 'sent');
    expect(w.telegram.messagesTo(GROUP)).toHaveLength(1);
    expect(await deliveryOf(w, id)).toMatchObject({
      messageId: w.telegram.messagesTo(GROUP)[0]?.messageId,
    });
  });
});
