/** Jinja's text-shaping filters: filesizeformat, striptags, wordwrap, xmlattr, urlize, pprint. */
import { TemplateRenderError } from '../errors.js';
import { toText } from '../to-text.js';
import { bindArgs } from './args.js';
import { formatAbs } from './number-format.js';
import { pyFloat } from './py-number.js';
import { isMapping, mappingEntries, pyRepr, truthy } from './values.js';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&#39;', '"': '&#34;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>'"]/g, (c) => HTML_ESCAPES[c]);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', '#39': "'", '#34': '"' };

export function filesizeformat(value: unknown, ...args: unknown[]): string {
  const [binary] = bindArgs('filesizeformat', args, [['binary', false]]);
  const bytes = pyFloat(value);
  if (bytes === undefined) throw new TemplateRenderError(`could not convert ${typeof value} to float`);
  const base = truthy(binary) ? 1024 : 1000;
  const prefixes = truthy(binary) ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'] : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  if (bytes === 1) return '1 Byte';
  if (bytes < base) return `${Math.trunc(bytes)} Bytes`;
  let unit = base;
  let prefix = prefixes[0];
  for (let i = 0; i < prefixes.length; i++) {
    unit = base ** (i + 2);
    prefix = prefixes[i];
    if (bytes < unit) break;
  }
  return `${formatAbs((base * bytes) / unit, 'f', 1, false)} ${prefix}`;
}

/** Markup.striptags: comments and tags removed, whitespace collapsed, entities decoded. */
export function striptags(value: unknown): string {
  const text = toText(value)
    .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
    .replace(/<[^>]*>/g, '')
    .split(/\s+/)
    .filter(Boolean)
    .join(' ');
  return text.replace(/&(#\d+|#x[\da-f]+|[a-z]+\d*);/gi, (whole, name: string) => {
    if (/^#x/i.test(name)) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (/^#\d/.test(name)) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** textwrap.wrap(line, width) without tab expansion or whitespace replacement, as Jinja calls it. */
function wrapLine(line: string, width: number, breakLong: boolean): string[] {
  const chunks = line.split(/(\s+)/).filter(Boolean);
  const lines: string[] = [];
  let cur: string[] = [];
  let len = 0;
  while (chunks.length) {
    // A new line never starts with whitespace (textwrap drops it).
    if (!cur.length && /^\s/.test(chunks[0]) && lines.length) chunks.shift();
    if (!chunks.length) break;
    const chunk = chunks[0];
    if (len + chunk.length <= width) {
      cur.push(chunk);
      len += chunk.length;
      chunks.shift();
      continue;
    }
    if (chunk.length > width && breakLong && !/^\s/.test(chunk)) {
      const room = Math.max(1, width - len);
      cur.push(chunk.slice(0, room));
      chunks[0] = chunk.slice(room);
      len += room;
    } else if (!cur.length) {
      cur.push(chunk);
      chunks.shift();
    }
    while (cur.length && /^\s+$/.test(cur[cur.length - 1])) cur.pop();
    if (cur.length) lines.push(cur.join(''));
    cur = [];
    len = 0;
  }
  while (cur.length && /^\s+$/.test(cur[cur.length - 1])) cur.pop();
  if (cur.length) lines.push(cur.join(''));
  return lines;
}

export function wordwrap(value: unknown, ...args: unknown[]): string {
  const [width, breakLong, wrapstring] = bindArgs('wordwrap', args, [
    ['width', 79],
    ['break_long_words', true],
    ['wrapstring', null],
    ['break_on_hyphens', true],
  ]);
  const sep = wrapstring === null ? '\n' : toText(wrapstring);
  return toText(value)
    .split(/\r\n|\n|\r/)
    .map((line) => wrapLine(line, Number(width), truthy(breakLong)).join(sep))
    .join(sep);
}

export function xmlattr(value: unknown, ...args: unknown[]): string {
  const [autospace] = bindArgs('xmlattr', args, [['autospace', true]]);
  if (!isMapping(value)) throw new TemplateRenderError('xmlattr expects a mapping');
  const parts: string[] = [];
  for (const [k, v] of mappingEntries(value)) {
    if (v === null || v === undefined) continue;
    if (/[\s/>=]/.test(k)) throw new TemplateRenderError(`Invalid character in attribute name: ${JSON.stringify(k)}`);
    parts.push(`${escapeHtml(k)}="${escapeHtml(toText(v))}"`);
  }
  const rv = parts.join(' ');
  return truthy(autospace) && rv ? ' ' + rv : rv;
}

/** urlize: http(s)://, www. and e-mail addresses become links (rel="noopener"); the text is escaped. */
export function urlize(value: unknown, ...args: unknown[]): string {
  const [trimLimit, nofollow, target] = bindArgs('urlize', args, [
    ['trim_url_limit', null],
    ['nofollow', false],
    ['target', null],
    ['rel', null],
    ['extra_schemes', null],
  ]);
  const rel = ['noopener', ...(truthy(nofollow) ? ['nofollow'] : [])].sort().join(' ');
  const attrs = ` rel="${rel}"${target !== null ? ` target="${escapeHtml(toText(target))}"` : ''}`;
  const trim = (u: string): string => (trimLimit !== null && u.length > Number(trimLimit) ? `${u.slice(0, Number(trimLimit))}...` : u);
  return escapeHtml(toText(value))
    .split(/(\s+)/)
    .map((word) => {
      const m = /^([(<]|&lt;)*([\s\S]*?)([.,)>\n]|&gt;)*$/.exec(word);
      if (!m) return word;
      const [, , middle] = m;
      const head = word.slice(0, word.indexOf(middle));
      const tail = word.slice(head.length + middle.length);
      let link: string | undefined;
      if (/^https?:\/\/\S/.test(middle)) link = `<a href="${middle}"${attrs}>${trim(middle)}</a>`;
      else if (/^www\.\S/.test(middle)) link = `<a href="https://${middle}"${attrs}>${trim(middle)}</a>`;
      else if (/^[^@:\s]+@[\w-]+(?:\.[\w-]+)+$/.test(middle)) link = `<a href="mailto:${middle}">${middle}</a>`;
      return link ? head + link + tail : word;
    })
    .join('');
}

/** pprint.pformat for the short values templates print: repr with mapping keys sorted. */
export function pprint(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (isMapping(v))
      return Object.fromEntries(
        mappingEntries(v)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, x]) => [k, sortKeys(x)]),
      );
    return v;
  };
  return pyRepr(sortKeys(value));
}
