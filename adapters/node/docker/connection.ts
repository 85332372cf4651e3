import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { parseDockerHost, type DockerHost } from './docker-host.js';

type Env = (name: string) => string | undefined;

/** A Docker engine reached one way (socket, TCP, SSH), shared by every action that names it. */
export interface DockerConnection {
  readonly host: DockerHost;
  readonly docker: Docker;
  /** Environment for the `docker compose` CLI to reach the same engine. */
  cliEnvironment(): Promise<Record<string, string>>;
}

const connections = new Map<string, Promise<DockerConnection & { close?: () => void }>>();

/**
 * The connection for an action's `host:` (or DOCKER_HOST when absent). One per distinct host for
 * the whole process: an SSH host gets one SSH connection, reused by every call.
 */
export function dockerConnection(hostSetting: string | undefined, env: Env = (name) => process.env[name]): Promise<DockerConnection> {
  const tlsVerify = Boolean(env('DOCKER_TLS_VERIFY')) && env('DOCKER_TLS_VERIFY') !== '0';
  const host = parseDockerHost(hostSetting ?? env('DOCKER_HOST'), tlsVerify);
  const key = `${host.url}|${host.kind === 'tcp' && host.tls}`;
  let connection = connections.get(key);
  if (!connection) {
    connection = connect(host, env);
    connections.set(key, connection);
    // a failure (unreadable TLS files) is not kept: the next call tries again
    connection.catch(() => connections.delete(key));
  }
  return connection;
}

/** Closes every SSH tunnel (the server's shutdown). */
export function closeDockerConnections(): void {
  for (const connection of connections.values())
    void connection.then(
      (open) => open.close?.(),
      () => undefined,
    );
  connections.clear();
}

/** dockerode and ssh2 are loaded on first use: a server without Docker actions starts without them. */
async function connect(host: DockerHost, env: Env): Promise<DockerConnection & { close?: () => void }> {
  const { default: DockerClient } = await import('dockerode');
  const engine = (options: Docker.DockerOptions): Docker =>
    new DockerClient({ host: undefined, port: undefined, socketPath: undefined, ca: undefined, cert: undefined, key: undefined, protocol: 'http', ...options });
  switch (host.kind) {
    case 'unix':
      return { host, docker: engine({ socketPath: host.socketPath }), cliEnvironment: async () => ({ DOCKER_HOST: host.url }) };
    case 'tcp': {
      if (!host.tls) {
        return {
          host,
          docker: engine({ protocol: 'http', host: host.host, port: host.port }),
          cliEnvironment: async () => ({ DOCKER_HOST: host.url, DOCKER_TLS_VERIFY: '' }),
        };
      }
      const certPath = env('DOCKER_CERT_PATH') || join(env('HOME') ?? '/root', '.docker');
      const read = (name: string) => {
        try {
          return readFileSync(join(certPath, name));
        } catch {
          throw new Error(`${host.url}: TLS is on (DOCKER_TLS_VERIFY) but ${join(certPath, name)} cannot be read; set DOCKER_CERT_PATH`);
        }
      };
      return {
        host,
        docker: engine({ protocol: 'https', host: host.host, port: host.port, ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') }),
        cliEnvironment: async () => ({ DOCKER_HOST: host.url, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certPath }),
      };
    }
    case 'ssh': {
      const { SshTunnel, sshSettingsFromEnv } = await import('./ssh-tunnel.js');
      const tunnel = new SshTunnel(host, sshSettingsFromEnv(env));
      // plain HTTP over the tunnel's channels; host and port only fill the request line
      const docker = engine({ protocol: 'http', host: 'docker', port: 80 });
      (docker.modem as unknown as { agent: unknown }).agent = tunnel.agent;
      return {
        host,
        docker,
        cliEnvironment: async () => ({ DOCKER_HOST: `unix://${await tunnel.localSocket()}` }),
        close: () => tunnel.close(),
      };
    }
  }
}

// dockerode's modem fills in whatever it finds in process.env (DOCKER_HOST, DOCKER_CERT_PATH) under
// the options given, so an action's `host:` could silently go elsewhere: `engine` above sets every
// connection field explicitly.
