/** The strip above the list: rows per state in the last hour and day, and a sparkline per configured route. */
import { html, type Html } from './html.js';
import { stateBadge } from './layout.js';
import { sparkline } from './sparkline.js';
import { LIST_STATES, type UiStore } from './ui-store.js';

const HOUR = 3600_000;

/** Counting a day of a full journal takes a while: the strip is made again at most this often. */
const FRESH_MS = 5000;
const made = new WeakMap<UiStore, { at: number; strip: Html }>();

export function summaryStrip(store: UiStore, now: number, routes: readonly string[]): Html {
  const last = made.get(store);
  if (last && now - last.at < FRESH_MS && now >= last.at) return last.strip;
  const strip = makeStrip(store, now, routes);
  made.set(store, { at: now, strip });
  return strip;
}

function makeStrip(store: UiStore, now: number, routes: readonly string[]): Html {
  const [hour, day] = store.countsSince([now - HOUR, now - 24 * HOUR]);
  const activity = [...store.activity(now, 24, HOUR, routes)].sort(([a], [b]) => a.localeCompare(b));
  return html`<section id="summary" class="summary" aria-labelledby="summary-title">
<h2 id="summary-title">Summary</h2>
<div class="table-scroll"><table class="counts">
<caption>Deliveries and requests per state</caption>
<thead><tr><th scope="col">Period</th>${LIST_STATES.map((state) => html`<th scope="col">${stateBadge(state, null)}</th>`)}</tr></thead>
<tbody>
<tr><th scope="row">Last hour</th>${LIST_STATES.map((state) => html`<td>${hour!.get(state) ?? 0}</td>`)}</tr>
<tr><th scope="row">Last 24 h</th>${LIST_STATES.map((state) => html`<td>${day!.get(state) ?? 0}</td>`)}</tr>
</tbody>
</table></div>
${
  activity.length === 0
    ? html`<p class="quiet">Nothing arrived in the last 24 hours.</p>`
    : html`<ul class="sparks" aria-label="Requests per route, last 24 hours by the hour">${activity.map(([route, counts]) => {
        const total = counts.reduce((sum, count) => sum + count, 0);
        return html`<li><span class="route">${route}</span> ${sparkline(counts, `${route}: ${total} in the last 24 hours, by the hour`)} <span class="quiet">${total}</span></li>`;
      })}</ul>`
}
</section>`;
}
