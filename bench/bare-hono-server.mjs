// A reference row: a bare Hono app on @hono/node-server that reads the request body (when the method
// has one) and answers 200, with no routing, parsing, validation, templates or logging: what Node and
// Hono cost on their own. It announces itself on stderr exactly as webhook-proxy does.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.all('*', async (c) => {
  // a GET or HEAD has no body; asking @hono/node-server for one would build a full Request object,
  // a cost webhook-proxy's 404 path does not pay either
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') await c.req.arrayBuffer();
  return c.text('OK\n', 200);
});

const port = Number(process.argv[2] ?? 0);
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, (info) => {
  process.stderr.write(`bare hono baseline on http://127.0.0.1:${info.port}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
