import { GrammyError, HttpError } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { registerRetryDelayMs, webhookSecret } from '../../src/bot/webhook.ts';
import { type DeliveryWorld, startDeliveryWorld } from '../support/delivery.ts';
import { waitFor } from '../support/processes.ts';

const ANN = 7_200_001;
const DOMAIN = 'notify.example.com';
const WEBHOOK = { BOT_WEBHOOK: 'true', WEBHOOK_DOMAIN: DOMAIN };
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
let nextId = 1;

/** What Telegram POSTs when Ann sends /start to the bot in a private chat. */
function startUpdate(from = ANN) {
  return {
    update_id: nextId++,
    message: {
      message_id: nextId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: from, type: 'private', first_name: 'Ann' },
      from: { id: from, is_bot: false, first_name: 'Ann', language_code: 'en' },
      text: '/start',
      entities: [{ type: 'bot_command', offset: 0, length: 6 }],
    },
  };
}

async function registeredSecret(w: DeliveryWorld): Promise<string> {
  await waitFor(() => w.telegram.webhooks.some((call) => call.method === 'setWebhook'));
  return w.telegram.webhooks.find((call) => call.method === 'setWebhook')?.secretToken as string;
}

function postUpdate(w: DeliveryWorld, headers: Record<string, string>) {
  return w.service.app.inject({
    method: 'POST',
    url: '/telegram/webhook',
    headers,
    payload: startUpdate(),
  });
}

describe('bot updates by webhook', () => {
  let w: DeliveryWorld;
  afterEach(async () => {
    await w?.close();
  });

  it('on start, Telegram is told to send updates to WEBHOOK_DOMAIN/telegram/webhook with a secret', async () => {
    w = await startDeliveryWorld('pglite', { env: WEBHOOK });
    const secret = await registeredSecret(w);
    expect(w.telegram.webhooks).toEqual([
      {
        method: 'setWebhook',
        url: `https://${DOMAIN}/telegram/webhook`,
        secretToken: secret,
        allowedUpdates: ['message', 'callback_query', 'my_chat_member', 'chat_member'],
      },
    ]);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
    await waitFor(() => w.telegram.commands.length >= 6);
    expect(w.telegram.commands.map((c) => c.language)).toEqual(
      expect.arrayContaining(['ru', 'uk', null]),
    );
    const logs = w.logs.join('\n');
    expect(logs).toContain('bot updates arrive by webhook');
    expect(logs).not.toContain(secret);
    expect(logs).not.toContain(w.telegram.token);
  });

  it('a /start that Telegram posts with the secret header is answered with the menu', async () => {
    w = await startDeliveryWorld('pglite', { env: WEBHOOK });
    const secret = await registeredSecret(w);

    const res = await postUpdate(w, { [SECRET_HEADER]: secret });

    expect(res.statusCode).toBe(200);
    const answers = w.telegram.messagesTo(ANN);
    expect(answers).toHaveLength(1);
    expect(answers[0]?.text).toContain('Keitaro → Telegram');
  });

  it('an update with a wrong or missing secret header gets 401 and the bot says nothing', async () => {
    w = await startDeliveryWorld('pglite', { env: WEBHOOK });
    const secret = await registeredSecret(w);

    const wrong = await postUpdate(w, { [SECRET_HEADER]: `${secret.slice(0, -1)}x` });
    const missing = await postUpdate(w, {});

    expect(wrong.statusCode).toBe(401);
    expect(missing.statusCode).toBe(401);
    expect(w.telegram.messagesTo(ANN)).toEqual([]);
    expect(w.logs.join('\n')).toContain('bot update refused: missing or wrong secret token header');
  });

  it('an update with a wrong secret header gets 401 before its body is read', async () => {
    w = await startDeliveryWorld('pglite', { env: WEBHOOK });
    await registeredSecret(w);

    const res = await w.service.app.inject({
      method: 'POST',
      url: '/telegram/webhook',
      headers: { [SECRET_HEADER]: 'wrong', 'content-type': 'application/json' },
      payload: '{"update_id": not json',
    });

    expect(res.statusCode).toBe(401);
    expect(w.logs.join('\n')).not.toContain('bot update refused: bad request');
  });

  it('in webhook mode the bot never polls Telegram for updates', async () => {
    w = await startDeliveryWorld('pglite', { env: WEBHOOK });
    const secret = await registeredSecret(w);
    expect((await postUpdate(w, { [SECRET_HEADER]: secret })).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(w.telegram.polls).toBe(0);
    expect(w.telegram.webhooks.map((call) => call.method)).toEqual(['setWebhook']);
  });

  it('in polling mode (the default) the bot removes any webhook and polls', async () => {
    w = await startDeliveryWorld('pglite');
    await waitFor(() => w.telegram.polls > 0);

    expect(w.telegram.webhooks.map((call) => call.method)).toEqual(['deleteWebhook']);
    const res = await postUpdate(w, { [SECRET_HEADER]: webhookSecret(w.telegram.token) });
    expect(res.statusCode).toBe(404);
  });

  it('when Telegram cannot be reached, the webhook failure is logged and postbacks still work', async () => {
    w = await startDeliveryWorld('pglite', {
      env: { ...WEBHOOK, TELEGRAM_API_ROOT: 'http://127.0.0.1:9' },
    });
    await waitFor(() => w.logs.some((line) => line.includes('could not set the bot webhook')));

    const line = w.logs.find((l) => l.includes('could not set the bot webhook')) as string;
    expect(JSON.parse(line)).toMatchObject({ level: 50 });
    expect(w.logs.join('\n')).not.toContain(w.telegram.token);
    expect(w.logs.join('\n')).not.toContain(webhookSecret(w.telegram.token));
    const profile = await w.profile();
    await expect(w.post(profile, 'status=lead&tid=T-1')).resolves.toBeGreaterThan(0);
  });
});

describe('the webhook secret token', () => {
  it('is the same on every instance and changes when the bot token changes', () => {
    const token = '123456789:AAFakeBotApiTokenForDemoAndTests00000';
    const other = '123456789:AAAnotherTokenAfterRevokeAtBotFather0';
    expect(webhookSecret(token)).toBe(webhookSecret(token));
    expect(webhookSecret(other)).not.toBe(webhookSecret(token));
    expect(webhookSecret(token)).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
    expect(webhookSecret(token)).not.toContain(token.split(':')[1]);
  });
});

describe('setting the webhook again after a failure', () => {
  const refusal = (error_code: number, description: string, retry_after?: number) =>
    new GrammyError(
      `Call to 'setWebhook' failed! (${error_code}: ${description})`,
      {
        ok: false,
        error_code,
        description,
        ...(retry_after ? { parameters: { retry_after } } : {}),
      },
      'setWebhook',
      {},
    );

  it('tries again while Telegram is unreachable or down, then gives up', () => {
    expect(
      registerRetryDelayMs(new HttpError('Network request failed', new Error('ECONNRESET')), 1),
    ).toBeGreaterThan(0);
    expect(registerRetryDelayMs(refusal(502, 'Bad Gateway'), 1)).toBeGreaterThan(0);
    expect(
      registerRetryDelayMs(refusal(429, 'Too Many Requests: retry after 40', 40), 1),
    ).toBeGreaterThanOrEqual(40_000);
    expect(registerRetryDelayMs(refusal(502, 'Bad Gateway'), 8)).toBeNull();
  });

  it('does not try again when Telegram refuses the address', () => {
    const https = refusal(
      400,
      'Bad Request: bad webhook: An HTTPS URL must be provided for webhook',
    );
    expect(registerRetryDelayMs(https, 1)).toBeNull();
    expect(registerRetryDelayMs(refusal(401, 'Unauthorized'), 1)).toBeNull();
  });
});
