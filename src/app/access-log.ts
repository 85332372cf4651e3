import { escapeControl } from '../validation/value-text.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// the clock part of the line changes once a second, not once a request
let stampSecond = NaN;
let stampText = '';

/**
 * One access-log line in the original's (Werkzeug's) format, with the request id after it: the
 * address stays first, where tools like fail2ban look for it. `path` is the URL's path: the query
 * string is left out, since some senders put tokens there.
 */
export function accessLogLine(address: string, method: string, path: string, status: number, requestId: string, now: Date | number = Date.now()): string {
  // the address may come from a header (a proxy's X-Forwarded-For): none of it may start a line
  return `${escapeControl(address)} - - [${clockStamp(now)}] "${escapeControl(method)} ${escapeControl(path)} HTTP/1.1" ${status} - [${requestId}]`;
}

function clockStamp(now: Date | number): string {
  const time = typeof now === 'number' ? now : now.getTime();
  const second = Math.floor(time / 1000);
  if (second !== stampSecond) {
    const date = new Date(time);
    const pad = (n: number) => String(n).padStart(2, '0');
    stampText = `${pad(date.getDate())}/${MONTHS[date.getMonth()]}/${date.getFullYear()} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
    stampSecond = second;
  }
  return stampText;
}
