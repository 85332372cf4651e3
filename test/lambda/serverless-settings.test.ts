import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { LAMBDA_MAX_ATTEMPTS } from '../../adapters/lambda/lambda-journal.js';

// serverless.yml makes the function's asynchronous invocation the delivery queue: Lambda's retries
// for endpoints with `retry`, the longest an event may wait, and an SQS queue for dead deliveries.
interface Serverless {
  functions: Record<string, { maximumRetryAttempts?: number; maximumEventAge?: number; destinations?: { onFailure?: { type: string; arn: { 'Fn::GetAtt': [string, string] } } } }>;
  provider: { iam: { role: { statements: { Action: string | string[] }[] } } };
  resources: { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
}

it('sets maximumRetryAttempts, maximumEventAge and an SQS on-failure destination the file defines', () => {
  const file = parse(readFileSync(new URL('../../serverless.yml', import.meta.url), 'utf8'), { prettyErrors: true, strict: true }) as Serverless;
  const webhook = file.functions.webhook!;
  // the most Lambda allows, and what `build --target lambda` lets retry.attempts ask for
  expect(webhook.maximumRetryAttempts).toBe(LAMBDA_MAX_ATTEMPTS - 1);
  expect(webhook.maximumEventAge).toBe(21600);
  expect(webhook.destinations?.onFailure).toEqual({ type: 'sqs', arn: { 'Fn::GetAtt': ['DeadDeliveries', 'Arn'] } });
  const queue = file.resources.Resources.DeadDeliveries!;
  expect(queue.Type).toBe('AWS::SQS::Queue');
  expect(queue.Properties.MessageRetentionPeriod).toBe(1209600);
  // the hand-off itself: the function may invoke itself
  expect(file.provider.iam.role.statements.some((statement) => [statement.Action].flat().includes('lambda:InvokeFunction'))).toBe(true);
});
