import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LAMBDA_MAX_ATTEMPTS } from '../../src/bundle/lambda-retry-limits.js';
import { tempDir } from '../helpers/cli.js';

// serverless.yml makes the function's asynchronous invocation the delivery queue: Lambda's retries
// for endpoints with `retry`, the longest an event may wait, and an SQS queue for dead deliveries.
const TEXT = readFileSync(new URL('../../serverless.yml', import.meta.url), 'utf8');

interface Serverless {
  functions: Record<string, { maximumRetryAttempts?: number; maximumEventAge?: number; destinations?: { onFailure?: { type: string; arn: { 'Fn::GetAtt': [string, string] } } } }>;
  provider: { iam: { role: { statements: { Action: string | string[] }[] } } };
  resources: { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
}

it('sets maximumRetryAttempts, maximumEventAge and an SQS on-failure destination the file defines', () => {
  const file = parse(TEXT, { prettyErrors: true, strict: true }) as Serverless;
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

// serverless@3 from .ci/setup-lambda.sh, outside the project (as test/lambda/serverless-offline.test.ts)
const SERVERLESS = join(process.env.WEBHOOK_PROXY_SERVERLESS_DIR ?? '/opt/webhook-proxy-serverless', 'node_modules', '.bin', 'serverless');
const available = existsSync(SERVERLESS);
if (!available && process.env.CI) throw new Error(`serverless is not installed at ${SERVERLESS}: .ci/setup-lambda.sh installs it`);
if (!available) console.warn(`SKIPPING the serverless package test: ${SERVERLESS} not found (run .ci/setup-lambda.sh)`);

describe.skipIf(!available)('serverless package', () => {
  it('compiles the settings into the function event invoke config, with the queue and its permission', async () => {
    const dir = tempDir('webhook-proxy-sls-');
    // ${aws:accountId} would ask STS, which needs the network: an example account id stands in
    writeFileSync(join(dir, 'serverless.yml'), TEXT.replaceAll('${aws:accountId}', '123456789012'));
    mkdirSync(join(dir, 'dist', 'lambda'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'lambda', 'index.mjs'), 'export const handler = async () => ({});\n');
    const env = { ...process.env, GITHUB_SECRET: 'x', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'x', SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' };
    const child = spawn(SERVERLESS, ['package', '--region', 'eu-west-1'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, output).toBe(0);

    type Resource = { Type: string; Properties: Record<string, unknown> };
    const template = JSON.parse(readFileSync(join(dir, '.serverless', 'cloudformation-template-update-stack.json'), 'utf8')) as { Resources: Record<string, Resource> };
    const config = Object.values(template.Resources).find((resource) => resource.Type === 'AWS::Lambda::EventInvokeConfig');
    expect(config?.Properties).toMatchObject({
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 21600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['DeadDeliveries', 'Arn'] } } },
    });
    expect(template.Resources.DeadDeliveries?.Type).toBe('AWS::SQS::Queue');
    const role = template.Resources.IamRoleLambdaExecution!.Properties as { Policies: { PolicyDocument: { Statement: unknown[] } }[] };
    expect(role.Policies[0]!.PolicyDocument.Statement).toContainEqual({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': ['DeadDeliveries', 'Arn'] } });
  });
});
