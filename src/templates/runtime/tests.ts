/** Jinja's built-in tests (`x is defined`, `x is none`, `x is equalto 3`, ...). */
import { TemplateRenderError } from '../errors.js';
import type { Test } from './filters.js';
import { compare, contains } from './ops.js';
import { isMapping, isStr, pyEquals } from './values.js';

const isNumber = (v: unknown): boolean => typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint';

export function createTests(hasFilter: (name: string) => boolean, hasTest: (name: string) => boolean): Record<string, Test> {
  const tests: Record<string, Test> = {
    boolean: (v) => typeof v === 'boolean',
    callable: (v) => typeof v === 'function',
    defined: (v) => v !== undefined,
    divisibleby: (v, n) => {
      if (Number(n) === 0) throw new TemplateRenderError('integer modulo by zero');
      return typeof v === 'bigint' || typeof n === 'bigint' ? BigInt(v as bigint) % BigInt(n as bigint) === 0n : Number(v) % Number(n) === 0;
    },
    eq: (v, o) => pyEquals(v, o),
    escaped: () => false,
    even: (v) => (typeof v === 'bigint' ? v % 2n === 0n : Number(v) % 2 === 0),
    false: (v) => v === false,
    filter: (v) => isStr(v) && hasFilter(String(v)),
    float: (v) => typeof v === 'number' && !Number.isInteger(v),
    ge: (v, o) => compare(v, '>=', o),
    gt: (v, o) => compare(v, '>', o),
    in: (v, seq) => contains(seq, v),
    integer: (v) => typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v)),
    iterable: (v) => v === undefined || isStr(v) || Array.isArray(v) || isMapping(v) || (typeof v === 'object' && v !== null && Symbol.iterator in v),
    le: (v, o) => compare(v, '<=', o),
    lower: (v) => isStr(v) && String(v) === String(v).toLowerCase(),
    lt: (v, o) => compare(v, '<', o),
    mapping: (v) => isMapping(v),
    ne: (v, o) => !pyEquals(v, o),
    none: (v) => v === null,
    number: (v) => isNumber(v),
    odd: (v) => (typeof v === 'bigint' ? v % 2n !== 0n : Math.abs(Number(v) % 2) === 1),
    sameas: (v, o) => v === o,
    sequence: (v) => isStr(v) || Array.isArray(v) || isMapping(v),
    string: (v) => isStr(v),
    test: (v) => isStr(v) && hasTest(String(v)),
    true: (v) => v === true,
    undefined: (v) => v === undefined,
    upper: (v) => isStr(v) && String(v) === String(v).toUpperCase(),
  };
  Object.assign(tests, {
    equalto: tests.eq,
    '==': tests.eq,
    '!=': tests.ne,
    '<': tests.lt,
    lessthan: tests.lt,
    '<=': tests.le,
    '>': tests.gt,
    greaterthan: tests.gt,
    '>=': tests.ge,
  });
  return tests;
}
