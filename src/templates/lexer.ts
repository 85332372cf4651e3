/**
 * Jinja2's lexer, default delimiters and options (no trim_blocks/lstrip_blocks): template data, `{{ }}`,
 * `{% %}` and `{# #}` with `-` whitespace control, `{% raw %}`, and Jinja's token rules inside tags —
 * notably a tag only ends when every bracket opened inside it is closed, so `{{ {'a': {'b': 1}} }}`
 * works, and number literals follow Python (`1_000`, `1e3`, `0x1f`, integers of any size).
 */
import { TemplateSyntaxError } from './errors.js';

export type TokenType = 'data' | 'variable_begin' | 'variable_end' | 'block_begin' | 'block_end' | 'raw' | 'name' | 'string' | 'integer' | 'float' | 'operator' | 'eof';

export interface Token {
  type: TokenType;
  /** Text for data/name/string/operator; the number for integer (bigint beyond 2^53) and float. */
  value: string;
  num?: number | bigint;
  line: number;
  col: number;
}

const OPERATORS = ['//', '**', '==', '!=', '>=', '<=', '+', '-', '/', '*', '%', '~', '[', ']', '(', ')', '{', '}', '>', '<', '=', '.', ':', '|', ',', ';'];
const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const FLOAT_RE = /(?:\d+_)*\d+(?:(?:\.(?:\d+_)*\d+)?[eE][+-]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)/y;
const INT_RE = /0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0[xX](?:_?[\da-fA-F])+|[1-9](?:_?\d)*|0(?:_?0)*/y;
const NAME_RE = /[\p{L}_][\p{L}\p{N}_]*/uy;
const STRING_RE = /'([^'\\]*(?:\\[\s\S][^'\\]*)*)'|"([^"\\]*(?:\\[\s\S][^"\\]*)*)"/y;
const WS_RE = /\s+/y;
const RAW_RE = /\{%([-+]?)\s*raw\s*([-+]?)%\}/y;
const ENDRAW_RE = /\{%([-+]?)\s*endraw\s*([-+]?)%\}/g;

/** Python's integer literal (any size): a number while exact, a bigint beyond. */
function parseInt(text: string): number | bigint {
  const t = text.replace(/_/g, '').toLowerCase();
  const big = /^0[box]/.test(t) ? BigInt(t) : BigInt(t.replace(/^0+(?=\d)/, ''));
  return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

/** Python's string escapes (unicode-escape codec, as Jinja decodes string literals). */
function unescape(body: string): string {
  return body.replace(/\\(?:x([\da-fA-F]{2})|u([\da-fA-F]{4})|U([\da-fA-F]{8})|([0-7]{1,3})|N\{([^}]*)\}|([\s\S]))/g, (whole, x, u, U, oct, named, ch) => {
    const code = x ?? u ?? U;
    if (code !== undefined) return String.fromCodePoint(parseInt16(code));
    if (oct !== undefined) return String.fromCodePoint(Number.parseInt(oct, 8));
    if (named !== undefined) throw new Error(`unknown Unicode character name ${named}`);
    switch (ch) {
      case '\n':
        return '';
      case '\\':
      case "'":
      case '"':
        return ch;
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'a':
        return '\x07';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      default:
        return whole;
    }
  });
}
function parseInt16(s: string): number {
  return Number.parseInt(s, 16);
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let line = 1;
  let lineStart = 0;
  const where = (p: number): { line: number; col: number } => {
    while (lineStart <= p) {
      const nl = source.indexOf('\n', lineStart);
      if (nl < 0 || nl >= p) break;
      line++;
      lineStart = nl + 1;
    }
    return { line, col: p - lineStart + 1 };
  };
  const fail = (msg: string, p: number): never => {
    const w = where(p);
    throw new TemplateSyntaxError(msg, w.line, w.col);
  };
  const push = (type: TokenType, value: string, p: number, num?: number | bigint): void => {
    tokens.push({ type, value, num, ...where(p) });
  };
  // `-}}` / `-%}` / `-#}` before: strip the whitespace at the start of the next data.
  let lstripNext = false;

  while (pos < source.length) {
    // Template data up to the next tag start.
    const next = /\{[{%#]/g;
    next.lastIndex = pos;
    const m = next.exec(source);
    const end = m ? m.index : source.length;
    let data = source.slice(pos, end);
    if (lstripNext) data = data.replace(/^\s+/, '');
    lstripNext = false;
    if (m && source[end + 2] === '-') data = data.replace(/\s+$/, '');
    if (data) push('data', data, pos);
    if (!m) break;
    pos = end;
    const kind = source[pos + 1];

    if (kind === '#') {
      const close = /(-?)#\}/g;
      close.lastIndex = pos + 2;
      const c = close.exec(source);
      if (!c) fail('Missing end of comment tag', pos);
      lstripNext = c![1] === '-';
      pos = c!.index + c![0].length;
      continue;
    }

    RAW_RE.lastIndex = pos;
    if (kind === '%' && RAW_RE.test(source)) {
      const rawStart = RAW_RE.lastIndex;
      ENDRAW_RE.lastIndex = rawStart;
      const e = ENDRAW_RE.exec(source);
      if (!e) fail('Missing end of raw directive', pos);
      let raw = source.slice(rawStart, e!.index);
      if (source[rawStart - 3] === '-') raw = raw.replace(/^\s+/, '');
      if (e![1] === '-') raw = raw.replace(/\s+$/, '');
      if (raw) push('data', raw, rawStart);
      lstripNext = e![2] === '-';
      pos = e!.index + e![0].length;
      continue;
    }

    const isVar = kind === '{';
    push(isVar ? 'variable_begin' : 'block_begin', source.slice(pos, pos + 2), pos);
    pos += 2;
    if (source[pos] === '-' || source[pos] === '+') pos++;
    const closer = isVar ? '}}' : '%}';
    const stack: string[] = [];
    for (;;) {
      WS_RE.lastIndex = pos;
      if (WS_RE.test(source)) pos = WS_RE.lastIndex;
      if (pos >= source.length) fail(`unexpected end of template, expected '${closer}'`, pos);
      if (!stack.length) {
        const ws = source[pos] === '-' || source[pos] === '+' ? 1 : 0;
        if (source.startsWith(closer, pos + ws)) {
          push(isVar ? 'variable_end' : 'block_end', closer, pos);
          lstripNext = ws === 1 && source[pos] === '-';
          pos += ws + 2;
          break;
        }
      }
      const start = pos;
      const prev = source[pos - 1];
      FLOAT_RE.lastIndex = pos;
      INT_RE.lastIndex = pos;
      NAME_RE.lastIndex = pos;
      STRING_RE.lastIndex = pos;
      let sm: RegExpExecArray | null;
      if (prev !== '.' && (sm = FLOAT_RE.exec(source))) {
        pos = FLOAT_RE.lastIndex;
        push('float', sm[0], start, Number(sm[0].replace(/_/g, '')));
      } else if ((sm = INT_RE.exec(source))) {
        pos = INT_RE.lastIndex;
        push('integer', sm[0], start, parseInt(sm[0]));
      } else if ((sm = NAME_RE.exec(source))) {
        pos = NAME_RE.lastIndex;
        push('name', sm[0], start);
      } else if ((sm = STRING_RE.exec(source))) {
        pos = STRING_RE.lastIndex;
        const body = (sm[1] ?? sm[2]).replace(/\r\n|\r/g, '\n');
        let value: string;
        try {
          value = unescape(body);
        } catch (e) {
          return fail((e as Error).message, start);
        }
        push('string', value, start);
      } else {
        const op = OPERATORS.find((o) => source.startsWith(o, pos));
        if (!op) fail(`unexpected char ${JSON.stringify(source[pos])} at ${pos}`, pos);
        if (op! in OPEN) stack.push(OPEN[op!]);
        else if (op === ')' || op === ']' || op === '}') {
          if (!stack.length) fail(`unexpected '${op}'`, pos);
          const want = stack.pop();
          if (want !== op) fail(`unexpected '${op}', expected '${want}'`, pos);
        }
        pos += op!.length;
        push('operator', op!, start);
      }
    }
  }
  push('eof', '', source.length);
  return tokens;
}
