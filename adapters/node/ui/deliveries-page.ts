/**
 * The deliveries page of the Node server (`server.ui`, docs/delivery.md): started once with the
 * server (a restart applies changes to `server.ui`), mounted on each app a reload makes. It owns
 * its connection to the journal's file, the recorder of answered requests, and the access check.
 */
import type { Context, Hono } from 'hono';
import { findDeferredEndpoint } from '../../../src/app/deferred-request.js';
import type { UiSettings } from '../../../src/config/load-ui-settings.js';
import type { ServerConfig } from '../../../src/config/server-config.js';
import { BodyTooLargeError, readBody } from '../../../src/request/read-body.js';
import type { Runtime } from '../../../src/runtime.js';
import type { NodeJournal } from '../journal/node-journal.js';
import { answeredPage } from './answered-page.js';
import { DELIVERIES_CSS } from './deliveries-css.js';
import { deliveryPage } from './delivery-page.js';
import { listPage, parseListQuery } from './list-page.js';
import { LIVE_REFRESH_JS } from './live-refresh.js';
import { loginPage } from './login-page.js';
import { RequestRecorder } from './request-recorder.js';
import { SESSION_COOKIE, SESSION_SECONDS, UiAccess, UiConfigError, type Credential } from './ui-access.js';
import { UiStore } from './ui-store.js';

const FORM_LIMIT = 8192;
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export class DeliveriesPage {
  readonly recorder: RequestRecorder;

  private constructor(
    private readonly settings: UiSettings,
    private readonly access: UiAccess,
    private readonly store: UiStore,
    historySeconds: number,
    stderr: (line: string) => void,
  ) {
    this.recorder = new RequestRecorder(store, historySeconds, stderr);
  }

  /** Checks the settings and opens the journal's file; throws UiConfigError (a startup error) when it cannot serve. */
  static start(config: ServerConfig, runtime: Runtime): DeliveriesPage {
    const settings = config.server.ui!;
    const access = UiAccess.check(settings, config.server, runtime);
    const store = new UiStore(config.server.stateDir);
    try {
      store.open();
    } catch (error) {
      throw new UiConfigError(`server.ui: cannot open the delivery journal ${store.sqlite.file}: ${(error as Error).message}`);
    }
    const page = new DeliveriesPage(settings, access, store, config.server.historySeconds, (line) => runtime.stderr(line));
    page.recorder.prune();
    runtime.stderr(`deliveries page: ${settings.path}${access.needsToken ? ' (token required)' : ' (no token: allow_local, this machine only)'}`);
    return page;
  }

  close(): void {
    this.store.close();
  }

  /** The page's routes on one app, with that app's config (endpoints for action names). */
  mount(app: Hono, config: ServerConfig): void {
    this.recorder.setHistory(config.server.historySeconds);
    const base = this.settings.path;
    app.use(base, secure);
    app.use(`${base}/*`, secure);
    app.get(`${base}/deliveries.css`, (c) => c.body(DELIVERIES_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' }));
    app.get(`${base}/live.js`, (c) => c.body(LIVE_REFRESH_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));
    app.post(`${base}/login`, (c) => this.login(c));
    app.post(`${base}/logout`, (c) =>
      this.guarded(c, async (credential) => {
        if (!(await this.csrfOk(c, credential))) return forbidden(c);
        c.header('Set-Cookie', `${SESSION_COOKIE}=; Path=${base}; HttpOnly; SameSite=Strict; Max-Age=0`);
        return c.redirect(base, 303);
      }),
    );
    app.get(base, (c) =>
      this.guarded(c, (credential) => {
        const query = parseListQuery(c.req.query());
        if (typeof query === 'string') return c.text(`Bad Request: ${query}`, 400);
        const routes = config.endpoints.map((endpoint) => endpoint.route);
        return c.html(listPage({ store: this.store, base, query, routes, logout: logoutOf(this.access, credential) }));
      }),
    );
    app.get(`${base}/d/:id`, (c) =>
      this.guarded(c, (credential) => {
        const found = this.store.delivery(c.req.param('id'));
        if (!found) return c.text('Not Found: no such delivery (succeeded ones are removed after server.history)', 404);
        const from = c.req.query('from');
        const notice = from ? `Redelivery of ${from} started: this is the new delivery.` : undefined;
        return c.html(
          deliveryPage({ found, base, endpoint: findDeferredEndpoint(config, found.row.request), csrf: this.access.csrfToken(credential), logout: logoutOf(this.access, credential), notice }),
        );
      }),
    );
    app.post(`${base}/d/:id/redeliver`, (c) =>
      this.guarded(c, async (credential) => {
        if (!(await this.csrfOk(c, credential))) return forbidden(c);
        const journal = this.journal();
        if (!journal) return c.text('Conflict: no delivery journal is open in this server (the running config has no async endpoint), so nothing would run a redelivery', 409);
        const result = journal.redeliver(c.req.param('id'));
        if ('refused' in result) return c.text(`Conflict: ${result.refused}`, 409);
        return c.redirect(`${base}/d/${result.id}?from=${encodeURIComponent(c.req.param('id'))}`, 303);
      }),
    );
    app.get(`${base}/r/:id`, (c) =>
      this.guarded(c, (credential) => {
        const id = c.req.param('id');
        const found = /^\d{1,15}$/.test(id) ? this.store.answeredRequest(Number(id)) : undefined;
        if (!found) return c.text('Not Found: no such request (they are kept for server.history)', 404);
        return c.html(answeredPage({ found, base, logout: logoutOf(this.access, credential) }));
      }),
    );
  }

  /** The journal of this page's file that this process runs deliveries with. */
  private journal(): NodeJournal | undefined {
    return this.recorder.openJournals.find((journal) => journal.sqlite.file === this.store.sqlite.file);
  }

  private async guarded(c: Context, handle: (credential: Credential) => Response | Promise<Response>): Promise<Response> {
    if (!this.access.localHostOk(c.req.raw)) return c.text('Forbidden: with allow_local the page answers only to requests for 127.0.0.1, localhost or [::1]', 403);
    const credential = this.access.credential(c.req.raw);
    if (credential === 'unconfigured') return c.text('Service Unavailable: server.ui.token renders empty now; the page refuses every request until it is set', 503);
    if (credential === 'missing') {
      c.header('WWW-Authenticate', 'Bearer realm="webhook-proxy deliveries"');
      if (c.req.method === 'GET' && (c.req.header('accept') ?? '').includes('text/html')) return c.html(loginPage(this.settings.path, false), 401);
      return c.text('Unauthorized: send the token of server.ui.token as "Authorization: Bearer TOKEN", or log in with the form', 401);
    }
    return handle(credential);
  }

  private async login(c: Context): Promise<Response> {
    if (!this.access.localHostOk(c.req.raw)) return c.text('Forbidden', 403);
    if (!this.access.needsToken) return c.redirect(this.settings.path, 303);
    const form = await readForm(c);
    if (!form) return c.text('Payload Too Large', 413);
    const session = this.access.login(form.get('token') ?? '');
    if (!session) return c.html(loginPage(this.settings.path, true), 401);
    const secure = new URL(c.req.url).protocol === 'https:' ? '; Secure' : '';
    c.header('Set-Cookie', `${SESSION_COOKIE}=${session}; Path=${this.settings.path}; HttpOnly; SameSite=Strict; Max-Age=${SESSION_SECONDS}${secure}`);
    return c.redirect(this.settings.path, 303);
  }

  private async csrfOk(c: Context, credential: Credential): Promise<boolean> {
    const form = await readForm(c);
    return form !== undefined && this.access.csrfOk(credential, form.get('csrf') ?? undefined);
  }
}

async function secure(c: Context, next: () => Promise<void>): Promise<void> {
  await next();
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
}

function forbidden(c: Context): Response {
  return c.text("Forbidden: the form's CSRF token is missing or wrong; reload the page and try again", 403);
}

function logoutOf(access: UiAccess, credential: Credential): { csrf: string } | undefined {
  return credential.kind === 'cookie' ? { csrf: access.csrfToken(credential) } : undefined;
}

/** A small urlencoded form, read once (a larger body is refused, not buffered). */
async function readForm(c: Context): Promise<URLSearchParams | undefined> {
  try {
    return new URLSearchParams(new TextDecoder().decode(await readBody(c.req.raw, FORM_LIMIT)));
  } catch (error) {
    if (error instanceof BodyTooLargeError) return undefined;
    throw error;
  }
}
