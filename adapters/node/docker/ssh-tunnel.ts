import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, type AgentOptions } from 'node:http';
import { connect as netConnect, createServer, type Server, type Socket } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duplex } from 'node:stream';
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import { isKnownHostKey } from './known-hosts.js';

/** How to authenticate and check the host, from the environment (see the README's Docker section). */
export interface SshSettings {
  /** Private key file (WEBHOOK_PROXY_SSH_KEY), else the agent (SSH_AUTH_SOCK), else ~/.ssh/id_*. */
  keyPath?: string;
  passphrase?: string;
  agentSocket?: string;
  /** known_hosts file (WEBHOOK_PROXY_SSH_KNOWN_HOSTS, default ~/.ssh/known_hosts). */
  knownHostsPath: string;
}

export function sshSettingsFromEnv(env: (name: string) => string | undefined): SshSettings {
  return {
    keyPath: env('WEBHOOK_PROXY_SSH_KEY') || undefined,
    passphrase: env('WEBHOOK_PROXY_SSH_KEY_PASSPHRASE') || undefined,
    agentSocket: env('SSH_AUTH_SOCK') || undefined,
    knownHostsPath: env('WEBHOOK_PROXY_SSH_KNOWN_HOSTS') || join(homedir(), '.ssh', 'known_hosts'),
  };
}

const DIAL = 'docker system dial-stdio';

/**
 * One SSH connection to a Docker host, opened on first use and kept for every later call
 * (dockerode's own SSH support opens a new connection per API call). Each HTTP connection to the
 * engine is a `docker system dial-stdio` channel on it, and HTTP keep-alive reuses those channels.
 */
export class SshTunnel {
  private connection: Promise<Client> | undefined;
  private forwarder: { server: Server; dir: string; socketPath: string } | undefined;
  readonly agent: Agent;

  constructor(
    readonly target: { host: string; port: number; username: string; url: string },
    private readonly settings: SshSettings,
  ) {
    const options: AgentOptions = { keepAlive: true, maxSockets: 8 };
    const agent = new Agent(options);
    // http.Agent accepts an asynchronous createConnection (it passes a callback)
    (agent as unknown as { createConnection: unknown }).createConnection = (_options: unknown, done: (error: Error | null, socket?: Duplex) => void) => {
      this.openEngineStream().then(
        (stream) => done(null, stream),
        (error: Error) => done(error),
      );
    };
    this.agent = agent;
  }

  /** A raw byte stream to the remote engine's API. */
  async openEngineStream(): Promise<Duplex> {
    const client = await this.connect();
    const { channel, exit } = await new Promise<{ channel: ClientChannel; exit: Promise<number | null> }>((resolvePromise, reject) => {
      // the exit status is listened for in the callback itself: a command that fails at once (no
      // `docker` there) may send it in the same read, before the promise hands the channel on
      client.exec(DIAL, (error, channel) => (error ? reject(this.wrap(error)) : resolvePromise({ channel, exit: exitStatus(channel) })));
    }).catch((error: Error) => {
      // a dead connection: forget it so that the next call reconnects
      this.connection = undefined;
      throw error;
    });
    return asSocketLike(new DialStream(channel, exit, this.target.url));
  }

  /**
   * A local unix socket that forwards to the remote engine over this tunnel, for programs that
   * take a DOCKER_HOST (the `docker compose` CLI); only this process's user can open it.
   */
  async localSocket(): Promise<string> {
    if (this.forwarder) return this.forwarder.socketPath;
    const dir = mkdtempSync(join(tmpdir(), 'webhook-proxy-ssh-'));
    const socketPath = join(dir, 'docker.sock');
    const server = createServer((local: Socket) => {
      this.openEngineStream().then(
        (remote) => {
          local.pipe(remote).pipe(local);
          local.on('error', () => remote.destroy());
          remote.on('error', () => local.destroy());
          local.on('close', () => remote.destroy());
        },
        () => local.destroy(),
      );
    });
    await new Promise<void>((resolvePromise, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolvePromise());
    });
    server.unref();
    this.forwarder = { server, dir, socketPath };
    return socketPath;
  }

  close(): void {
    this.agent.destroy();
    if (this.forwarder) {
      this.forwarder.server.close();
      rmSync(this.forwarder.dir, { recursive: true, force: true });
      this.forwarder = undefined;
    }
    const connection = this.connection;
    this.connection = undefined;
    connection?.then(
      (client) => client.end(),
      () => undefined,
    );
  }

  private connect(): Promise<Client> {
    this.connection ??= this.open().catch((error: Error) => {
      this.connection = undefined;
      throw error;
    });
    return this.connection;
  }

  private open(): Promise<Client> {
    const { host, port, username } = this.target;
    const auth = this.authentication();
    let knownHosts: string;
    try {
      knownHosts = readFileSync(this.settings.knownHostsPath, 'utf8');
    } catch {
      return Promise.reject(
        new Error(
          `${this.target.url}: cannot check the host key: no known_hosts file at ${this.settings.knownHostsPath} (add the host with \`ssh-keyscan -p ${port} ${host} >> ${this.settings.knownHostsPath}\` or set WEBHOOK_PROXY_SSH_KNOWN_HOSTS)`,
        ),
      );
    }
    return new Promise((resolvePromise, reject) => {
      const client = new Client();
      let hostKeyRejected = false;
      // our own socket, unref'd: an idle tunnel must not keep the process alive at shutdown
      const sock = netConnect({ host, port });
      sock.unref();
      const config: ConnectConfig = {
        sock,
        host,
        port,
        username,
        ...auth,
        readyTimeout: 10_000,
        hostVerifier: (key: Buffer) => {
          const known = isKnownHostKey(knownHosts, host, port, key);
          hostKeyRejected = !known;
          return known;
        },
      };
      client
        .once('ready', () => {
          client.on('error', () => undefined);
          client.once('close', () => {
            this.connection = undefined;
          });
          resolvePromise(client);
        })
        .once('error', (error: Error) => {
          if (hostKeyRejected) {
            reject(new Error(`${this.target.url}: the host key is not in ${this.settings.knownHostsPath}; refusing to connect`));
          } else {
            reject(this.wrap(error));
          }
        })
        .connect(config);
    });
  }

  private authentication(): Pick<ConnectConfig, 'privateKey' | 'passphrase' | 'agent'> {
    if (this.settings.keyPath) {
      return { privateKey: readKey(this.settings.keyPath, this.target.url), passphrase: this.settings.passphrase };
    }
    if (this.settings.agentSocket) return { agent: this.settings.agentSocket };
    for (const name of ['id_ed25519', 'id_ecdsa', 'id_rsa']) {
      const path = join(homedir(), '.ssh', name);
      if (existsSync(path)) return { privateKey: readKey(path, this.target.url), passphrase: this.settings.passphrase };
    }
    throw new Error(`${this.target.url}: no SSH key: set WEBHOOK_PROXY_SSH_KEY to a private key file or run an SSH agent (SSH_AUTH_SOCK)`);
  }

  private wrap(error: Error): Error {
    const level = (error as Error & { level?: string }).level;
    const why = level === 'client-authentication' ? 'the server refused our key' : error.message;
    return new Error(`${this.target.url}: SSH failed: ${why}`);
  }
}

function readKey(path: string, url: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(`${url}: cannot read the SSH key ${path}: ${(error as Error).message}`);
  }
}

/**
 * The dial-stdio channel as a stream whose end waits for the remote command's exit status: when
 * `docker` is missing or fails, the HTTP client gets that reason instead of "socket hang up".
 */
class DialStream extends Duplex {
  private stderr = '';

  constructor(
    private readonly channel: ClientChannel,
    /** The command's exit status (exitStatus), null when the channel closed without one. */
    private readonly exit: Promise<number | null>,
    private readonly url: string,
  ) {
    super();
    channel.stderr.on('data', (chunk: Buffer) => {
      if (this.stderr.length < 2000) this.stderr += chunk.toString();
    });
    channel.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) channel.pause();
    });
    channel.once('end', () => {
      void this.exit.then((code) => {
        const failed = this.exitError(code);
        if (failed) this.destroy(failed);
        else this.push(null);
      });
    });
    channel.on('error', (error: Error) => void this.reasonFor(error).then((reason) => this.destroy(reason)));
  }

  /** Why the remote command failed, from its exit status; undefined when it did not. */
  private exitError(code: number | null): Error | undefined {
    if (code === 0 || code === null) return undefined;
    const stderr = this.stderr.trim();
    const reason = code === 127 || /not found/.test(stderr) ? 'the remote host has no "docker" command on its PATH' : `"${DIAL}" exited with status ${code}`;
    return new Error(`${this.url}: ${reason}${stderr ? ` (${stderr})` : ''}`);
  }

  /**
   * A channel error, or the command's own failure when it has one: a command that exits at once
   * (no `docker` on the remote) ends the channel while the request is still being written, and
   * "write after end" would hide why.
   */
  private async reasonFor(error: Error): Promise<Error> {
    return this.exitError(await this.exit) ?? error;
  }

  override _read(): void {
    this.channel.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.channel.write(chunk, (error?: Error | null) => (error ? void this.reasonFor(error).then(done) : done()));
  }

  override _final(done: (error?: Error | null) => void): void {
    this.channel.end();
    done();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.channel.close();
    done(error);
  }
}

/** The remote command's exit status, or null when its channel closes without one. */
function exitStatus(channel: ClientChannel): Promise<number | null> {
  return new Promise((resolvePromise) => {
    channel.once('exit', (code: number | null) => resolvePromise(code));
    channel.once('close', () => resolvePromise(null));
  });
}

/** http.Agent treats its connections as sockets; an SSH channel lacks these few socket methods. */
function asSocketLike(channel: Duplex): Duplex {
  const socket = channel as unknown as Record<string, unknown>;
  for (const name of ['setKeepAlive', 'setNoDelay', 'ref', 'unref']) {
    if (typeof socket[name] !== 'function') socket[name] = () => channel;
  }
  if (typeof socket.setTimeout !== 'function') socket.setTimeout = () => channel;
  return channel;
}
