import { afterEach, expect, it } from 'vitest';
import { buildLambda } from './lambda-helpers.js';

// WEBHOOK_PROXY_ASYNC=inline runs async actions once, before the answer: a config that asks for
// `retry` would never get it, so the function does not start (fail closed) rather than drop it;
// nor does it start on a value it does not know.
afterEach(() => {
  delete process.env.WEBHOOK_PROXY_ASYNC;
});

it('refuses to start with retry and WEBHOOK_PROXY_ASYNC=inline, naming both', async () => {
  process.env.WEBHOOK_PROXY_ASYNC = 'inline';
  await expect(buildLambda('endpoints:\n  - /hook:\n      async: true\n      retry: { attempts: 3, delay: 1m }\n      actions:\n        - log: { message: x }\n')).rejects.toThrow(
    'endpoints[0]./hook.retry: WEBHOOK_PROXY_ASYNC=inline runs async actions once, before the answer: "retry" needs the asynchronous invocation (remove the variable, or remove "retry")',
  );
});

it('starts with inline when no endpoint has retry', async () => {
  process.env.WEBHOOK_PROXY_ASYNC = 'inline';
  const { handler } = await buildLambda('endpoints:\n  - /hook:\n      async: true\n      actions:\n        - log: { message: x }\n');
  expect(typeof handler).toBe('function');
});

it('refuses to start with a WEBHOOK_PROXY_ASYNC it does not know', async () => {
  process.env.WEBHOOK_PROXY_ASYNC = 'inlined';
  await expect(buildLambda('endpoints:\n  - /hook:\n      async: true\n      actions:\n        - log: { message: x }\n')).rejects.toThrow(
    'WEBHOOK_PROXY_ASYNC must be "invoke" (the default) or "inline", not "inlined"',
  );
});
