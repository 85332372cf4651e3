/** One delivery: what it is, each attempt with each action's output, timing and error, the request, and Redeliver. */
import type { EndpointConfig } from '../../../src/config/server-config.js';
import { html, type Html } from './html.js';
import { durationOf, page, stateBadge, timeOf } from './layout.js';
import { base64Bytes, maskHeaders, previewBody } from './request-preview.js';
import { requestSection } from './request-section.js';
import type { UiStore } from './ui-store.js';

type Found = NonNullable<ReturnType<UiStore['delivery']>>;

export function deliveryPage(options: { found: Found; base: string; endpoint: EndpointConfig | undefined; csrf: string; logout?: { csrf: string }; notice?: string }): string {
  const { found, base, endpoint } = options;
  const { row } = found;
  const finished = row.state === 'succeeded' || row.state === 'dead';
  const typeOf = (index: number) => endpoint?.actions[index]?.type ?? `action ${index}`;
  const body = html`<p><a href="${base}">← All deliveries</a></p>
<h1>Delivery <code>${row.id}</code></h1>
${options.notice ? html`<p class="notice" role="status">${options.notice}</p>` : null}
<dl class="facts">
<dt>State</dt><dd>${stateBadge(row.state, null)}${row.state === 'retrying' || row.state === 'pending' ? html` next attempt ${timeOf(row.dueAt)}` : null}</dd>
<dt>Route</dt><dd>${row.request.method} ${row.request.route}${row.kind === 'replay' ? ' (replay)' : ''}</dd>
<dt>Path</dt><dd><code>${row.request.path}</code></dd>
<dt>Received</dt><dd>${timeOf(row.receivedAt)}</dd>
<dt>Attempts</dt><dd>${row.attempts}</dd>
<dt>Request id</dt><dd><code>${row.request.id}</code></dd>
<dt>From</dt><dd>${row.request.remoteAddr || '–'}</dd>
${row.lastError ? html`<dt>Last error</dt><dd class="error-line">${row.lastError}</dd>` : null}
${found.redeliveryOf ? html`<dt>Redelivery of</dt><dd><a href="${base}/d/${found.redeliveryOf}"><code>${found.redeliveryOf}</code></a></dd>` : null}
${found.redeliveredAs.length > 0 ? html`<dt>Redelivered as</dt><dd>${found.redeliveredAs.map((id, index) => html`${index > 0 ? ', ' : ''}<a href="${base}/d/${id}"><code>${id}</code></a>`)}</dd>` : null}
</dl>
${
  finished
    ? html`<form method="post" action="${base}/d/${row.id}/redeliver" class="actions"><input type="hidden" name="csrf" value="${options.csrf}"><button type="submit">Redeliver</button> <span class="quiet">runs it again through ${row.request.method} ${row.request.route} as a new delivery, linked to this one</span></form>`
    : html`<p class="quiet">Redeliver is offered once the delivery has finished (succeeded or dead).</p>`
}
<section aria-labelledby="attempts-title">
<h2 id="attempts-title">Attempts</h2>
${found.attempts.length === 0 ? html`<p class="quiet">No attempt has begun.</p>` : null}
${found.attempts.map((attempt) => {
  const actions = found.actions.filter((action) => action.attempt === attempt.attempt);
  return html`<article class="attempt" aria-labelledby="attempt-${attempt.attempt}">
<h3 id="attempt-${attempt.attempt}">Attempt ${attempt.attempt} ${stateBadge(attempt.outcome, null)}</h3>
<p>${timeOf(attempt.startedAt)}${attempt.finishedAt !== null ? html`, took ${durationOf(attempt.finishedAt - attempt.startedAt)}` : null}${attempt.actionIndex !== null ? html`, failed at action ${attempt.actionIndex} (${typeOf(attempt.actionIndex)})` : null}</p>
${attempt.error ? html`<p class="error-line">${attempt.error}</p>` : null}
${actions.length === 0 ? null : actionTable(actions, typeOf)}
</article>`;
})}
</section>
${requestSection(maskHeaders(row.request.headers), previewBody(base64Bytes(row.request.body)))}`;
  return page({ title: `Delivery ${row.id}`, base, body, logout: options.logout });
}

function actionTable(actions: Found['actions'], typeOf: (index: number) => string): Html {
  return html`<div class="table-scroll"><table class="actions-table">
<caption>Actions</caption>
<thead><tr><th scope="col">#</th><th scope="col">Action</th><th scope="col">Outcome</th><th scope="col">Duration</th><th scope="col">Output</th></tr></thead>
<tbody>${actions.map(
    (action) => html`<tr>
<td data-label="#">${action.index}</td>
<td data-label="Action">${typeOf(action.index)}</td>
<td data-label="Outcome">${stateBadge(action.ok ? 'succeeded' : 'failed', null)}</td>
<td data-label="Duration">${durationOf(action.finishedAt - action.startedAt)}</td>
<td data-label="Output">${action.output ? html`<pre class="output">${action.output}</pre>` : html`<span class="quiet">no output</span>`}${action.error ? html`<p class="error-line">${action.error}</p>` : null}</td>
</tr>`,
  )}</tbody>
</table></div>`;
}
