/** Python's str.format(): `{}`, `{0}`, `{name}`, `{0.attr}`, `{x[key]}`, `!r`/`!s` and the format spec. */
import { TemplateRenderError } from '../errors.js';
import { toText } from '../to-text.js';
import { splitArgs } from './args.js';
import { floatRepr, formatAbs, formatChar, signOf } from './number-format.js';
import { isMapping, isStr, mappingGet, pyRepr } from './values.js';

const SPEC = /^(?:([\s\S])?([<>=^]))?([-+ ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/;

export function strFormat(format: string, args: readonly unknown[]): string {
  const { pos, kw } = splitArgs(args);
  let auto = 0;
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch === '}') {
      if (format[i + 1] !== '}') throw new TemplateRenderError("Single '}' encountered in format string");
      out += '}';
      i++;
      continue;
    }
    if (ch !== '{') {
      out += ch;
      continue;
    }
    if (format[i + 1] === '{') {
      out += '{';
      i++;
      continue;
    }
    const end = format.indexOf('}', i);
    if (end < 0) throw new TemplateRenderError("Single '{' encountered in format string");
    const field = format.slice(i + 1, end);
    i = end;
    const m = /^([^!:.[]*)((?:\.[^!:.[]+|\[[^\]]*\])*)(?:!([rsa]))?(?::([\s\S]*))?$/.exec(field);
    if (!m) throw new TemplateRenderError(`bad format field '{${field}}'`);
    const [, head, chain, conv, spec = ''] = m;
    let value: unknown;
    if (head === '') value = pos[auto++];
    else if (/^\d+$/.test(head)) value = pos[Number(head)];
    else if (Object.prototype.hasOwnProperty.call(kw, head)) value = kw[head];
    else throw new TemplateRenderError(`KeyError: '${head}'`);
    if (head === '' || /^\d+$/.test(head)) {
      const idx = head === '' ? auto - 1 : Number(head);
      if (idx >= pos.length) throw new TemplateRenderError(`Replacement index ${idx} out of range for positional args tuple`);
    }
    for (const [, attr, item] of chain.matchAll(/\.([^.[]+)|\[([^\]]*)\]/g)) {
      const key: unknown = attr ?? (/^\d+$/.test(item) ? Number(item) : item);
      if (attr !== undefined && isMapping(value)) throw new TemplateRenderError(`'dict' object has no attribute '${attr}'`);
      value = Array.isArray(value) ? value[key as number] : isMapping(value) ? mappingGet(value, key) : undefined;
    }
    if (conv === 'r' || conv === 'a') value = pyRepr(value);
    else if (conv === 's') value = toText(value);
    out += formatValue(value, spec);
  }
  return out;
}

/** format(value, spec) for strings and numbers; other values are formatted as their text. */
export function formatValue(value: unknown, spec: string): string {
  const m = SPEC.exec(spec);
  if (!m) throw new TemplateRenderError(`Invalid format specifier '${spec}'`);
  const [, fillIn, alignIn, sign = '', alt, zero, widthS, group, precS, type] = m;
  const width = widthS ? Number(widthS) : 0;
  const prec = precS !== undefined ? Number(precS) : undefined;
  let fill = fillIn ?? ' ';
  let align = alignIn;
  const isNum = (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') && type !== 's';
  let body: string;
  let signStr = '';
  if (typeof value === 'number' || typeof value === 'bigint') {
    const isFloat = typeof value === 'number' && !Number.isInteger(value);
    if (type === 's' || (isFloat && type !== undefined && 'dbcoxXn'.includes(type))) {
      throw new TemplateRenderError(`Unknown format code '${type}' for object of type '${isFloat ? 'float' : 'int'}'`);
    }
  }
  if (isNum && (type !== undefined || spec !== '')) {
    const n = typeof value === 'bigint' ? value : Number(value);
    const t = type ?? (typeof n === 'bigint' || (Number.isInteger(n) && prec === undefined) ? 'd' : prec === undefined ? 'r' : 'g');
    if (t === 'c') body = formatChar(n);
    else if (t === 'r') body = floatRepr(Math.abs(Number(n)));
    else body = formatAbs(n, t, prec, Boolean(alt));
    if (group) {
      const [intPart, rest] = splitInt(body);
      body = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, group) + rest;
    }
    signStr = signOf(n, sign);
    if (zero && !alignIn) {
      fill = '0';
      align = '=';
    }
    align = align ?? '>';
  } else {
    body = isStr(value) ? String(value) : toText(value);
    if (prec !== undefined) body = body.slice(0, prec);
    align = align ?? '<';
  }
  const padLen = width - signStr.length - body.length;
  if (padLen <= 0) return signStr + body;
  const padding = (k: number): string => fill.repeat(k);
  switch (align) {
    case '<':
      return signStr + body + padding(padLen);
    case '^':
      return padding(Math.floor(padLen / 2)) + signStr + body + padding(Math.ceil(padLen / 2));
    case '=':
      return signStr + padding(padLen) + body;
    default:
      return padding(padLen) + signStr + body;
  }
}

function splitInt(s: string): [string, string] {
  const m = /^(\d*)([\s\S]*)$/.exec(s);
  return m ? [m[1], m[2]] : [s, ''];
}
