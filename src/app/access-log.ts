import { escapeControl } from '../validation/value-text.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * One access-log line in the original's (Werkzeug's) format, with the request id after it: the
 * address stays first, where tools like fail2ban look for it.
 */
export function accessLogLine(address: string, method: string, url: string, status: number, requestId: string, now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${pad(now.getDate())}/${MONTHS[now.getMonth()]}/${now.getFullYear()} ${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
  // the query string is left out: some senders put tokens there
  const { pathname } = new URL(url);
  // the address may come from a header (a proxy's X-Forwarded-For): none of it may start a line
  return `${escapeControl(address)} - - [${stamp}] "${escapeControl(method)} ${escapeControl(pathname)} HTTP/1.1" ${status} - [${requestId}]`;
}
