import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessServer } from '../helpers/in-process.js';

const CONFIG = `
server: { port: 0 }
endpoints:
  - /templated:
      headers:
        X-Templated: '{{ ["templated", "header"]|join("-") }}'
      body:
        from_env: '^{{ read_config("EXPECTED_REPO") }}$'
        joined: '{{ ["a", "b"]|join("-") }}'
  - /literal:
      headers:
        X-Value: '\\{\\{ 7\\*7 \\}\\}'
      body:
        prop: '^[0-9]+$'
        name: '^\\{\\{'
`;

describe('rules are templates; incoming values never are', () => {
  let server: InProcessServer;
  beforeAll(async () => (server = await InProcessServer.start(CONFIG, { env: { EXPECTED_REPO: 'octo/cat' } })));
  afterAll(async () => server.stop());

  it('renders rules with filters and read_config (environment)', async () => {
    const response = await server.post('/templated', { from_env: 'octo/cat', joined: 'a-b' }, { 'X-Templated': 'templated-header' });
    expect(response.status).toBe(200);
    expect((await server.post('/templated', { from_env: 'other/repo', joined: 'a-b' }, { 'X-Templated': 'templated-header' })).status).toBe(409);
  });

  it('matches a header "{{ 7*7 }}" as that text, not 49', async () => {
    expect((await server.post('/literal', { prop: '1', name: '{{x' }, { 'X-Value': '{{ 7*7 }}' })).status).toBe(200);
    expect((await server.post('/literal', { prop: '1', name: '{{x' }, { 'X-Value': '49' })).status).toBe(409);
  });

  it('does not render a body value: {{ read_config(...) }} in a payload stays text', async () => {
    const mark = server.stdout.length;
    const response = await server.post('/literal', { prop: '{{ read_config("EXPECTED_REPO") }}', name: '{{' }, { 'X-Value': '{{ 7*7 }}' });
    expect(response.status).toBe(409);
    await server.waitFor('stdout', /Failed/);
    expect(server.linesSince(mark)).toEqual(['Failed to validate "prop": "{{ read_config("EXPECTED_REPO") }}" does not match "^[0-9]+$"']);
  });

  it('a value holding "{{" that is not a valid template is just text (the original crashed with 500)', async () => {
    expect((await server.post('/literal', { prop: '12', name: '{{ unclosed' }, { 'X-Value': '{{ 7*7 }}' })).status).toBe(200);
  });
});
