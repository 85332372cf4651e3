import { compileLinear, runLinear } from './linear-regex.js';

/**
 * The longest value a rule that needs the backtracking engine (backreferences, lookaround) is
 * matched against: longer values never match it. Backtracking can be exponential in the value's
 * length; this keeps one such rule from holding the server for long.
 */
export const BACKTRACKING_INPUT_LIMIT = 4096;

/** A compiled rule. */
export interface RuleRegex {
  /** The rule as written (Python syntax). */
  readonly source: string;
  /** true: matched in linear time; false: by the backtracking engine, values up to BACKTRACKING_INPUT_LIMIT. */
  readonly linear: boolean;
  /** Whether the rule matches `value` from its first character (it need not reach the end). */
  test(value: string): boolean;
}

/**
 * Translates the Python regex syntax people write in rules, and compiles it to match at the
 * start of a value only (Python's `re.match`): with the linear-time engine when the rule needs
 * nothing else, with JavaScript's (backtracking) RegExp otherwise.
 * Throws an Error with a reason for syntax JavaScript cannot express.
 */
export function compilePythonRegex(pattern: string): RuleRegex {
  const { source, flags, body } = translate(pattern);
  let regex: RegExp;
  try {
    // sticky: the match must begin at index 0 but need not reach the end, like re.match
    regex = new RegExp(source, `${flags}y`);
  } catch (error) {
    throw new Error(`invalid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`);
  }
  const program = compileLinear(body, { i: flags.includes('i'), m: flags.includes('m'), s: flags.includes('s') });
  if (program) return { source: pattern, linear: true, test: (value) => runLinear(program, value) };
  return {
    source: pattern,
    linear: false,
    test: (value) => {
      if (value.length > BACKTRACKING_INPUT_LIMIT) return false;
      regex.lastIndex = 0;
      return regex.test(value);
    },
  };
}

/** True when `value` matches `regex` from its first character. */
export function matchesAtStart(regex: RuleRegex, value: string): boolean {
  return regex.test(value);
}

const INLINE_FLAGS: Record<string, string> = { i: 'i', m: 'm', s: 's', a: '', u: '', L: '' };

function translate(pattern: string): { source: string; flags: string; body: string } {
  let flags = '';
  let rest = pattern;
  const leading = /^\(\?([aiLmsux]+)\)/.exec(rest);
  if (leading) {
    for (const flag of leading[1]!) {
      if (flag === 'x') throw new Error('verbose mode "(?x)" is not supported');
      flags += INLINE_FLAGS[flag] ?? '';
    }
    rest = rest.slice(leading[0].length);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < rest.length; i++) {
    const ch = rest[i]!;
    if (ch === '\\') {
      const next = rest[i + 1] ?? '';
      i++;
      if (!inClass && next === 'A') out += '(?<![\\s\\S])';
      else if (!inClass && next === 'Z') out += '$(?![\\s\\S])';
      else out += ch + next;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      out += ch;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      out += ch;
      // a leading ']' (or '^]') is a literal in Python, and must be escaped in JavaScript
      if (rest[i + 1] === '^') out += rest[++i];
      if (rest[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (ch === '$' && !flags.includes('m')) {
      // Python's $ also matches before one trailing newline
      out += '(?=\\n?$(?![\\s\\S]))';
      continue;
    }
    if (ch === '(' && rest[i + 1] === '?') {
      const group = rest.slice(i);
      let found: RegExpExecArray | null;
      if ((found = /^\(\?P<([A-Za-z_]\w*)>/.exec(group))) {
        out += `(?<${found[1]}>`;
        i += found[0].length - 1;
        continue;
      }
      if ((found = /^\(\?P=([A-Za-z_]\w*)\)/.exec(group))) {
        out += `\\k<${found[1]}>`;
        i += found[0].length - 1;
        continue;
      }
      if ((found = /^\(\?#[^)]*\)/.exec(group))) {
        i += found[0].length - 1;
        continue;
      }
      if (/^\(\?\(/.test(group)) throw new Error('conditional groups "(?(...)...)" are not supported');
      if (/^\(\?>/.test(group)) throw new Error('atomic groups "(?>...)" are not supported');
      if (/^\(\?[aiLmsux-]+[:)]/.test(group)) throw new Error('inline flags are only supported at the start of a rule');
    }
    if (ch === '{' && rest[i + 1] === ',') {
      // Python's {,n} means {0,n}
      const found = /^\{,(\d+)\}/.exec(rest.slice(i));
      if (found) {
        out += `{0,${found[1]}}`;
        i += found[0].length - 1;
        continue;
      }
    }
    if ((ch === '+' || ch === '*' || ch === '?' || ch === '}') && rest[i + 1] === '+') {
      throw new Error('possessive quantifiers are not supported');
    }
    out += ch;
  }
  return { source: out, flags, body: rest };
}
