import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ServerProcess, tempDir } from '../helpers/cli.js';
import { githubExamples, sign } from '../helpers/github-payloads.js';

// The seed README's GitHub push example, unchanged but for the port (0: any free one).
const SEED_EXAMPLE = `
server:
  host: '127.0.0.1'
  port: '0'

endpoints:
  - /github:
      method: 'POST'

      headers:
        X-GitHub-Delivery: '^[0-9a-f\\-]+$'
        X-GitHub-Event: 'push'

      body:
        ref: 'refs/heads/.+'
        before: '^[0-9a-f]{40}'
        after: '^[0-9a-f]{40}'
        repository:
          id: '^[0-9]+$'
          full_name: 'sample/.+'
          owner:
            email: '.+@.+\\..+'
        commits:
          id: '^[0-9a-f]{40}'
          message: '.+'
          author:
            name: '.+'
          added: '^(src/.+)?'
          removed: '^(src/.+)?'
        pusher:
          name: '.+'
          email: '.+@.+\\..+'

      actions:
        - log:
            message: |
              Received a GitHub push from the {{ request.json.repository.full_name }} repo:
              - Pushed by {{ request.json.pusher.name }} <{{ request.json.pusher.email }}>
              - Commits included:
              {% for commit in request.json.commits %}
              +   {{ commit.id }}
              +   {{ commit.committer.name }} at {{ commit.timestamp }}
              +   {{ commit.message }}
              
              {% endfor %}
              Check this change out at {{ request.json.compare }}

        # verify the webhook signature
        - github-verify:
            secret: '{{ read_config("GITHUB_SECRET", "/var/run/secrets/github") }}'
`;

/** A real push payload from GitHub's examples, moved into the `sample` namespace the rules ask for. */
interface SamplePush {
  [key: string]: unknown;
  ref: string;
  before: string;
  compare: string;
  pusher: { name: string; email: string };
  repository: { full_name: string; owner: { email: string } };
  commits: { id: string; message: string; timestamp: string; committer: { name: string }; [key: string]: unknown }[];
}

function samplePush(): SamplePush {
  const push = structuredClone(githubExamples('push').find((example) => (example.commits as unknown[]).length > 0)!) as unknown as SamplePush;
  push.ref = 'refs/heads/main';
  push.before = 'a'.repeat(40);
  push.repository.full_name = 'sample/hello-world';
  push.repository.owner.email = 'octo@example.com';
  push.commits.push({ ...push.commits[0], id: 'b'.repeat(40), message: 'Second commit', added: ['src/new.ts'], removed: [] });
  return push;
}

let server: ServerProcess;
const secretFile = join(tempDir(), 'github');
writeFileSync(secretFile, 'GITHUB_SECRET=TopSecret\n');

beforeAll(async () => (server = await ServerProcess.start(SEED_EXAMPLE, { env: { GITHUB_SECRET: 'TopSecret' } })));
afterAll(async () => server.stop());

function deliver(payload: unknown, headers: Record<string, string> = {}) {
  const body = Buffer.from(JSON.stringify(payload));
  return server.request('/github', {
    method: 'POST',
    body: new Uint8Array(body),
    headers: {
      'Content-Type': 'application/json',
      'X-GitHub-Event': 'push',
      'X-GitHub-Delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
      'X-Hub-Signature-256': sign('sha256', 'TopSecret', body),
      ...headers,
    },
  });
}

it('accepts a real push, prints the README message and verifies the signature', async () => {
  const push = samplePush();
  const mark = server.stdout.length;
  const response = await deliver(push);
  expect(response.status).toBe(200);
  const printed = server.stdout.slice(mark);
  const commit = push.commits[0];
  expect(printed).toContain(`Received a GitHub push from the sample/hello-world repo:\n- Pushed by ${push.pusher.name} <${push.pusher.email}>\n- Commits included:\n`);
  expect(printed).toContain(`+   ${commit.id}\n+   ${commit.committer.name} at ${commit.timestamp}\n+   ${commit.message}\n`);
  expect(printed).toContain('+   Second commit\n');
  expect(printed).toContain(`Check this change out at ${push.compare}\nGitHub webhook successfully validated\n`);
});

it('refuses a push from outside the sample namespace', async () => {
  const push = samplePush();
  push.repository.full_name = 'other/repo';
  expect((await deliver(push)).status).toBe(409);
});

it('refuses a commit with an empty message (every element of the commits list is checked)', async () => {
  const push = samplePush();
  push.commits[1].message = '';
  expect((await deliver(push)).status).toBe(409);
});

it('refuses a delivery that is not a push', async () => {
  expect((await deliver(samplePush(), { 'X-GitHub-Event': 'issues' })).status).toBe(409);
});
