import { beforeAll, expect, it } from 'vitest';
import { buildLambda, functionUrlEvent, lambdaContext, type LambdaResult } from '../lambda/lambda-helpers.js';

let handler: (event: unknown, context?: object) => Promise<LambdaResult>;
beforeAll(async () => {
  ({ handler } = await buildLambda(`
endpoints:
  - /deploy/<name>:
      rate_limit: 2/min
      rate_limit_key: '{{ request.view_args.name }}'
      response:
        status: 202
        body: '{"deploying": "{{ request.view_args.name }}", "by": "{{ context.by }}"}'
        headers: { Content-Type: application/json }
      actions:
        - eval: { block: '{% set _ = context.update({"by": request.json.user}) %}' }
`));
});

const deploy = (name: string) => handler(functionUrlEvent({ path: `/deploy/${name}`, body: JSON.stringify({ user: 'ada' }), headers: { 'content-type': 'application/json' } }), lambdaContext());

it('the built Lambda handler answers with the response, and rate_limit holds within the execution environment', async () => {
  const first = await deploy('web');
  expect([first.statusCode, first.headers['content-type'], JSON.parse(first.body)]).toEqual([202, 'application/json', { deploying: 'web', by: 'ada' }]);
  expect((await deploy('web')).statusCode).toBe(202);
  const third = await deploy('web');
  expect([third.statusCode, third.body]).toEqual([429, 'Too Many Requests']);
  expect(Number(third.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect((await deploy('api')).statusCode).toBe(202);
});
