/**
 * Flask/Werkzeug route rules: `/hooks/<name>`, `<int:id>`, `<float:x>`, `<path:rest>`,
 * `<uuid:id>`, `<any(a,b):kind>`. Matched values reach templates as `request.view_args`.
 */
export interface RoutePattern {
  readonly rule: string;
  /** True when the rule has no converters (matched before dynamic rules, as Werkzeug does). */
  readonly isStatic: boolean;
  match(path: string): Record<string, string | number> | null;
}

type Convert = (text: string) => string | number;

interface Converter {
  pattern: string;
  convert: Convert;
}

const asText: Convert = (text) => text;

const CONVERTERS: Record<string, (args: string[]) => Converter> = {
  default: () => ({ pattern: '[^/]+', convert: asText }),
  string: () => ({ pattern: '[^/]+', convert: asText }),
  int: () => ({ pattern: '\\d+', convert: (text) => Number.parseInt(text, 10) }),
  float: () => ({ pattern: '\\d+\\.\\d+', convert: (text) => Number.parseFloat(text) }),
  path: () => ({ pattern: '[^/].*?', convert: asText }),
  uuid: () => ({
    pattern: '[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}',
    convert: asText,
  }),
  any: (args) => ({ pattern: `(?:${args.map(escapeRegex).join('|')})`, convert: asText }),
};

const PLACEHOLDER = /<(?:([a-zA-Z_][a-zA-Z0-9_]*)(?:\(([^)]*)\))?:)?([a-zA-Z_][a-zA-Z0-9_]*)>/g;

/** Compiles a Flask rule; throws an Error with a reason when the rule is malformed. */
export function compileRoute(rule: string): RoutePattern {
  if (!rule.startsWith('/')) throw new Error(`a route must start with "/"`);
  const names: string[] = [];
  const converts: Convert[] = [];
  let source = '';
  let last = 0;
  for (const found of rule.matchAll(PLACEHOLDER)) {
    const [text, kind = 'default', args = '', name] = found;
    const make = CONVERTERS[kind];
    if (!make)
      throw new Error(
        `unknown converter "${kind}" in "${text}" (known: ${Object.keys(CONVERTERS)
          .filter((k) => k !== 'default')
          .join(', ')})`,
      );
    if (names.includes(name!)) throw new Error(`the variable "${name}" appears twice`);
    const converter = make(
      args
        .split(',')
        .map((arg) => arg.trim().replace(/^['"]|['"]$/g, ''))
        .filter(Boolean),
    );
    source += escapeRegex(rule.slice(last, found.index)) + `(${converter.pattern})`;
    names.push(name!);
    converts.push(converter.convert);
    last = found.index! + text.length;
  }
  const rest = rule.slice(last);
  if (/[<>]/.test(rest) || /[<>]/.test(rule.slice(0, last).replace(PLACEHOLDER, ''))) {
    throw new Error(`malformed variable part in "${rule}"`);
  }
  source += escapeRegex(rest);
  const regex = new RegExp(`^${source}$`);
  return {
    rule,
    isStatic: names.length === 0,
    match(path) {
      const found = regex.exec(path);
      if (!found) return null;
      const args: Record<string, string | number> = {};
      names.forEach((name, i) => (args[name] = converts[i]!(found[i + 1]!)));
      return args;
    },
  };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
