import Fastify from 'fastify';

// The ceiling: Fastify on this machine answering the postback path with no work at all.
const app = Fastify({ logger: false });
let n = 0;
app.get('/integrations/keitaro/postback', async () => ({ ok: true, event_id: ++n }));
await app.listen({ port: Number(process.env.KEITARO_WEBHOOK_PORT), host: '127.0.0.1' });
process.stdout.write('ready\n');
