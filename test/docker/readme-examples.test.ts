/**
 * The seed README's Docker examples, run as written (only image names point at the local
 * registry and Compose directories at temp folders), and the corrected "Update a Docker Compose
 * project on image changes" example end to end.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { ServerProcess, tempDir } from '../helpers/cli.js';
import { dockerCli, engineEnv, type DockerEngineInfo } from '../helpers/docker-engine.js';
import { dockerEngine, itWithEngine, postAndCollect } from './engine.js';

const engine = dockerEngine();
const it = itWithEngine(engine);

/** The seed README's `docker` examples, verbatim but for one quoting fix, one endpoint each. */
const DOCKER_EXAMPLES = `
server: { port: 0 }
endpoints:
  - /list:
      actions:
        - docker:
            $containers:
              $list:
                filters:
                  name: '{{ request.json.repo.name }}'
            output: |
              Containers matching "{{ request.json.name }}":
              {% for container in result %}
               - {{ container.name }} @ {{ container.short_id }}
              {% endfor %}
  - /info:
      actions:
        - docker:
            $info:
            output: 'Docker version: {{ result.ServerVersion }} on {{ result.OperatingSystem }}'
  - /pull:
      actions:
        - docker:
            $images:
              $pull:
                repository: '{{ request.json.namespace }}/{{ request.json.name }}'
                # the seed has '{{ request.json.get('tag', 'latest') }}': quotes inside single quotes are not YAML
                tag: "{{ request.json.get('tag', 'latest') }}"
  - /run:
      actions:
        - docker:
            $containers:
              $run:
                image: 'alpine'
                command: 'echo "Hello {{ request.json.message }}!"'
                remove: true
`;

/** The seed README's `docker-compose` examples, verbatim but for the directories. */
const COMPOSE_EXAMPLES = (web: string, backend: string) => `
server: { port: 0 }
endpoints:
  - /services:
      actions:
        - docker-compose:
            project_name: 'web'
            directory: '${web}'
            $get_services:
            output: |
              Compose services:
              {% for service in result %}
               - service: {{ service.name }}
              {% endfor %}
  - /up:
      actions:
        - docker-compose:
            project_name: 'backend'
            directory: '${backend}'
            $up:
              detached: true
            output: |
              Containers started:
              {% for container in result %}
               - {{ container.name }}
              {% endfor %}
  - /down:
      actions:
        - docker-compose:
            project_name: 'backend'
            directory: '${backend}'
            $down:
              remove_image_type: false
              include_volumes: true
            output: 'Compose project stopped'
`;

/** The README's corrected version of the Docker Hub → Compose example (see the README). */
const DOCKER_HUB_FLOW = (registry: string, directory: string) => `
server:
  host: '127.0.0.1'
  port: 0

endpoints:
  - /webhook/dockerhub:
      method: 'POST'

      body:
        repository:
          repo_name: '${registry.replace(/\./g, '\\.')}/somebody/.+'
          owner: 'somebody'
        push_data:
          tag: 'latest'

      actions:
        - docker:
            $containers:
              $list:
            output: |
              {% set image = request.json.repository.repo_name ~ ':' ~ request.json.push_data.tag %}
              {% for container in result if image in container.image.tags %}
                Found {{ container.name }} with {{ container.image }}
              {% else %}
                {% set _ = error('No containers found using %s' % image) %}
              {% endfor %}
        - docker:
            $images:
              $pull:
                repository: '{{ request.json.repository.repo_name }}'
                tag: '{{ request.json.push_data.tag }}'
        - docker-compose:
            project_name: 'autoupdate'
            directory: '${directory}'
            $up:
              detached: true
            output: |
              Containers affected:
              {% for container in result %}
              {{ container.name }} <{{ container.short_id }}>
              {% endfor %}
`;

/** A test image with an id of its own (a label on top of the shared test image `tag`). */
async function ownImage(e: DockerEngineInfo, tag: number): Promise<string> {
  const context = tempDir('webhook-proxy-image-');
  writeFileSync(join(context, 'Dockerfile'), `FROM ${e.images.repository}:${tag}\nLABEL webhook-proxy.test.flow=dockerhub-${tag}\n`);
  const name = `wp-dockerhub-flow:${tag}`;
  await dockerCli(e, ['build', '-q', '-t', name, context]);
  return name;
}

function composeProject(image: string, services: string[]): string {
  const directory = tempDir('webhook-proxy-compose-');
  const body = services.map((name) => `  ${name}:\n    image: ${image}\n    command: ['sleep', '300']\n    network_mode: none\n    init: true\n    stop_grace_period: 1s\n`).join('');
  writeFileSync(join(directory, 'docker-compose.yml'), `services:\n${body}`);
  return directory;
}

describe('the seed README docker examples, unchanged', () => {
  let server: ServerProcess;
  const post = (path: string, body: unknown) => postAndCollect(server, path, body);

  beforeAll(async () => {
    if (!engine) return;
    // "alpine" resolves to the local test image: the engine never asks Docker Hub
    await dockerCli(engine, ['tag', `${engine.images.repository}:1`, 'alpine:latest']);
    await dockerCli(engine, ['run', '-d', '--name', 'readme-sample', `${engine.images.repository}:1`, 'sleep', '300']);
    server = await ServerProcess.start(DOCKER_EXAMPLES, { env: engineEnv(engine) });
  });
  afterAll(async () => {
    await server?.stop();
    if (engine) await dockerCli(engine, ['rm', '-f', 'readme-sample']).catch(() => undefined);
  });

  it('lists containers by a templated name filter', async () => {
    const { status, lines } = await post('/list', { repo: { name: 'readme-sample' }, name: 'readme-sample' });
    expect(status).toBe(200);
    const id = (await dockerCli(engine!, ['inspect', '--format', '{{.Id}}', 'readme-sample'])).trim();
    expect(lines).toEqual(['Containers matching "readme-sample":', `- readme-sample @ ${id.slice(0, 10)}`]);
  });

  it('prints the engine version and OS', async () => {
    expect((await post('/info', {})).lines).toEqual([expect.stringMatching(/^Docker version: 20\.10\.\S+ on Debian GNU\/Linux 12/)]);
  });

  it("pulls namespace/name with request.json.get('tag', 'latest')", async () => {
    const [registry, ...rest] = engine!.images.repository.split('/');
    const { status, lines } = await post('/pull', { namespace: `${registry}/${rest.slice(0, -1).join('/')}`, name: rest.at(-1), tag: '2' });
    expect(status).toBe(200);
    expect(lines).toEqual([`<Image: '${engine!.images.repository}:2'>`]);
  });

  it('runs a command in a fresh container and removes it', async () => {
    const { status, lines } = await post('/run', { message: 'webhook' });
    expect(status).toBe(200);
    expect(lines).toEqual(['Hello webhook!']);
  });
});

describe('the seed README docker-compose examples', () => {
  let server: ServerProcess;
  const post = (path: string) => postAndCollect(server, path, {});

  beforeAll(async () => {
    if (!engine) return;
    const image = `${engine.images.repository}:1`;
    server = await ServerProcess.start(COMPOSE_EXAMPLES(composeProject(image, ['app', 'db']), composeProject(image, ['api', 'worker'])), { env: engineEnv(engine) });
  });
  afterAll(async () => {
    if (server) await post('/down').catch(() => undefined);
    await server?.stop();
  });

  it('get_services, up and down print what the README shows', async () => {
    expect((await post('/services')).lines).toEqual(['Compose services:', '- service: app', '- service: db']);
    const up = await post('/up');
    expect(up.status, up.errors).toBe(200);
    expect(up.lines).toEqual(['Containers started:', '- backend-api-1', '- backend-worker-1']);
    expect((await post('/down')).lines).toEqual(['Compose project stopped']);
  });
});

describe('Update a Docker Compose project on image changes (corrected README example)', () => {
  it('a Docker Hub push payload → pull the new tag → compose up → the container runs the new image', async () => {
    const e = engine!;
    const repository = `${e.registry}/somebody/app`;
    // images of their own (other test files run containers of the shared test images)
    const [version1, version2] = [await ownImage(e, 1), await ownImage(e, 2)];
    // the registry has "latest" = version 1, the project runs it
    await dockerCli(e, ['tag', version1, `${repository}:latest`]);
    await dockerCli(e, ['push', '-q', `${repository}:latest`]);
    const directory = composeProject(`${repository}:latest`, ['app']);
    await dockerCli(e, ['compose', '--project-name', 'autoupdate', 'up', '--detach', '--quiet-pull'], directory);
    const runningImage = async () =>
      (await dockerCli(e, ['compose', '--project-name', 'autoupdate', 'ps', '--format', '{{.ID}}'], directory))
        .trim()
        .split('\n')
        .map((id) => id.trim())
        .filter(Boolean);
    const imageOf = async (container: string) => (await dockerCli(e, ['inspect', '--format', '{{.Image}}', container])).trim();
    const [before] = await runningImage();
    const oldImage = await imageOf(before!);
    // a new "latest" is pushed (version 2); this engine still has the old one under that tag
    await dockerCli(e, ['tag', version2, `${repository}:latest`]);
    await dockerCli(e, ['push', '-q', `${repository}:latest`]);
    await dockerCli(e, ['tag', version1, `${repository}:latest`]);
    const newImage = (await dockerCli(e, ['image', 'inspect', '--format', '{{.Id}}', version2])).trim();
    expect(newImage).not.toBe(oldImage);

    const server = await ServerProcess.start(DOCKER_HUB_FLOW(e.registry, directory), { env: engineEnv(e) });
    try {
      // Docker Hub's webhook shape
      const payload = {
        callback_url: 'https://registry.hub.docker.com/u/somebody/app/hook/2141b5bi5i5b02bec211i4eeih0242eg11000a/',
        push_data: { images: [], pushed_at: 1417566161, pusher: 'somebody', tag: 'latest' },
        repository: {
          comment_count: 0,
          date_created: 1417494799,
          description: '',
          is_official: false,
          is_private: false,
          name: 'app',
          namespace: `${e.registry}/somebody`,
          owner: 'somebody',
          repo_name: repository,
          repo_url: 'https://registry.hub.docker.com/u/somebody/app/',
          star_count: 0,
          status: 'Active',
        },
      };
      const { status, lines, errors } = await postAndCollect(server, '/webhook/dockerhub', payload);
      expect(status, errors).toBe(200);
      const [after] = await runningImage();
      expect(await imageOf(after!)).toBe(newImage);
      expect(lines).toHaveLength(4);
      expect(lines[0]).toMatch(new RegExp(`^Found autoupdate-app-1 with <Image: .*'${repository}:latest'`));
      // the pull action's default output: the pulled Image
      expect(lines[1]).toMatch(new RegExp(`^<Image: .*'${repository}:latest'.*>$`));
      expect(lines.slice(2)).toEqual(['Containers affected:', `autoupdate-app-1 <${after!.slice(0, 10)}>`]);

      // a payload for an image nothing runs fails the first action: 500, nothing pulled
      const other = await postAndCollect(server, '/webhook/dockerhub', { ...payload, repository: { ...payload.repository, repo_name: `${e.registry}/somebody/other` } });
      expect(other.status).toBe(500);
      expect(other.errors).toContain(`No containers found using ${e.registry}/somebody/other:latest`);
    } finally {
      await server.stop();
      await dockerCli(e, ['compose', '--project-name', 'autoupdate', 'down'], directory).catch(() => undefined);
    }
  }, 90_000);
});
