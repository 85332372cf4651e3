/** Where the Docker engine is: DOCKER_HOST (or an action's `host:`), as the docker CLI reads it. */
export type DockerHost =
  | { kind: 'unix'; socketPath: string; url: string }
  | { kind: 'tcp'; host: string; port: number; tls: boolean; url: string }
  | { kind: 'ssh'; host: string; port: number; username: string; url: string };

export const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';

/** Parses `unix://`, `tcp://` (TLS with DOCKER_TLS_VERIFY) and `ssh://user@host:port`; throws a clear Error. */
export function parseDockerHost(value: string | undefined, tlsVerify: boolean): DockerHost {
  const text = (value ?? '').trim() || DEFAULT_DOCKER_HOST;
  if (text.startsWith('unix://')) {
    const socketPath = text.slice('unix://'.length);
    if (!socketPath.startsWith('/')) throw new Error(`Docker host "${text}": a unix:// address needs an absolute socket path`);
    return { kind: 'unix', socketPath, url: text };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`Docker host "${text}" is not unix:///path, tcp://host:port or ssh://user@host[:port]`);
  }
  if (url.protocol === 'tcp:' || url.protocol === 'http:' || url.protocol === 'https:') {
    const tls = url.protocol === 'https:' || tlsVerify;
    return { kind: 'tcp', host: url.hostname, port: Number(url.port || (tls ? 2376 : 2375)), tls, url: `tcp://${url.host}` };
  }
  if (url.protocol === 'ssh:') {
    if (!url.hostname) throw new Error(`Docker host "${text}" has no host name`);
    if (url.password) throw new Error(`Docker host "ssh://…" must not carry a password: use a key or the SSH agent`);
    const username = decodeURIComponent(url.username) || process.env.USER || 'root';
    const port = Number(url.port || 22);
    return { kind: 'ssh', host: url.hostname, port, username, url: `ssh://${username}@${url.hostname}:${port}` };
  }
  throw new Error(`Docker host "${text}": unsupported scheme ${url.protocol} (use unix://, tcp:// or ssh://)`);
}
