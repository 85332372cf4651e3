/** A route's requests over the last day as a small server-side SVG line (no chart library). */
import { html, type Html } from './html.js';

const WIDTH = 120;
const HEIGHT = 24;

export function sparkline(counts: readonly number[], label: string): Html {
  const max = Math.max(1, ...counts);
  const step = counts.length > 1 ? WIDTH / (counts.length - 1) : WIDTH;
  const points = counts.map((count, index) => `${(index * step).toFixed(1)},${(HEIGHT - 2 - (count / max) * (HEIGHT - 4)).toFixed(1)}`).join(' ');
  return html`<svg class="spark" role="img" aria-label="${label}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}"><title>${label}</title><polyline fill="none" stroke="currentColor" stroke-width="1.5" points="${points}"/></svg>`;
}
