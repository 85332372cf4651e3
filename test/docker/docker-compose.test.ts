import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it as plainIt } from 'vitest';
import { runCli, ServerProcess, tempDir, writeConfig } from '../helpers/cli.js';
import { engineApi, engineEnv } from '../helpers/docker-engine.js';
import { dockerEngine, itWithEngine, postAndCollect } from './engine.js';

const engine = dockerEngine();
const it = itWithEngine(engine);

/** Two services on the local registry's test image; no networks (the engine runs without a bridge). */
function composeFile(image: string): string {
  const service = (message: string) => `
    image: ${image}
    command: ['sh', '-c', 'echo "${message} started"; sleep 300']
    network_mode: none
    init: true
    stop_grace_period: 1s
`;
  return `services:\n  app:${service('app')}  web:${service('web')}`;
}

const config = (directory: string, project: string, host?: string) => {
  const common = `            project_name: '${project}'\n            directory: '${directory}'\n${host ? `            host: '${host}'\n` : ''}`;
  return `
server: { port: 0 }
endpoints:
  - /services:
      actions:
        - docker-compose:
${common}            $get_services:
            output: '{% for service in result %}name={{ service.name }} {% endfor %}'
  - /up:
      actions:
        - docker-compose:
${common}            $up:
              detached: true
            output: '{% for container in result %}{{ container.name }}|{{ container.short_id }}|{{ container.service }}|{{ container.status }} {% endfor %}'
  - /scale:
      actions:
        - docker-compose:
${common}            $get_service:
              name: '{{ request.json.service }}'
            output: '{% set _ = context.set("service", result) %}{{ result.name }}'
        - eval:
            block: '{% set _ = context.service.scale(desired_num=request.json.count) %}scaled'
        - docker-compose:
${common}            $containers:
            output: '{% for container in result %}{{ container.name }} {% endfor %}'
  - /restart:
      actions:
        - docker-compose:
${common}            $restart:
              service_names: ['{{ request.json.service }}']
              timeout: 1
            output: '{% for container in result %}{{ container.name }}={{ container.attrs.State.StartedAt }} {% endfor %}'
  - /up-options:
      actions:
        - docker-compose:
${common}            $up:
              service_names: ['app']
              scale_override: { app: 2 }
              strategy: always
            output: '{% for container in result %}{{ container.name }} {% endfor %}'
  - /pull:
      actions:
        - docker-compose:
${common}            $pull:
              service_names: [app]
            output: 'pulled {{ result | map(attribute="name") | join(",") }}'
  - /down:
      actions:
        - docker-compose:
${common}            $down:
              remove_image_type: false
              include_volumes: true
            output: 'Compose project stopped'
        - docker-compose:
${common}            $containers:
              stopped: true
            output: 'left={{ result | length }}'
`;
};

for (const kind of ['socket', 'ssh'] as const) {
  describe(`docker-compose action (Compose v2 over the ${kind})`, () => {
    let server: ServerProcess;
    const project = `wpcompose${kind}`;
    const post = (path: string, body: unknown = {}) => postAndCollect(server, path, body);

    beforeAll(async () => {
      if (!engine) return;
      const directory = tempDir('webhook-proxy-compose-');
      writeFileSync(join(directory, 'docker-compose.yml'), composeFile(`${engine.images.repository}:1`));
      const ssh: Record<string, string> = kind === 'ssh' ? { WEBHOOK_PROXY_SSH_KEY: engine.ssh.privateKeyPath, WEBHOOK_PROXY_SSH_KNOWN_HOSTS: engine.ssh.knownHostsPath } : {};
      server = await ServerProcess.start(config(directory, project, kind === 'ssh' ? engine.ssh.url : undefined), { env: { ...engineEnv(engine), ...ssh } });
    });
    afterAll(async () => {
      if (server) await post('/down').catch(() => undefined);
      await server?.stop();
    });

    it('$get_services lists the services by name (upstream test_service_names)', async () => {
      expect((await post('/services')).lines).toEqual(['name=app name=web']);
    });

    it('$up starts the project and returns its containers', async () => {
      const { status, lines, errors } = await post('/up');
      expect(status, errors).toBe(200);
      expect(lines[0]).toMatch(new RegExp(`^${project}-app-1\\|[0-9a-f]{10}\\|app\\|running ${project}-web-1\\|[0-9a-f]{10}\\|web\\|running$`));
      // the container really runs, seen from the engine
      const running = (await engineApi(engine!.socketPath, 'GET', `/containers/json?filters=${encodeURIComponent(JSON.stringify({ label: [`com.docker.compose.project=${project}`] }))}`)) as unknown[];
      expect(running).toHaveLength(2);
    });

    it('service.scale(desired_num=2) from a template, then $containers (upstream test_scale_service)', async () => {
      const { status, lines, errors } = await post('/scale', { service: 'web', count: 2 });
      expect(status, errors).toBe(200);
      expect(lines).toEqual(['web', 'scaled', `${project}-app-1 ${project}-web-1 ${project}-web-2`]);
    });

    it('$restart restarts the named services', async () => {
      const before = (await post('/restart', { service: 'app' })).lines[0]!;
      const after = (await post('/restart', { service: 'app' })).lines[0]!;
      expect(before).toMatch(new RegExp(`^${project}-app-1=\\S+$`));
      expect(after).not.toBe(before);
    });

    it('$up takes service_names, scale_override and strategy', async () => {
      const { status, lines, errors } = await post('/up-options');
      expect(status, errors).toBe(200);
      expect(lines).toEqual([`${project}-app-1 ${project}-app-2`]);
    });

    it('$pull pulls the services images', async () => {
      const { status, lines, errors } = await post('/pull');
      expect(status, errors).toBe(200);
      expect(lines).toEqual(['pulled app']);
    });

    it('$down stops and removes the project', async () => {
      const { status, lines } = await post('/down');
      expect(status).toBe(200);
      expect(lines).toEqual(['Compose project stopped', 'left=0']);
    });
  });
}

describe('docker-compose action: startup errors', () => {
  plainIt('a missing Compose file is a startup error naming it', async () => {
    const directory = tempDir();
    const file = writeConfig(`endpoints:\n  - /hook:\n      actions:\n        - docker-compose:\n            project_name: web\n            directory: '${directory}'\n            $get_services:\n`);
    const { code, stderr } = await runCli(['check', file]);
    expect(code).toBe(1);
    expect(stderr).toContain(`the Compose file ${directory}/docker-compose.yml does not exist`);
  });

  plainIt('an invocation the project does not have is a startup error', async () => {
    const directory = tempDir();
    writeFileSync(join(directory, 'docker-compose.yml'), 'services: {}\n');
    const file = writeConfig(`endpoints:\n  - /hook:\n      actions:\n        - docker-compose:\n            project_name: web\n            directory: '${directory}'\n            $build:\n`);
    const { code, stderr } = await runCli(['check', file]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/docker-compose has no "build" \(known: \$get_services, \$get_service, \$up, \$down, \$containers, \$pull, \$restart\)/);
  });
});
