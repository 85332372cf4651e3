import { expect, it } from 'vitest';
import { runCli, writeConfig } from '../helpers/cli.js';

const check = async (endpoint: string) => runCli(['check', writeConfig(`endpoints:\n  - /hook:\n${endpoint}      actions:\n        - log: { message: x }\n`)]);

it.each([
  ['debounce without async: true', '      debounce: 30s\n', ':3:7 endpoints[0]./hook.debounce: "debounce" needs "async: true"'],
  ['debounce that is no duration', '      async: true\n      debounce: soon\n', ':4:17 endpoints[0]./hook.debounce: must be a duration'],
  ['concurrency: 0', '      concurrency: 0\n', ':3:20 endpoints[0]./hook.concurrency: must be a whole number of action chains from 1 to 10000, not 0'],
  ['concurrency: 1.5', '      concurrency: 1.5\n', 'endpoints[0]./hook.concurrency: must be a whole number of action chains from 1 to 10000, not 1.5'],
  [
    'a rate that does not parse',
    '      rate_limit: 60 per minute\n',
    ':3:19 endpoints[0]./hook.rate_limit: must be a rate: a number of requests per s, min, h or d (e.g. 5/s, 60/min, 1000/h, 10/30s), not "60 per minute"',
  ],
  ['a rate with an unknown unit', '      rate_limit: 5/week\n', 'endpoints[0]./hook.rate_limit: must be a rate'],
  ['a rate of 0', '      rate_limit: 0/s\n', 'endpoints[0]./hook.rate_limit: must allow from 1 to 100000 requests per window, not "0/s"'],
  ['a key without its limit', "      rate_limit_key: '{{ request.json.x }}'\n", 'endpoints[0]./hook.rate_limit_key: "rate_limit_key" needs "rate_limit"'],
  ['a key that is no template', '      concurrency: 1\n      concurrency_key: web\n', 'endpoints[0]./hook.concurrency_key: must be a template rendered per request (with {{ }})'],
  [
    'a response status out of range',
    '      response: { status: 404 }\n',
    'endpoints[0]./hook.response.status: must be a status from 200 to 399 (the success answer; refusals keep their own codes), not 404',
  ],
  ['a body on a 204', '      response: { status: 204, body: done }\n', 'endpoints[0]./hook.response.body: a 204 answer has no body'],
  ['an unknown response key', '      response: { stauts: 202 }\n', 'endpoints[0]./hook.response: unknown key "stauts": did you mean "status"?'],
  ['a response template that does not compile', "      response: { body: '{{ request.json.x ' }\n", 'endpoints[0]./hook.response.body: template does not compile'],
])('%s is a startup error naming the key', async (_name, endpoint, message) => {
  const result = await check(endpoint);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain(message);
});

it('the same keys, well formed, pass', async () => {
  const result = await check(
    "      async: true\n      concurrency: 2\n      concurrency_key: '{{ request.json.repo }}'\n      debounce: 1.5s\n      debounce_key: '{{ request.json.repo }}'\n      rate_limit: 10/30s\n      response: { status: '202', body: queued, headers: { X-A: b } }\n",
  );
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
});
