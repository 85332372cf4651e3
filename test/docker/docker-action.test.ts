import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, ServerProcess, writeConfig } from '../helpers/cli.js';
import { dockerCli, engineEnv } from '../helpers/docker-engine.js';
import { dockerEngine, itWithEngine, postAndCollect } from './engine.js';

const engine = dockerEngine();
const engineIt = itWithEngine(engine);
const image = engine ? `${engine.images.repository}:1` : '';

const CONFIG = `
server: { port: 0 }
endpoints:
  - /info:
      actions:
        - docker:
            $info:
            output: 'version={{ result.ServerVersion }} os={{ result.OperatingSystem }}'
        - docker:
            $version:
            output: 'api={{ result.ApiVersion }}'
  - /list:
      actions:
        - docker:
            $containers:
              $list:
                filters:
                  name: '{{ request.json.name }}'
                  status: running
            output: |
              {% for container in result %}{{ container.name }}|{{ container.short_id }}|{{ container.status }}|{{ container.image.tags | join(',') }}|{{ container.labels['test.role'] }}
              {% endfor %}
  - /list-all:
      actions:
        - docker:
            $containers:
              $list:
                all: true
                filters: { label: 'test.role={{ request.json.role }}' }
            output: 'count={{ result | length }} names={{ result | map(attribute="name") | join(",") }}'
  - /run:
      actions:
        - docker:
            $containers:
              $run:
                image: '{{ request.json.image }}'
                command: 'echo "Hello from {{ request.json.who }}"'
                remove: true
                labels: { test.role: run }
  - /run-variables:
      actions:
        - eval:
            block: '{% set _ = context.set("user", "65534") %}'
        - docker:
            $containers:
              $run:
                image: '${image}'
                command: ['sh', '-c', 'echo UPPER=$UPPER LOWER=$LOWER user=$(id -u)']
                user: '{{ context.user }}'
                environment:
                  - 'UPPER={{ "upper" | upper }}'
                  - 'LOWER={{ "LOWER" | lower }}'
                remove: true
  - /run-failing:
      actions:
        - docker:
            $containers:
              $run:
                image: '${image}'
                command: 'sh -c "echo broken >&2; exit 3"'
                remove: true
  - /get:
      actions:
        - docker:
            $containers:
              $get:
                container_id: '{{ request.json.id }}'
            output: '{% set _ = context.set("container", result) %}got={{ result.name }}'
        - log:
            message: 'status={{ context.container.status }} image={{ context.container.image.short_id }}'
  - /restart:
      actions:
        - docker:
            $containers:
              $run:
                image: '${image}'
                command: ['sh', '-c', 'echo "started {{ request.json.message }}"; sleep 300']
                detach: true
                labels: { test.role: restart }
            output: '{% set _ = context.set("container", result) %}detached={{ result.status }}'
        - eval:
            block: |
              {% set _ = context.container.restart(timeout=0) %}
              {% set _ = context.container.reload() %}
              {{ context.container.status }}
        # the restarted shell prints its line a moment after the restart returns
        - sleep: { seconds: 1, output: 'waiting' }
        - eval:
            block: "{{ context.container.logs(stdout=true) | trim | replace('\\n', '|') }}"
  - /images:
      actions:
        - docker:
            $images:
              $list:
                filters:
                  reference: '{{ request.json.reference }}'
            output: |
              {% for image in result %}{{ image.tags | sort | join(',') }}|{{ image.short_id }}
              {% endfor %}
  - /pull:
      actions:
        - docker:
            $images:
              $pull:
                repository: '{{ request.json.repository }}'
                tag: '{{ request.json.tag }}'
            output: 'pulled={{ result.tags | join(",") }} id={{ result.id }}'
  - /image:
      actions:
        - docker:
            $images:
              $get:
                name: '{{ request.json.name }}'
            output: '{{ result.short_id }} {{ result.labels["webhook-proxy.test.version"] }}'
  - /bad-filter:
      actions:
        - docker:
            $containers:
              $list:
                filters:
                  takeOverTheWorld: 'yes'
`;

describe('docker action (local socket)', () => {
  let server: ServerProcess;
  let sleeperId = '';

  beforeAll(async () => {
    if (!engine) return;
    sleeperId = (await dockerCli(engine, ['run', '-d', '--name', 'wp-sleeper', '--label', 'test.role=sleeper', image, 'sleep', '300'])).trim();
    server = await ServerProcess.start(CONFIG, { env: engineEnv(engine) });
  });
  afterAll(async () => {
    await server?.stop();
    if (engine) await dockerCli(engine, ['rm', '-f', 'wp-sleeper']).catch(() => undefined);
  });

  const post = (path: string, body: unknown = {}) => postAndCollect(server, path, body);

  engineIt('$info and $version give the engine facts under the SDK names', async () => {
    const { status, lines } = await post('/info');
    expect(status).toBe(200);
    expect(lines[0]).toMatch(/^version=20\.10\.\S+ os=Debian GNU\/Linux/);
    expect(lines[1]).toMatch(/^api=1\.\d+$/);
  });

  engineIt('$containers.$list applies templated filters and gives Container objects', async () => {
    const { lines } = await post('/list', { name: 'wp-sleeper' });
    // other test files may tag the same image under more names
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^wp-sleeper\\|${sleeperId.slice(0, 10)}\\|running\\|([^|]*,)?${escape(image)}(,[^|]*)?\\|sleeper$`))]);
    expect((await post('/list', { name: 'no-such-container' })).lines).toEqual([]);
  });

  engineIt('$containers.$run pulls nothing it has, runs a templated command and returns its output', async () => {
    const { status, lines } = await post('/run', { image, who: 'Docker' });
    expect(status).toBe(200);
    expect(lines).toEqual(['Hello from Docker']);
    // remove: true
    expect((await post('/list-all', { role: 'run' })).lines).toEqual(['count=0 names=']);
  });

  engineIt('$containers.$run takes user and environment from templates', async () => {
    const { lines } = await post('/run-variables');
    expect(lines).toEqual(['UPPER=UPPER LOWER=lower user=65534']);
  });

  engineIt('a command that fails is an action error with its exit status and stderr', async () => {
    const mark = server.stderr.length;
    const { status } = await post('/run-failing');
    expect(status).toBe(500);
    expect(server.stderr.slice(mark)).toMatch(/action 0 \(docker\) failed: .*returned non-zero exit status 3: broken/);
  });

  engineIt('$containers.$get kept in context serves a later log (upstream test_log_container_status)', async () => {
    const { lines } = await post('/get', { id: 'wp-sleeper' });
    const imageId = (await dockerCli(engine!, ['image', 'inspect', '--format', '{{.Id}}', image])).trim();
    expect(lines).toEqual(['got=wp-sleeper', `status=running image=${imageId.slice(0, 17)}`]);
  });

  engineIt('templates call container methods: restart, reload and logs run in order (upstream test_restart_container)', async () => {
    const { status, lines } = await post('/restart', { message: 'twice' });
    expect(status).toBe(200);
    expect(lines[0]).toBe('detached=running');
    // reload() saw it running after the restart; restarted once: the start message is in the logs twice
    expect(lines.slice(1)).toEqual(['running', 'waiting', 'started twice|started twice']);
  });

  engineIt('$images.$list filters by reference; $images.$get shows labels', async () => {
    const { lines } = await post('/images', { reference: `${engine!.images.repository}:1` });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^([^|]*,)?${escape(image)}(,[^|]*)?\\|sha256:[0-9a-f]{10}$`));
    expect((await post('/image', { name: image })).lines[0]).toMatch(/^sha256:[0-9a-f]{10} 1$/);
  });

  engineIt('$images.$pull fetches a tag from the registry and returns the Image', async () => {
    const tag2 = `${engine!.images.repository}:2`;
    await dockerCli(engine!, ['rmi', '-f', tag2]).catch(() => undefined);
    const { status, lines } = await post('/pull', { repository: engine!.images.repository, tag: '2' });
    expect(status).toBe(200);
    const id = (await dockerCli(engine!, ['image', 'inspect', '--format', '{{.Id}}', tag2])).trim();
    expect(lines).toEqual([`pulled=${tag2} id=${id}`]);
  });

  engineIt('a pull error inside the progress stream fails the action with the engine message', async () => {
    const mark = server.stderr.length;
    const { status } = await post('/pull', { repository: engine!.images.repository, tag: 'no-such-tag' });
    expect(status).toBe(500);
    expect(server.stderr.slice(mark)).toMatch(/action 0 \(docker\) failed: docker images\.pull\(\) on unix:\/\/\S+ failed: .*(manifest unknown|not found)/);
  });

  engineIt('bad arguments are an action error (500) carrying the engine message', async () => {
    const mark = server.stderr.length;
    const { status } = await post('/bad-filter');
    expect(status).toBe(500);
    expect(server.stderr.slice(mark)).toMatch(/docker containers\.list\(\) on unix:.* failed: .*takeOverTheWorld.*\(HTTP 400\)/i);
  });
});

describe('docker action: startup errors', () => {
  it.each([
    ['no invocation', 'output: "x"', /the docker action needs exactly one \$invocation \(one of: \$info, \$version, \$ping, \$containers, \$images, \$services\)/],
    ['an unknown attribute', '$containers:\n              $takeOverTheWorld:', /containers has no "takeOverTheWorld" \(known: \$list, \$get, \$run\)/],
    ['two invocations', '$info:\n            $version:', /exactly one \$invocation, not \$info, \$version/],
    ['a namespace that is not callable', '$containers:', /containers is not callable: use one of \$list, \$get, \$run/],
    ['an argument the method does not take', '$containers:\n              $list:\n                colour: red', /containers\.list\(\) got an unexpected keyword argument 'colour'/],
    ['a bad host', 'host: "ftp://example"\n            $info:', /unsupported scheme ftp:/],
  ])('%s is a startup error with the file position', async (_name, settings, message) => {
    const file = writeConfig(`endpoints:\n  - /hook:\n      actions:\n        - docker:\n            ${settings}\n`);
    const { code, stderr } = await runCli(['check', file]);
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/server\.yml:\d+:\d+/);
  });

  it('check --target lambda refuses the Docker actions', async () => {
    const file = writeConfig(`endpoints:\n  - /hook:\n      actions:\n        - docker:\n            $info:\n`);
    const { code, stderr } = await runCli(['check', file, '--target', 'lambda']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/the "docker" action cannot run on lambda/);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
