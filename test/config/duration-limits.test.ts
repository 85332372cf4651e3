import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../helpers/cli.js';
import { accepted, refusedAtStartup } from './refused-at-startup.js';

// Timers take at most 2^31 - 1 ms; a longer timeout fired after 1 ms instead.
const MAX = 2147483;
const LIMIT = `must be at most ${MAX} seconds (about 24 days, the longest a timer can wait)`;

/** Each duration setting, with `@` where the value goes. */
const settings: [string, string, string][] = [
  ['execute timeout', "endpoints:\n  - /x:\n      actions:\n        - execute: { command: 'true', timeout: @ }\n", 'endpoints[0]./x.actions[0].execute.timeout'],
  ['http timeout', "endpoints:\n  - /x:\n      actions:\n        - http: { target: 'http://127.0.0.1:9/', timeout: @ }\n", 'endpoints[0]./x.actions[0].http.timeout'],
  ['sleep seconds', 'endpoints:\n  - /x:\n      actions:\n        - sleep: { seconds: @ }\n', 'endpoints[0]./x.actions[0].sleep.seconds'],
  ['verify tolerance', "endpoints:\n  - /x:\n      actions:\n        - verify: { secret: 'whsec_c2VjcmV0', tolerance: @ }\n", 'endpoints[0]./x.actions[0].verify.tolerance'],
  ['server shutdown_timeout', 'server:\n  shutdown_timeout: @\nendpoints:\n  - /x:\n', 'server.shutdown_timeout'],
];

/** `server.yml:LINE:COLUMN PATH`, the place of the `@` in the template. */
function where(template: string, path: string): string {
  const lines = template.split('\n');
  const line = lines.findIndex((text) => text.includes('@'));
  return `server.yml:${line + 1}:${lines[line]!.indexOf('@') + 1} ${path}`;
}

describe.each(settings)('%s', (_name, template, path) => {
  const config = (value: string) => template.replace('@', value);
  const at = where(template, path);

  it('refuses a value past the limit, naming it', async () => {
    expect(await refusedAtStartup(config(String(MAX + 1)))).toBe(`${at}: ${LIMIT}, not ${MAX + 1}`);
    expect(await refusedAtStartup(config("'1e10'"))).toBe(`${at}: ${LIMIT}, not 10000000000`);
  });

  it('accepts the limit itself', async () => {
    await accepted(config(String(MAX)));
  });

  it('refuses an empty value instead of reading it as 0', async () => {
    expect(await refusedAtStartup(config("''"))).toBe(`${at}: must be a number of seconds, not ""`);
  });
});

describe('a templated sleep past the limit', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await ServerProcess.start(`
server: { port: 0 }
endpoints:
  - /wait:
      actions:
        - sleep: { seconds: '{{ request.json.wait }}', message: 'waiting' }
        - log: { message: 'after the sleep' }
`);
  });
  afterAll(async () => server.stop());

  it('fails the action instead of waking up at once', async () => {
    const mark = server.stdout.length;
    expect((await server.post('/wait', { wait: MAX + 1 })).status).toBe(500);
    await server.waitFor('stderr', new RegExp(`sleep: ${MAX + 1} seconds is more than the ${MAX} a timer can wait`));
    expect(server.linesSince(mark)).toEqual([]);
  });
});
