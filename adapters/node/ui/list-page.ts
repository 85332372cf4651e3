/** The list: newest first, filtered by route, state and time, paged by key; the summary above it. */
import { html } from './html.js';
import { durationOf, page, stateBadge, timeOf } from './layout.js';
import { summaryStrip } from './summary-strip.js';
import { cursorOf, LIST_STATES, parseCursor, type ListFilter, type ListState, type UiStore } from './ui-store.js';

export const PAGE_SIZE = 50;

/** The time filter's choices: its value → how far back, in ms. */
export const SINCE: Readonly<Record<string, { label: string; ms: number }>> = {
  '15m': { label: 'last 15 minutes', ms: 15 * 60_000 },
  '1h': { label: 'last hour', ms: 3600_000 },
  '24h': { label: 'last 24 hours', ms: 86_400_000 },
  '7d': { label: 'last 7 days', ms: 7 * 86_400_000 },
};

export interface ListQuery {
  readonly route?: string;
  readonly state?: ListState;
  readonly since?: string;
  readonly before?: string;
}

/** The query string's filters; unknown values are refused (400), not ignored. */
export function parseListQuery(query: Record<string, string>): ListQuery | string {
  const { route, state, since, before } = query;
  if (state && !(LIST_STATES as readonly string[]).includes(state)) return `state must be one of ${LIST_STATES.join(', ')}`;
  if (since && !SINCE[since]) return `since must be one of ${Object.keys(SINCE).join(', ')}`;
  if (before && !parseCursor(before)) return 'before is not a position in the list';
  return { route: route || undefined, state: (state || undefined) as ListState | undefined, since: since || undefined, before: before || undefined };
}

export function listPage(options: { store: UiStore; base: string; query: ListQuery; routes: readonly string[]; logout?: { csrf: string }; now?: number }): string {
  const { store, base, query } = options;
  const now = options.now ?? Date.now();
  const filter: ListFilter = {
    route: query.route,
    state: query.state,
    since: query.since ? now - SINCE[query.since]!.ms : undefined,
    before: parseCursor(query.before),
  };
  const { rows, more } = store.list(filter, PAGE_SIZE);
  const routes = [...new Set([...options.routes, ...(query.route ? [query.route] : [])])].sort();
  const link = (extra: Record<string, string | undefined>) => {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries({ route: query.route, state: query.state, since: query.since, ...extra })) if (value) params.set(name, value);
    const text = params.toString();
    return text ? `${base}?${text}` : base;
  };
  const body = html`<h1>Deliveries</h1>
${summaryStrip(store, now, options.routes)}
<form class="filters" method="get" action="${base}" role="search" aria-label="Filter the list">
<div><label for="filter-route">Route</label><select id="filter-route" name="route"><option value="">all routes</option>${routes.map((route) => html`<option value="${route}"${route === query.route ? html` selected` : null}>${route}</option>`)}</select></div>
<div><label for="filter-state">State</label><select id="filter-state" name="state"><option value="">all states</option>${LIST_STATES.map((state) => html`<option value="${state}"${state === query.state ? html` selected` : null}>${state}</option>`)}</select></div>
<div><label for="filter-since">Time</label><select id="filter-since" name="since"><option value="">any time</option>${Object.entries(SINCE).map(([value, { label }]) => html`<option value="${value}"${value === query.since ? html` selected` : null}>${label}</option>`)}</select></div>
<button type="submit">Filter</button>
${query.route || query.state || query.since ? html`<a href="${base}">Clear</a>` : null}
</form>
<div class="table-scroll">
<table class="deliveries"${query.before ? null : html` data-live="${link({})}"`}>
<caption>${query.before ? 'Older rows, newest first' : 'Newest first'}<span class="live-status" aria-live="off"></span></caption>
<thead><tr><th scope="col">Time</th><th scope="col">Route</th><th scope="col">Method</th><th scope="col">State</th><th scope="col">Attempts</th><th scope="col">Duration</th><th scope="col">Request id</th></tr></thead>
<tbody id="rows">
${
  rows.length === 0
    ? html`<tr><td colspan="7" class="quiet">Nothing here${query.route || query.state || query.since ? ' with these filters' : ' yet'}.</td></tr>`
    : rows.map(
        (row) => html`<tr>
<td data-label="Time"><a href="${base}/${row.key.startsWith('d:') ? 'd' : 'r'}/${row.key.slice(2)}">${timeOf(row.receivedAt)}</a></td>
<td data-label="Route">${row.route}${row.replay ? html` <span class="quiet">(replay)</span>` : null}</td>
<td data-label="Method">${row.method}</td>
<td data-label="State">${stateBadge(row.state, row.status)}${row.error ? html`<div class="error-line" title="${row.error}">${row.error}</div>` : null}</td>
<td data-label="Attempts">${row.attempts ?? '–'}</td>
<td data-label="Duration">${durationOf(row.durationMs)}</td>
<td data-label="Request id"><code>${row.requestId}</code></td>
</tr>`,
      )
}
</tbody>
</table>
</div>
<nav class="pager" aria-label="Pages">
${query.before ? html`<a href="${link({})}">Newest</a>` : null}
${more ? html`<a href="${link({ before: cursorOf(rows[rows.length - 1]!) })}" rel="next">Older</a>` : null}
</nav>`;
  return page({ title: 'Deliveries', base, body, logout: options.logout, live: !query.before });
}
