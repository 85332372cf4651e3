/** A request as the detail pages show it: masked headers in a table, the body with its size. */
import { html, type Html } from './html.js';
import { sizeOf } from './layout.js';
import { BODY_PREVIEW_BYTES } from './request-preview.js';

export function requestSection(headers: readonly (readonly [string, string])[], body: { text: string; size: number; truncated: boolean }): Html {
  return html`<section aria-labelledby="request-title">
<h2 id="request-title">Request</h2>
<div class="table-scroll"><table class="headers">
<caption>Headers (credentials masked)</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Value</th></tr></thead>
<tbody>${headers.map(([name, value]) => html`<tr><th scope="row">${name}</th><td><code>${value}</code></td></tr>`)}</tbody>
</table></div>
<h3>Body <span class="quiet">${sizeOf(body.size)}${body.truncated ? `, the first ${sizeOf(BODY_PREVIEW_BYTES)} shown` : ''}</span></h3>
${body.size === 0 ? html`<p class="quiet">No body.</p>` : html`<pre class="body" tabindex="0">${body.text}${body.truncated ? '\n…' : ''}</pre>`}
</section>`;
}
