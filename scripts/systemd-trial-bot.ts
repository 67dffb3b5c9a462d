/**
 * The stand-in Bot API of scripts/systemd-trial.sh: a supergroup on the given port; every half
 * second writes how many conversions the group's messages carry (digests count theirs) to
 * the given file.
 */
import { writeFileSync } from 'node:fs';
import { conversionsIn, FakeBotApi } from '../src/demo/fake-bot-api.ts';

const [port, file] = process.argv.slice(2);
const GROUP = -1001000000777;
const api = await new FakeBotApi().start(Number(port));
api.addChat({ id: GROUP, type: 'supergroup', title: 'Media buying' });
setInterval(() => {
  const messages = api.messagesTo(GROUP);
  const conversions = messages.reduce((sum, m) => sum + conversionsIn(m), 0);
  writeFileSync(file as string, JSON.stringify({ messages: messages.length, conversions }));
}, 500);
console.log(api.token);
