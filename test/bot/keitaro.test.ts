import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encode } from '../../src/bot/callback.ts';
import { adminConnections, type ProfileRow } from '../../src/db/schema.ts';
import type { SentMessage } from '../../src/demo/fake-bot-api.ts';
import { checkConnection } from '../../src/keitaro/admin-api.ts';
import {
  connectionCredentials,
  getConnection,
  saveConnection,
} from '../../src/keitaro/connections.ts';
import { answer, buttons, newProfile, nextScreen, press, say, tap } from '../support/bot.ts';
import { databaseKinds, everythingStored } from '../support/databases.ts';
import { type DeliveryWorld, startDeliveryWorld } from '../support/delivery.ts';
import {
  FAKE_API_KEY,
  FAKE_RESTRICTED_KEY,
  type FakeKeitaro,
  SEED_NOW,
  startFakeKeitaro,
} from '../support/fake-keitaro.ts';
import { waitFor } from '../support/processes.ts';

const ANN = 7_300_101;
const STRANGER = 7_300_102;
const GROUP = -1003000000301;
const NOW = SEED_NOW;
const ENCRYPTION_KEY = '6f1c9a3e5b7d2f40816a3c5e7b9d1f2a4c6e8a0b2d4f6a8c0e2b4d6f8a1c3e5b';
/** Shaped like a key, but not one the tracker knows. */
const WRONG_KEY = 'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5';

describe.each(databaseKinds)("🔌 connecting Keitaro's Admin API from Telegram on %s", (kind) => {
  let w: DeliveryWorld;
  let legacy: FakeKeitaro;
  let v11: FakeKeitaro;
  beforeAll(async () => {
    legacy = await startFakeKeitaro({ generation: 'legacy' });
    v11 = await startFakeKeitaro({ generation: 'v11' });
  });
  afterAll(async () => {
    await legacy.close();
    await v11.close();
  });
  afterEach(async () => {
    legacy.fail = undefined;
    v11.fail = undefined;
    await w?.close();
  });

  const start = (encrypting: boolean) =>
    startDeliveryWorld(kind, {
      keitaro: { now: NOW },
      env: encrypting ? { ENCRYPTION_KEY } : {},
    });

  /** /start → 💚 → ➕ → the profile → 🔌 Keitaro API, in English. */
  async function keitaroScreen(user: number) {
    const { profile, screen } = await newProfile(w, user, 'en');
    const profileScreen = await nextScreen(w, user, () =>
      press(w, user, screen, `p:${profile.id}`, 'en'),
    );
    return { profile, screen: await tap(w, user, profileScreen, '🔌 Keitaro API', 'en') };
  }

  /** Types the key in the private chat: the screen that answers, and the id of the message. */
  async function sendKey(user: number, key: string) {
    let messageId = 0;
    const screen = await nextScreen(w, user, () => {
      messageId = say(w, user, key, 'en');
    });
    return { screen, messageId };
  }

  /** 🔌 Connect, the address, the key: the screen at the end and the key's message. */
  async function connect(user: number, from: SentMessage, address: string, key: string) {
    const asked = await tap(w, user, from, '🔌 Connect', 'en');
    expect(asked.text).toContain('Send the address you open the Keitaro panel at');
    const keyAsked = await answer(w, user, address, 'en');
    expect(keyAsked.text).toContain('Send the Admin API key');
    return sendKey(user, key);
  }

  /** Everything this person was shown (every text, edits included, and every pop-up), and every log line. */
  const everythingSaid = (user: number) =>
    JSON.stringify([
      w.telegram.texts.filter((m) => m.chatId === user),
      w.telegram.callbackAnswers,
      w.logs,
    ]);

  const storedKey = async (profileId: number) =>
    (
      await w.database.db
        .select({ apiKey: adminConnections.apiKey })
        .from(adminConnections)
        .where(eq(adminConnections.profileId, profileId))
    )[0]?.apiKey;

  /** Connected already, as the CLI would have done it. */
  async function connected(profile: ProfileRow, fake: FakeKeitaro) {
    const report = await checkConnection(fake.url, FAKE_API_KEY, { now: NOW });
    if (!report.ok) throw new Error('the fake tracker refused its own key');
    await saveConnection(w.database.db, profile.id, { apiKey: FAKE_API_KEY, report }, undefined);
  }

  it('connects a Keitaro 11 tracker: the key is read, its message deleted, stored sealed, and never shown or logged', async () => {
    w = await start(true);
    const { profile, screen } = await keitaroScreen(ANN);
    expect(screen.text).toContain(`<b>🔌 Keitaro API of "${profile.name}"</b>`);
    expect(screen.text).toContain(
      "Not connected. With the panel's address and an Admin API key, notifications get the real names of offers and landings, and postbacks Keitaro sent that never reached us are recovered.",
    );

    const { screen: done, messageId } = await connect(
      ANN,
      screen,
      `${v11.url}/admin/#!/campaigns`,
      ` ${FAKE_API_KEY}\n`,
    );
    expect(done.text).toContain(
      "✅ Connected: the key works, and the conversions log speaks Keitaro 11's format (events that keep their status history).",
    );
    expect(done.text).toContain(
      'Names of offers, landings, traffic sources and campaigns can be read.',
    );
    expect(done.text).toMatch(
      /Connected to <b>127\.0\.0\.1:\d+<\/b> since \w+ \d+, \d{4}, \d\d:\d\d\./,
    );
    expect(done.text).toContain(
      '📒 Conversions log: Keitaro 11 (events that keep their status history).',
    );
    expect(done.text).toContain('🔒 The key is stored encrypted.');
    expect(done.text).not.toContain('ENCRYPTION_KEY is not set');
    expect(buttons(done).map((b) => b.split('=')[0])).toEqual([
      '🔑 Change key',
      '🌐 Change address',
      '🔄 Check now',
      '🗑 Disconnect',
      '⬅️ Back',
    ]);

    expect(w.telegram.deletions).toContainEqual({ chatId: ANN, messageId });
    expect(w.telegram.texts.map((m) => m.text)).toContainEqual(
      expect.stringMatching(/^<b>🔌 Keitaro API of "Keitaro"<\/b>\n🔄 Checking 127\.0\.0\.1:\d+…$/),
    );
    expect(everythingSaid(ANN)).not.toContain(FAKE_API_KEY);
    expect(await storedKey(profile.id)).toMatch(/^enc:v1:/);
    // Nowhere in the database as given, the wizard's own state included; it opens with the key.
    expect(await everythingStored(w.database)).not.toContain(FAKE_API_KEY);
    const key = Buffer.from(ENCRYPTION_KEY, 'hex');
    expect(await connectionCredentials(w.database.db, profile.id, key)).toEqual({
      url: `${v11.url}/admin_api/v1`,
      apiKey: FAKE_API_KEY,
    });
    expect(await getConnection(w.database.db, profile.id)).toMatchObject({
      generation: 'v11',
      checkOutcome: 'ok',
      keyEncrypted: true,
    });
  }, 90_000);

  it('connects a legacy tracker without ENCRYPTION_KEY, says the key is stored as given, and asks to delete a message it could not', async () => {
    w = await start(false);
    const { profile, screen } = await keitaroScreen(ANN);
    w.telegram.refuseDeletes();
    const { screen: done } = await connect(ANN, screen, legacy.url, FAKE_API_KEY);
    expect(done.text).toContain(
      '✅ Connected: the key works, and the conversions log speaks the format of Keitaro 10 and earlier (conversion ids).',
    );
    expect(done.text).toContain('📒 Conversions log: Keitaro 10 and earlier (conversion ids).');
    expect(done.text).toContain(
      '⚠️ ENCRYPTION_KEY is not set, so the key is stored as given: anyone who can read the database can read it.',
    );
    expect(done.text).toContain(
      '⚠️ I could not delete your message with the key: delete it yourself',
    );
    expect(await storedKey(profile.id)).toBe(FAKE_API_KEY);
    expect(everythingSaid(ANN)).not.toContain(FAKE_API_KEY);
  }, 90_000);

  it('a wrong key gets the 401 sentence and the question again; nothing is stored, and the right key then connects', async () => {
    w = await start(true);
    const { profile, screen } = await keitaroScreen(ANN);
    const { screen: refused, messageId } = await connect(ANN, screen, legacy.url, WRONG_KEY);
    expect(refused.text).toContain(
      '❌ The tracker refused the key (401): it is wrong or was revoked.',
    );
    expect(refused.text).toContain('Send the Admin API key');
    expect(w.telegram.deletions).toContainEqual({ chatId: ANN, messageId });
    expect(await getConnection(w.database.db, profile.id)).toBeUndefined();
    // The wizard waits for the next key keeping its answers (the address), but not the message
    // that held this one.
    const stored = await everythingStored(w.database);
    expect(stored).toContain(legacy.url);
    expect(stored).not.toContain(WRONG_KEY);

    const { screen: done } = await sendKey(ANN, FAKE_API_KEY);
    expect(done.text).toContain('✅ Connected: the key works');
    expect((await getConnection(w.database.db, profile.id))?.generation).toBe('legacy');
    expect(everythingSaid(ANN)).not.toContain(WRONG_KEY);
    expect(everythingSaid(ANN)).not.toContain(FAKE_API_KEY);
  }, 90_000);

  it('an address that answers with a web page is not Keitaro: the address is asked again', async () => {
    w = await start(true);
    const { profile, screen } = await keitaroScreen(ANN);
    const { screen: refused } = await connect(
      ANN,
      screen,
      `${legacy.url}/tracker/admin/`,
      FAKE_API_KEY,
    );
    expect(refused.text).toMatch(
      /❌ 127\.0\.0\.1:\d+ answered, but not as Keitaro's Admin API does: a web page came where data was expected\./,
    );
    expect(refused.text).toContain('Send the address you open the Keitaro panel at');
    expect(await getConnection(w.database.db, profile.id)).toBeUndefined();
    expect(await everythingStored(w.database)).not.toContain(FAKE_API_KEY);

    const notAddress = await answer(w, ANN, 'not a web address at all', 'en');
    expect(notAddress.text).toContain("❌ That is not a tracker's web address.");
  }, 90_000);

  it('a message that is not a key is refused, deleted all the same, and never sent to the tracker', async () => {
    w = await start(true);
    const { profile, screen } = await keitaroScreen(ANN);
    const calls = legacy.requests.length;
    const typed = `Api-Key: ${FAKE_API_KEY}`;
    const { screen: refused, messageId } = await connect(ANN, screen, legacy.url, typed);
    expect(refused.text).toContain(
      '❌ That is not an Admin API key: a key is one line of 8 to 256 letters, digits and signs, without spaces.',
    );
    expect(refused.text).toContain('Send the Admin API key');
    expect(w.telegram.deletions).toContainEqual({ chatId: ANN, messageId });
    expect(legacy.requests.length).toBe(calls);
    expect(await getConnection(w.database.db, profile.id)).toBeUndefined();
    expect(everythingSaid(ANN)).not.toContain(FAKE_API_KEY);

    // ⬅️ Back from the key is the address again, on the same panel.
    const back = await tap(w, ANN, refused, '⬅️ Back', 'en');
    expect(back.messageId).toBe(refused.messageId);
    expect(back.text).toContain('Send the address you open the Keitaro panel at');
  }, 90_000);

  it('in a group there is no Keitaro button, a forged one is refused, and no key is asked or read', async () => {
    w = await start(true);
    const { profile } = await keitaroScreen(ANN);
    const group = { id: GROUP, type: 'supergroup', title: 'Team' };
    const refusal = await nextScreen(w, GROUP, () => say(w, ANN, '/start', 'en', group));
    expect(refusal.text).toContain('Open me in a private chat');

    const privately = w.telegram.messagesTo(ANN).length;
    const answers = w.telegram.callbackAnswers.length;
    const forged = { messageId: refusal.messageId, chatId: GROUP, text: refusal.text };
    press(w, ANN, forged, encode({ kind: 'keitaro', id: profile.id, action: 'go' }), 'en');
    await waitFor(() => w.telegram.callbackAnswers.length > answers);
    expect(w.telegram.callbackAnswers.at(-1)?.text).toContain('Open me in a private chat');

    const pushed = say(w, ANN, FAKE_API_KEY, 'en', group);
    await waitFor(() => w.telegram.handledThrough >= w.telegram.lastUpdateId);
    expect(w.telegram.messagesTo(ANN)).toHaveLength(privately);
    expect(w.telegram.deletions).not.toContainEqual({ chatId: GROUP, messageId: pushed });
    const inGroup = w.telegram.messagesTo(GROUP);
    expect(inGroup.flatMap((m) => buttons(m)).filter((b) => b.includes('=ka:'))).toEqual([]);
    expect(JSON.stringify(inGroup)).not.toContain('Admin API key');
    expect(await getConnection(w.database.db, profile.id)).toBeUndefined();
  }, 90_000);

  it("a stranger's forged buttons are refused: no disconnect, no key asked", async () => {
    w = await start(true);
    const { profile, screen } = await keitaroScreen(ANN);
    await connected(profile, v11);
    const calls = v11.requests.length;
    for (const action of ['off!', 'go', 'chk'] as const) {
      const answers = w.telegram.callbackAnswers.length;
      const data = encode({ kind: 'keitaro', id: profile.id, action });
      press(w, STRANGER, { ...screen, chatId: STRANGER }, data, 'en');
      await waitFor(() => w.telegram.callbackAnswers.length > answers);
      expect(w.telegram.callbackAnswers.at(-1)?.text).toBe(
        'This profile no longer exists or is not yours.',
      );
    }
    expect(w.telegram.messagesTo(STRANGER)).toEqual([]);
    expect(await getConnection(w.database.db, profile.id)).toMatchObject({ checkOutcome: 'ok' });
    expect(v11.requests.length).toBe(calls);
  }, 90_000);

  it('🔄 Check now keeps the new outcome in plain words, and 🗑 Disconnect, once confirmed, deletes the key', async () => {
    w = await start(false);
    const { profile } = await keitaroScreen(ANN);
    await connected(profile, v11);
    const opened = await nextScreen(w, ANN, () =>
      press(w, ANN, w.telegram.messagesTo(ANN).at(-1) as SentMessage, `ka:${profile.id}`, 'en'),
    );
    expect(opened.text).toMatch(/✅ Last check, .+: it works\./);

    v11.fail = 'forbidden';
    const denied = await tap(w, ANN, opened, '🔄 Check now', 'en');
    expect(denied.text).toContain(
      '❌ The key works, but its user lacks the rights to read conversions (403).',
    );
    expect(denied.text).toMatch(/Last check, .+:\n❌ The key works/);
    expect((await getConnection(w.database.db, profile.id))?.checkOutcome).toBe('forbidden');

    v11.fail = undefined;
    const fine = await tap(w, ANN, denied, '🔄 Check now', 'en');
    expect(fine.text).toMatch(/✅ Last check, .+: it works\./);
    expect((await getConnection(w.database.db, profile.id))?.checkOutcome).toBe('ok');

    const asked = await tap(w, ANN, fine, '🗑 Disconnect', 'en');
    expect(asked.text).toContain(`Disconnect "${profile.name}" from Keitaro's Admin API?`);
    expect(await getConnection(w.database.db, profile.id)).toBeDefined();
    const gone = await tap(w, ANN, asked, '🗑 Yes, disconnect', 'en');
    expect(gone.text).toContain('🗑 Disconnected: the stored key is deleted.');
    expect(gone.text).toContain('Not connected.');
    expect(await storedKey(profile.id)).toBeUndefined();
    expect(await everythingStored(w.database)).not.toContain(FAKE_API_KEY);
  }, 90_000);

  it('🔑 Change key asks only for the key, and 🌐 Change address only for the address', async () => {
    w = await start(true);
    const { profile, screen } = await keitaroScreen(ANN);
    const first = await connect(ANN, screen, legacy.url, FAKE_API_KEY);

    const keyAsked = await tap(w, ANN, first.screen, '🔑 Change key', 'en');
    expect(keyAsked.text).toContain('Send the Admin API key');
    const { screen: restricted } = await sendKey(ANN, FAKE_RESTRICTED_KEY);
    expect(restricted.text).toContain(
      "Names can be read only in part: the key's user does not see every one of the",
    );
    expect(restricted.text).toContain('🏷 Names: only some can be read');
    expect((await getConnection(w.database.db, profile.id))?.url).toBe(
      `${legacy.url}/admin_api/v1`,
    );

    const addressAsked = await tap(w, ANN, restricted, '🌐 Change address', 'en');
    expect(addressAsked.text).toContain('Send the address you open the Keitaro panel at');
    const moved = await answer(w, ANN, `${v11.url}/admin_api/v1/`, 'en');
    expect(moved.text).toContain("Keitaro 11's format");
    // The key kept is the one typed last, now checked against the new address.
    expect(v11.calls().at(-1)?.auth).toBe('restricted');
    expect(await getConnection(w.database.db, profile.id)).toMatchObject({
      url: `${v11.url}/admin_api/v1`,
      generation: 'v11',
    });
    expect(everythingSaid(ANN)).not.toContain(FAKE_RESTRICTED_KEY);
  }, 90_000);
});
