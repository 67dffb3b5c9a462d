import { sql } from 'drizzle-orm';
import { parseConfig } from '../config.ts';
import { openDatabase, queryRows } from '../db/client.ts';
import { undeliveredCount } from '../delivery/outbox.ts';
import { createLogger } from '../log.ts';
import { htmlToText } from '../messages/render.ts';
import { postbackBaseUrl } from '../postback/url.ts';
import { addRoute, createProfile, updateProfile } from '../profiles/repository.ts';
import { startService } from '../service.ts';
import { FakeBotApi, type SentMessage } from './fake-bot-api.ts';

/**
 * `npm run demo`: the whole product in 30 seconds, with no token and no network. A stand-in
 * Bot API prints every message the way the chat would show it; a short stream of realistic
 * Keitaro postbacks goes through the real HTTP endpoint, storage and dispatcher.
 */

const tty = process.stdout.isTTY;
const BOLD_ON = tty ? '\x1b[1m' : '';
const BOLD_OFF = tty ? '\x1b[22m' : '';
const bold = (s: string) => `${BOLD_ON}${s}${BOLD_OFF}`;
const dim = (s: string) => (tty ? `\x1b[2m${s}\x1b[22m` : s);

const YOU = 100500;
const TEAM = -1001000000042;
const DEPOSITS_TOPIC = 7;
const CHAT_NAMES = new Map<number, string>([
  [YOU, 'your private chat with the bot'],
  [TEAM, 'group «Team A»'],
]);

function show(message: SentMessage): void {
  const where = `${CHAT_NAMES.get(message.chatId) ?? message.chatId}${message.threadId ? `, topic «Deposits»` : ''}`;
  // Bold as the terminal shows it; everything else as the chat shows it.
  const text =
    message.parseMode === 'HTML'
      ? htmlToText(message.text.replaceAll('<b>', BOLD_ON).replaceAll('</b>', BOLD_OFF))
      : message.text;
  console.log(`\n  ┌─ Telegram → ${where}`);
  for (const line of text.split('\n')) console.log(`  │ ${line}`);
  console.log('  └─');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  console.log(bold('DEMO — Keitaro → Telegram notifications'));
  console.log(
    dim(
      'No bot token, no network: a stand-in Bot API prints each message as the chat would show it.\n',
    ),
  );
  const telegram = await new FakeBotApi(undefined, { onMessage: show }).start();
  telegram.addChat({
    id: TEAM,
    type: 'supergroup',
    title: 'Team A',
    isForum: true,
    topics: [DEPOSITS_TOPIC],
  });

  const database = await openDatabase({ kind: 'pglite', memory: true });
  await database.migrate();
  const config = parseConfig({
    BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.url,
    HOST: '127.0.0.1',
    WEBHOOK_DOMAIN: 'notify.example.com',
    LOG_LEVEL: 'silent',
  });
  const service = await startService({
    config: { ...config, botToken: telegram.token },
    database,
    logger: createLogger('silent'),
  });
  await service.app.listen({ port: 0, host: '127.0.0.1' });
  const address = service.app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const profile = await createProfile(database.db, {
    ownerUserId: YOU,
    name: 'Demo',
    language: 'ru',
  });
  await updateProfile(database.db, profile.id, { rateLimitRps: 100 });
  await addRoute(database.db, profile.id, {
    matchBy: 'campaign_id',
    matchValue: '12',
    isPattern: false,
    statuses: ['deposit', 'rebill'],
    geo: [],
    priority: 10,
    chatId: TEAM,
    topicId: DEPOSITS_TOPIC,
    language: null,
  });
  console.log(
    `Profile "Demo": postbacks to ${dim(postbackBaseUrl(config.publicBaseUrl, '<secret>'))}`,
  );
  console.log(
    'Route: campaign 12, deposits and rebills → «Team A», topic «Deposits»; the rest → your private chat.',
  );

  const send = async (label: string, query: string) => {
    const res = await fetch(
      `${base}/integrations/keitaro/postback?secret=${profile.secret}&${query}`,
    );
    console.log(
      `\n${bold('Keitaro →')} ${label}  ${dim(`HTTP ${res.status} ${await res.text()}`)}`,
    );
  };

  await send(
    'a registration (lead)',
    'status=lead&subid=3kq1a9x7&tid=&campaign_id=12&campaign_name=Betting%20UA&offer_name=Bonus%20100&country=UA&sub_id_1=buyer7',
  );
  await sleep(1500);
  await send(
    'the first deposit on that click (sale)',
    'status=sale&subid=3kq1a9x7&tid=T-991&campaign_id=12&campaign_name=Betting%20UA&conversion_revenue=100&currency=USD&country=UA&creative_id=cr_123&landing_name=Landing%20Page&sub_id_1=google',
  );
  await sleep(1500);
  await send(
    'the same deposit again (Keitaro resent it)',
    'status=sale&subid=3kq1a9x7&tid=T-991&campaign_id=12&campaign_name=Betting%20UA&conversion_revenue=100&currency=USD',
  );
  await sleep(1500);
  await send(
    'a repeat deposit (rebill)',
    'status=rebill&subid=3kq1a9x7&tid=T-1200&campaign_id=12&campaign_name=Betting%20UA&conversion_revenue=1250.5&currency=EUR&country=UA&sub_id_1=google',
  );
  await sleep(1500);
  await send(
    'a rejection',
    'status=rejected&subid=8pp2&tid=T-992&campaign_id=15&campaign_name=Casino%20KZ&reason=invalid_geo',
  );
  await sleep(2000);

  console.log(
    `\n${bold('Keitaro →')} a burst: 60 registrations of campaign 12 in two seconds, routed to «Team A»…`,
  );
  await addRoute(database.db, profile.id, {
    matchBy: 'campaign_id',
    matchValue: '12',
    isPattern: false,
    statuses: ['registration'],
    geo: [],
    priority: 20,
    chatId: TEAM,
    topicId: null,
    language: null,
  });
  service.directory.invalidate();
  await Promise.all(
    Array.from({ length: 60 }, (_, i) =>
      fetch(
        `${base}/integrations/keitaro/postback?secret=${profile.secret}&status=lead&subid=burst-${i}&campaign_id=12&campaign_name=Betting%20UA&country=${['UA', 'KZ', 'PL'][i % 3]}`,
      ),
    ),
  );
  console.log(dim('…a group takes 20 messages a minute, so most of them arrive as one digest.'));

  const deadline = Date.now() + 20_000;
  while ((await undeliveredCount(database.db)) > 0 && Date.now() < deadline) await sleep(200);
  const [totals] = await queryRows<{ events: number; conversions: number }>(
    database.db,
    sql`SELECT (SELECT count(*) FROM keitaro_events)::int AS events,
          (SELECT count(*) FROM keitaro_deliveries WHERE kind = 'event')::int AS conversions`,
  );
  const waiting = await undeliveredCount(database.db);
  const lost = waiting === 0 ? 'none lost' : `${waiting} still waiting`;
  console.log(
    `\n${bold('Done.')} ${totals?.events} postbacks stored (${totals?.conversions} to notify, the rest duplicates), ${telegram.messages.length} Telegram messages, ${lost}, 429s from Telegram: ${telegram.tooManyRequests}.`,
  );
  console.log(dim('Run it for real: BOT_TOKEN=… npm start (see README.md).'));
  await service.stop();
  await database.close();
  await telegram.stop();
}

await main();
