import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess, tempDir } from '../helpers/cli.js';

const secrets = join(tempDir(), 'secrets');
writeFileSync(secrets, 'CONF_A=config-a\nCONF_B=config=B  \nSHARED=from-file\n');

describe('what action templates see', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await ServerProcess.start(
      `
server: { port: 0 }
endpoints:
  - /request/<int:a>/<b>/<path:c>:
      actions:
        - log:
            message: 'a={{ request.view_args.a + 1 }} b={{ request.view_args.b }} c={{ request.view_args.c }} x={{ request.view_args.x }}<'
        - log:
            message: '{{ request.method }} {{ request.path }} {{ request.args.get("q") }} {{ request.headers["x-custom"] }} {{ request.headers.get("X-CUSTOM") }} {{ request.headers.get("missing", "none") }} {{ request.content_type }} {{ request.remote_addr }}'
        - log:
            message: '{{ request.json.get("tag", "latest") }} {{ request.json.name }} {{ request.data }}'
  - /time:
      actions:
        - log:
            message: '{{ timestamp }}|{{ datetime }}|{{ own_container_id }}'
  - /read-config:
      actions:
        - log:
            message: >-
              {{ read_config("CONF_A", "${secrets}") }}
              {{ read_config("CONF_B", "${secrets}") }}
              {{ read_config("SHARED", "${secrets}") }}
              {{ read_config("ONLY_ENV", "${secrets}") }}
              {{ read_config("ONLY_ENV", "${secrets}", fallback_to_env=False) }}
              {{ read_config("NOWHERE", default="fallback") }}
              {{ read_config("NOWHERE") }}
              {{ read_config("ONLY_ENV", "/does/not/exist") }}
        - log:
            message: '{{ read_config("X", "${secrets}", single_config=True) | length }}'
  - /form:
      actions:
        - log:
            message: '{{ request.form.payload | length > 0 }} {{ request.json.zen }}'
  - /undefined-attribute:
      actions:
        - log:
            message: '{{ request.json.missing.deeper }}'
        - log:
            message: 'must not run'
`,
      { env: { ONLY_ENV: 'from-env', SHARED: 'env-loses' } },
    );
  });
  afterAll(async () => server.stop());

  async function lines(path: string, init: RequestInit = { method: 'POST' }) {
    const mark = server.stdout.length;
    const response = await server.request(path, init);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { status: response.status, lines: server.linesSince(mark) };
  }

  it('request: view_args (int as a number), method, path, args, headers, content_type, remote_addr, json, data', async () => {
    const body = JSON.stringify({ name: 'octo' });
    const result = await lines('/request/1/abc/def/ghi?q=search', {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/json', 'X-Custom': 'yes' },
    });
    expect(result.lines).toEqual(['a=2 b=abc c=def/ghi x=<', 'POST /request/1/abc/def/ghi search yes yes none application/json 127.0.0.1', `latest octo ${body}`]);
  });

  it('timestamp (epoch seconds), datetime (time.ctime) and own_container_id (None outside a container)', async () => {
    const before = Date.now() / 1000;
    const [line] = (await lines('/time')).lines;
    const [timestamp, datetime, container] = line!.split('|');
    expect(Number(timestamp)).toBeGreaterThanOrEqual(before - 1);
    expect(Number(timestamp)).toBeLessThanOrEqual(Date.now() / 1000 + 1);
    expect(datetime).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/);
    expect(container).toMatch(/^(None|[0-9a-f]{64})$/);
  });

  it('read_config: KEY=value files (first "=" splits, stripped), env fallback, defaults, single_config', async () => {
    const result = await lines('/read-config');
    expect(result.lines).toEqual(['config-a config=B from-file from-env None fallback None from-env', '51']);
  });

  it('parses a GitHub form delivery (payload=<json>)', async () => {
    const form = new URLSearchParams({ payload: JSON.stringify({ zen: 'Keep it logically awesome.' }) });
    const result = await lines('/form', { method: 'POST', body: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(result.lines).toEqual(['True Keep it logically awesome.']);
  });

  it('an attribute of an undefined value is an action error', async () => {
    const errMark = server.stderr.length;
    const result = await lines('/undefined-attribute', { method: 'POST', body: '{"a": 1}', headers: { 'Content-Type': 'application/json' } });
    expect(result).toEqual({ status: 500, lines: [] });
    expect(server.stderr.slice(errMark)).toMatch(/action 0 \(log\) failed: .*undefined/);
  });
});
