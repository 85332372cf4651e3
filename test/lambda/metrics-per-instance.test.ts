import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildLambda, captureConsole, functionUrlEvent, lambdaContext, type LambdaResult } from './lambda-helpers.js';

// Metrics on Lambda live in one execution environment: GET /metrics answers what this instance
// handled since its cold start. A second import of the bundle stands for a second instance.
const CONFIG = `
endpoints:
  - /hook/<name>:
      actions:
        - metrics:
            counter:
              name: hooks_by_name
              help: Hooks by name
              labels:
                name: '{{ request.view_args.name }}'
        - log:
            message: 'hook {{ request.view_args.name }}'
`;

describe('metrics on Lambda', () => {
  let first: (event: unknown, context?: object) => Promise<LambdaResult>;
  let second: (event: unknown, context?: object) => Promise<LambdaResult>;
  let logs: ReturnType<typeof captureConsole> | undefined;
  beforeAll(async () => {
    ({ handler: first } = await buildLambda(CONFIG));
    ({ handler: second } = await buildLambda(CONFIG));
  });
  afterEach(() => logs?.restore());

  it('serves the built-in series and the metrics action of this instance on GET /metrics', async () => {
    logs = captureConsole();
    for (const name of ['a', 'a', 'b']) expect((await first(functionUrlEvent({ path: `/hook/${name}` }), lambdaContext())).statusCode).toBe(200);
    const scrape = await first(functionUrlEvent({ method: 'GET', path: '/metrics' }), lambdaContext());
    expect(scrape.statusCode).toBe(200);
    expect(scrape.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(scrape.body).toMatch(/^webhook_proxy_http_requests_total\{method="POST",route="\/hook\/<name>",status="200"\} 3$/m);
    expect(scrape.body).toMatch(/^hooks_by_name_total\{name="a"\} 2$/m);
    expect(scrape.body).toMatch(/^hooks_by_name_total\{name="b"\} 1$/m);
    expect(scrape.body).toMatch(/^webhook_proxy_app_info\{version="[^"]+"\} 1$/m);
  });

  it('counts per instance: another environment of the same function starts from zero', async () => {
    logs = captureConsole();
    const scrape = await second(functionUrlEvent({ method: 'GET', path: '/metrics' }), lambdaContext());
    expect(scrape.body).not.toMatch(/^webhook_proxy_http_requests_total\{/m);
    expect(scrape.body).not.toMatch(/^hooks_by_name_total\{/m);
  });
});
