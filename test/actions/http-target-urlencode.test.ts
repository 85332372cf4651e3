import { afterAll, beforeAll, expect, it } from 'vitest';
import { InProcessServer } from '../helpers/in-process.js';
import { Receiver } from '../helpers/receiver.js';

// A target built from request data: without |urlencode a route value like `..\..\admin` is read by
// the URL parser as path segments and walks out of the intended folder; with it, it stays one segment.
let receiver: Receiver;
let server: InProcessServer;

beforeAll(async () => {
  receiver = await new Receiver().start();
  server = await InProcessServer.start(`
server: { port: 0 }
endpoints:
  - /raw/<name>:
      actions:
        - http: { target: '${receiver.url}/files/{{ request.view_args.name }}', method: GET }
  - /encoded/<name>:
      actions:
        - http: { target: '${receiver.url}/files/{{ request.view_args.name | urlencode }}', method: GET }
`);
});

afterAll(async () => {
  await server?.stop();
  await receiver?.stop();
});

it('without |urlencode a route value walks the target path', async () => {
  expect((await server.post('/raw/..%5C..%5Cadmin')).status).toBe(200);
  expect(receiver.last().path).toBe('/admin');
});

it('with |urlencode it stays one path segment', async () => {
  expect((await server.post('/encoded/..%5C..%5Cadmin')).status).toBe(200);
  expect(receiver.last().path).toBe('/files/..%5C..%5Cadmin');
});
