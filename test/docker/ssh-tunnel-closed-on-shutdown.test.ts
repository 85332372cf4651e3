import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ServerProcess, tempDir } from '../helpers/cli.js';
import { engineEnv } from '../helpers/docker-engine.js';
import { dockerEngine, itWithEngine, postAndCollect } from './engine.js';

const engine = dockerEngine();
const it = itWithEngine(engine);

it('shutdown closes the SSH tunnel: the compose CLI forwarding socket and its folder are removed', async () => {
  const directory = tempDir('webhook-proxy-compose-');
  writeFileSync(join(directory, 'docker-compose.yml'), `services:\n  app:\n    image: ${engine!.images.repository}:1\n    network_mode: none\n`);
  // the server's own temporary folder, so that only its forwarding folder is looked at
  const tmp = tempDir('webhook-proxy-tmp-');
  const server = await ServerProcess.start(
    `
server: { port: 0 }
endpoints:
  - /services:
      actions:
        - docker-compose:
            project_name: wptunnelclose
            directory: '${directory}'
            host: '${engine!.ssh.url}'
            $get_services:
            output: '{% for service in result %}{{ service.name }}{% endfor %}'
`,
    { env: { ...engineEnv(engine!), WEBHOOK_PROXY_SSH_KEY: engine!.ssh.privateKeyPath, WEBHOOK_PROXY_SSH_KNOWN_HOSTS: engine!.ssh.knownHostsPath, TMPDIR: tmp } },
  );
  const forwarders = () => readdirSync(tmp).filter((name) => name.startsWith('webhook-proxy-ssh-'));
  try {
    const { status, lines, errors } = await postAndCollect(server, '/services', {});
    expect(status, errors).toBe(200);
    expect(lines).toEqual(['app']);
    expect(forwarders()).toHaveLength(1);
  } finally {
    await server.stop('SIGTERM');
  }
  expect(forwarders()).toEqual([]);
});
