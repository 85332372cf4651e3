import { afterAll, beforeAll, expect, it } from 'vitest';
import { InProcessServer } from '../helpers/in-process.js';
import { Receiver } from '../helpers/receiver.js';

// Flask's request API and requests' response headers, as a config meets them: rendered in an http
// action's body, which arrives at a real receiver on 127.0.0.1.
let receiver: Receiver;
let server: InProcessServer;

beforeAll(async () => {
  receiver = await new Receiver().start();
  server = await InProcessServer.start(`
server: { port: 0 }
endpoints:
  - /args:
      actions:
        - http:
            target: '${receiver.url}/args'
            body: "{{ request.args.tag }}|{{ request.args.getlist('tag') }}|{{ request.args.get('nope', 'd') }}|{{ request.args.get('one') }}|{{ request.args|length }}|{{ request.args.to_dict(flat=false) }}"
  - /json:
      actions:
        - http:
            target: '${receiver.url}/json'
            body: "{{ request.is_json }}|{{ request.mimetype }}|{{ request.get_json().id }}|{{ request.json.id + 1 }}|{{ request.json|tojson }}"
  - /not-json:
      actions:
        - http:
            target: '${receiver.url}/not-json'
            body: "{{ request.is_json }}|{{ request.get_json(silent=true) }}|{{ request.get_json(force=true).a }}"
  - /strict-json:
      actions:
        - http: { target: '${receiver.url}/strict', body: '{{ request.get_json() }}' }
  - /form:
      actions:
        - http: { target: '${receiver.url}/form', body: "{{ request.form.x }}|{{ request.form.getlist('x') }}" }
  - /headers:
      actions:
        - http:
            target: '${receiver.url}/headers'
            body: "{{ request.headers['x-custom-thing'] }}|{{ request.headers['X-CUSTOM-THING'] }}|{{ 'x-custom-thing' in request.headers }}|{{ request.headers.keys()|select('in', ['X-Custom-Thing', 'Content-Type'])|list }}"
  - /response:
      actions:
        - http:
            target: '${receiver.url}/echo'
            output: "{{ response.headers['Content-Type'] }}|{{ response.headers['content-type'] }}|{{ response.headers.get('X-RECEIVER') }}|{{ 'x-receiver' in response.headers }}"
`);
});

afterAll(async () => {
  await server?.stop();
  await receiver?.stop();
});

it('request.args: a repeated key reads as its first value; getlist, get and to_dict as in Werkzeug', async () => {
  expect((await server.post('/args?tag=a&tag=b&one=1')).status).toBe(200);
  expect(receiver.last().body).toBe('a|["a","b"]|d|1|2|{"tag":["a","b"],"one":["1"]}');
});

it('request.is_json, get_json() and json keep integers beyond 2^53 exact', async () => {
  const body = '{"id": 12345678901234567890, "f": 1.5, "s": "9007199254740993"}';
  expect((await server.post('/json', body, { 'Content-Type': 'application/json; charset=utf-8' })).status).toBe(200);
  expect(receiver.last().body).toBe('True|application/json|12345678901234567890|12345678901234567891|{"f": 1.5, "id": 12345678901234567890, "s": "9007199254740993"}');
});

it('get_json on a non-JSON body: None with silent=true, parsed with force=true', async () => {
  expect((await server.post('/not-json', '{"a": 7}', { 'Content-Type': 'text/plain' })).status).toBe(200);
  expect(receiver.last().body).toBe('False|None|7');
});

it('get_json() on a non-JSON body fails the action, as Flask answers 415', async () => {
  const mark = receiver.received.length;
  expect((await server.post('/strict-json', 'x', { 'Content-Type': 'text/plain' })).status).toBe(500);
  expect(receiver.received.length).toBe(mark);
  expect(server.stderr).toMatch(/415 Unsupported Media Type/);
});

it('request.form: first value, getlist for all', async () => {
  expect((await server.post('/form', 'x=1&x=2', { 'Content-Type': 'application/x-www-form-urlencoded' })).status).toBe(200);
  expect(receiver.last().body).toBe('1|["1","2"]');
});

it('request.headers: any case reads, `in`, Title-Case names', async () => {
  expect((await server.post('/headers', '', { 'X-Custom-Thing': 'v' })).status).toBe(200);
  expect(receiver.last().body).toBe('v|v|True|["Content-Type","X-Custom-Thing"]');
});

it("response.headers after an http action: any case, as requests' CaseInsensitiveDict", async () => {
  const mark = server.stdout.length;
  expect((await server.post('/response')).status).toBe(200);
  expect(server.linesSince(mark)).toContain('application/json|application/json|yes|True');
});
