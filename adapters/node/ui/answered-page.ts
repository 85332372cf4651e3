/** One request the journal does not hold: refused, run synchronously, or a duplicate; what it logged. */
import { html } from './html.js';
import { durationOf, page, stateBadge, timeOf } from './layout.js';
import { requestSection } from './request-section.js';
import type { UiStore } from './ui-store.js';

type Found = NonNullable<ReturnType<UiStore['answeredRequest']>>;

const MEANING: Record<string, string> = {
  rejected: 'refused before any action ran (a signature or token that does not match, a body that fails its rules, too large, too many requests); no delivery was made',
  failed: 'ran synchronously and an action failed',
  succeeded: 'ran synchronously; every action succeeded',
  duplicate: 'a delivery id seen before (dedupe): answered without running the actions',
};

export function answeredPage(options: { found: Found; base: string; logout?: { csrf: string } }): string {
  const { found, base } = options;
  const body = html`<p><a href="${base}">← All deliveries</a></p>
<h1>${found.method} ${found.route} ${stateBadge(found.state, found.status)}</h1>
<p>${MEANING[found.state] ?? ''}</p>
<dl class="facts">
<dt>Answer</dt><dd>${found.status}</dd>
<dt>Path</dt><dd><code>${found.path}</code></dd>
<dt>Received</dt><dd>${timeOf(found.receivedAt)}</dd>
<dt>Took</dt><dd>${durationOf(found.durationMs)}</dd>
<dt>Request id</dt><dd><code>${found.requestId}</code></dd>
<dt>From</dt><dd>${found.remoteAddr || '–'}</dd>
</dl>
<section aria-labelledby="output-title">
<h2 id="output-title">What it logged</h2>
${
  found.output.length === 0
    ? html`<p class="quiet">Nothing.</p>`
    : html`<div class="table-scroll"><table class="actions-table"><caption>Lines, in order</caption>
<thead><tr><th scope="col">Action</th><th scope="col">Level</th><th scope="col">Line</th></tr></thead>
<tbody>${found.output.map((line) => html`<tr><td data-label="Action">${line.index ?? '–'}</td><td data-label="Level">${line.level}</td><td data-label="Line"><pre class="output${line.level === 'info' ? '' : ' error-line'}">${line.text}</pre></td></tr>`)}</tbody></table></div>`
}
</section>
${requestSection(found.headers, { text: found.body, size: found.bodySize, truncated: found.bodySize > new TextEncoder().encode(found.body).length })}`;
  return page({ title: `${found.method} ${found.route} ${found.state}`, base, body, logout: options.logout });
}
