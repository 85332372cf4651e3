/**
 * Who may see the deliveries page: the holder of `server.ui.token`, sent as a bearer token or
 * typed once into the login form (which sets an HttpOnly, SameSite=Strict cookie); or anyone on
 * this machine when `allow_local` is set and the server listens on a loopback address only.
 * Comparisons are constant-time (both sides HMAC'd with a key of this process, so their lengths
 * match). Every POST carries a CSRF token derived from the credential it came with.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { UiSettings } from '../../../src/config/load-ui-settings.js';
import type { ServerSettings } from '../../../src/config/server-config.js';
import { makeReadConfig } from '../../../src/context/read-config.js';
import { isUnsetText, watchUnsetConfig } from '../../../src/context/unset-config.js';
import type { Runtime } from '../../../src/runtime.js';

export const SESSION_COOKIE = 'webhook_proxy_ui';
/** A login lasts this long (seconds). */
export const SESSION_SECONDS = 12 * 3600;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', '[::1]']);

/** The page's settings cannot be served as they are; the message says what to set. */
export class UiConfigError extends Error {
  override readonly name = 'UiConfigError';
}

export type Credential =
  /** allow_local, no token configured: the credential is being on this machine. */
  { kind: 'local' } | { kind: 'bearer'; value: string } | { kind: 'cookie'; value: string };

export class UiAccess {
  /** Signs sessions and CSRF tokens; new on every start, so a restart logs everyone out. */
  private readonly key = randomBytes(32);
  private readonly readConfig;

  constructor(
    private readonly settings: UiSettings,
    runtime: Pick<Runtime, 'env' | 'readTextFile'>,
  ) {
    this.readConfig = makeReadConfig(runtime);
  }

  /**
   * Startup: a token that renders, or allow_local on a loopback-only listener with no proxy in
   * front (trust_proxy set means one: it would make remote requests local).
   */
  static check(settings: UiSettings, server: Pick<ServerSettings, 'host' | 'trustProxy'>, runtime: Pick<Runtime, 'env' | 'readTextFile'>): UiAccess {
    const access = new UiAccess(settings, runtime);
    if (settings.token) {
      const token = access.token();
      if (token === undefined) throw new UiConfigError(`server.ui.token rendered empty (${access.unsetKeys().join(', ') || 'no value'}): set it, or the deliveries page cannot start`);
      return access;
    }
    if (!settings.allowLocal)
      throw new UiConfigError('server.ui needs a token (server.ui.token, e.g. \'{{ read_config("UI_TOKEN") }}\'), or allow_local: true on a server listening on 127.0.0.1 only');
    if (!LOOPBACK_HOSTS.has(server.host)) throw new UiConfigError(`server.ui.allow_local works only while the server listens on 127.0.0.1 or ::1, not ${server.host}: set server.ui.token`);
    if (server.trustProxy !== false) throw new UiConfigError('server.ui.allow_local is refused with server.trust_proxy: behind a proxy every request looks local; set server.ui.token');
    return access;
  }

  get needsToken(): boolean {
    return this.settings.token !== null;
  }

  /** The token as configured now, or undefined when it renders empty (every request is then refused). */
  token(): string | undefined {
    if (!this.settings.token) return undefined;
    const { value, unset } = watchUnsetConfig(() => this.settings.token!.render({ read_config: this.readConfig }));
    return unset.length > 0 || isUnsetText(value) ? undefined : value;
  }

  private unsetKeys(): string[] {
    return this.settings.token ? watchUnsetConfig(() => this.settings.token!.render({ read_config: this.readConfig })).unset : [];
  }

  /**
   * The request's credential, or why there is none: 'missing' (show the login form) or
   * 'unconfigured' (the token renders empty now: refuse, fail closed).
   */
  credential(request: Request): Credential | 'missing' | 'unconfigured' {
    if (!this.needsToken) return { kind: 'local' };
    const token = this.token();
    if (token === undefined) return 'unconfigured';
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '')?.[1];
    if (bearer !== undefined) return this.same(bearer, token) ? { kind: 'bearer', value: bearer } : 'missing';
    const session = cookieValue(request.headers.get('cookie'), SESSION_COOKIE);
    if (session !== undefined && this.validSession(session, token)) return { kind: 'cookie', value: session };
    return 'missing';
  }

  /** allow_local: the Host header names this machine, so a page elsewhere cannot reach in through DNS rebinding. */
  localHostOk(request: Request): boolean {
    if (this.needsToken) return true;
    return LOOPBACK_HOSTS.has(new URL(request.url).hostname) || new URL(request.url).hostname === 'localhost';
  }

  /** The login form's token: a session cookie's value when it is right. */
  login(typed: string): string | undefined {
    const token = this.token();
    if (token === undefined || !this.same(typed, token)) return undefined;
    const expires = Math.floor(Date.now() / 1000) + SESSION_SECONDS;
    return `${expires}.${this.sign(`session\n${expires}\n${token}`)}`;
  }

  csrfToken(credential: Credential): string {
    return this.sign(`csrf\n${credential.kind}\n${credential.kind === 'local' ? '' : credential.value}`);
  }

  csrfOk(credential: Credential, given: string | undefined): boolean {
    return given !== undefined && this.same(given, this.csrfToken(credential));
  }

  private validSession(session: string, token: string): boolean {
    const [expires, signature] = session.split('.');
    if (!expires || !signature || !/^\d+$/.test(expires) || Number(expires) * 1000 < Date.now()) return false;
    return this.same(signature, this.sign(`session\n${expires}\n${token}`));
  }

  private sign(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('base64url');
  }

  /** Constant-time: both sides are HMAC'd first, so their lengths never differ. */
  private same(given: string, expected: string): boolean {
    const a = createHmac('sha256', this.key).update(given).digest();
    const b = createHmac('sha256', this.key).update(expected).digest();
    return timingSafeEqual(a, b);
  }
}

function cookieValue(header: string | null, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}
