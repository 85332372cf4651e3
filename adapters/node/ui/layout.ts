/** The page shell every deliveries page shares, and the formats of times, sizes and durations. */
import { html, type Html } from './html.js';

export interface PageShell {
  readonly title: string;
  /** The page's base path (server.ui.path). */
  readonly base: string;
  readonly body: Html;
  /** A logout button, for a login made with the form. */
  readonly logout?: { csrf: string };
  /** The list refreshes itself (live-refresh.ts). */
  readonly live?: boolean;
}

export function page({ title, base, body, logout, live }: PageShell): string {
  return `<!doctype html>${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · webhook-proxy</title>
<link rel="stylesheet" href="${base}/deliveries.css">
${live ? html`<script src="${base}/live.js" defer></script>` : null}
</head>
<body>
<header class="top">
<a class="brand" href="${base}">webhook-proxy deliveries</a>
${logout ? html`<form method="post" action="${base}/logout"><input type="hidden" name="csrf" value="${logout.csrf}"><button type="submit" class="link">Log out</button></form>` : null}
</header>
<main>
${body}
</main>
</body>
</html>`}\n`;
}

/** `2026-05-01 12:34:56 UTC`, in a <time> element with its ISO form. */
export function timeOf(ms: number): Html {
  const iso = new Date(ms).toISOString();
  return html`<time datetime="${iso}">${iso.slice(0, 10)} ${iso.slice(11, 19)}</time>`;
}

export function durationOf(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '–';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${(ms / 3600_000).toFixed(1)} h`;
}

export function sizeOf(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** The state as a badge: `rejected 401`, `dead`, ... */
export function stateBadge(state: string, status: number | null): Html {
  return html`<span class="state state-${state}">${state}${status !== null && state !== 'succeeded' ? ` ${status}` : ''}</span>`;
}
