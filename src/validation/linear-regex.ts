/**
 * A linear-time matcher for the rules that need no backreference or lookaround: the pattern is
 * compiled to an NFA program and run as a set of threads over the value (Thompson/Pike), so a
 * rule like `(a+)+$` costs O(value × rule) instead of exponential backtracking. It answers only
 * "does the rule match at the start" (Python's `re.match`), which is all a rule needs: no
 * captures, and greedy and lazy quantifiers mean the same.
 *
 * The pattern has already been compiled by JavaScript's RegExp (as the backtracking fallback),
 * so it is known to be well formed; anything this parser does not know is not guessed at:
 * `compileLinear` returns null and the caller keeps the backtracking engine.
 */

type CharTest = (c: number) => boolean;
// `eol` is Python's `$`; `lineStart`/`lineEnd` are `^`/`$` under (?m)
type Assertion = 'start' | 'end' | 'eol' | 'lineStart' | 'lineEnd' | 'word' | 'notWord';
type Node = { t: 'char'; test: CharTest } | { t: 'assert'; kind: Assertion } | { t: 'cat' | 'alt'; items: Node[] } | { t: 'rep'; node: Node; min: number; max: number };

interface Flags {
  readonly i: boolean;
  readonly m: boolean;
  readonly s: boolean;
}

/** One NFA instruction: a character test, a fork, a jump, an assertion or the match. */
type Op = { op: 'char'; test: CharTest } | { op: 'split'; x: number; y: number } | { op: 'jmp'; x: number } | { op: 'assert'; kind: Assertion } | { op: 'match' };

export type LinearProgram = readonly Op[];

// a bound on what `a{1000}{1000}` can expand to; such a rule keeps the backtracking engine
const MAX_PROGRAM = 20_000;

class Unsupported extends Error {}

/** The program for `pattern` (Python syntax, leading inline flags already removed), or null. */
export function compileLinear(pattern: string, flags: Flags): LinearProgram | null {
  try {
    const parser = new Parser(pattern, flags);
    const node = parser.alternation();
    if (parser.pos !== pattern.length) return null;
    const program: Op[] = [];
    emit(node, program);
    program.push({ op: 'match' });
    return program;
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}

/** Whether the program matches `value` from its first character (it need not reach the end). */
export function runLinear(program: LinearProgram, value: string): boolean {
  let dfa = dfas.get(program);
  if (dfa === undefined) {
    dfa = program.some((op) => op.op === 'assert' && !DFA_ASSERTIONS.has(op.kind)) ? null : new LazyDfa(program);
    dfas.set(program, dfa);
  }
  // the last two characters decide `$` (the end, or before a final newline): the NFA reads them
  if (dfa === null || value.length < 3) return runThreads(program, value, 0, null);
  return dfa.run(value);
}

/**
 * Runs the NFA's threads from `pos`: the program's start when `threads` is null, else those
 * character instructions (a DFA state handed over).
 */
function runThreads(program: LinearProgram, value: string, from: number, threads: readonly number[] | null): boolean {
  const seen = new Int32Array(program.length).fill(-1);
  let current: number[] = threads ? [...threads] : [];
  let next: number[] = [];
  const stack: number[] = [];
  // follows jumps, forks and assertions from `start` at `pos`; true when the match is reached
  const add = (list: number[], start: number, pos: number): boolean => {
    stack.push(start);
    while (stack.length) {
      const pc = stack.pop()!;
      if (seen[pc] === pos) continue;
      seen[pc] = pos;
      const op = program[pc]!;
      if (op.op === 'match') {
        stack.length = 0;
        return true;
      }
      if (op.op === 'char') list.push(pc);
      else if (op.op === 'jmp') stack.push(op.x);
      else if (op.op === 'split') stack.push(op.y, op.x);
      else if (holds(op.kind, value, pos)) stack.push(pc + 1);
    }
    return false;
  };
  if (!threads && add(current, 0, 0)) return true;
  for (let pos = from; pos < value.length && current.length; pos++) {
    const c = value.charCodeAt(pos);
    for (let i = 0; i < current.length; i++) {
      const pc = current[i]!;
      const op = program[pc] as { op: 'char'; test: CharTest };
      if (op.test(c) && add(next, pc + 1, pos + 1)) return true;
    }
    const done = current;
    current = next;
    next = done;
    next.length = 0;
  }
  return false;
}

/**
 * The assertions a DFA state can settle without looking at characters: before the last two
 * characters `^`/`\A` hold only at the start and `$`/`\Z` never do. Word boundaries and the (?m)
 * line assertions depend on the neighbouring characters: such rules keep the NFA.
 */
const DFA_ASSERTIONS = new Set<Assertion>(['start', 'end', 'eol']);

/** One set of NFA threads (character instructions), with the sets it leads to, made on first need. */
interface DfaState {
  readonly threads: readonly number[];
  readonly ascii: (DfaState | undefined)[];
  readonly other: Map<number, DfaState>;
}

// past these, the DFA stops growing and the NFA reads the rest of the value: whatever the values,
// a rule's DFA stays under about 300 KB (states × a 128-entry ASCII table, plus other characters)
const MAX_DFA_STATES = 256;
const MAX_OTHER_EDGES = 256;

const MATCHED: DfaState = { threads: [], ascii: [], other: new Map() };
const dfas = new WeakMap<LinearProgram, LazyDfa | null>();

/**
 * The NFA's thread sets turned into DFA states as values reach them, so a rule reads each
 * character with one table lookup once warm (the same answers: a state is the set of threads the
 * NFA would hold there). Up to the last two characters of a value, which the NFA reads.
 */
class LazyDfa {
  private readonly states = new Map<string, DfaState>();
  // a stamp per closure marks what it visited; doubles, so that the count (tens of stamps per
  // request, for the server's whole life) never wraps to a value an old mark still holds
  private readonly seen: Float64Array;
  private stamp = 0;
  private start: DfaState | undefined;

  constructor(private readonly program: LinearProgram) {
    this.seen = new Float64Array(program.length);
  }

  run(value: string): boolean {
    let state = (this.start ??= this.closure([0], true))!;
    const handOver = value.length - 2;
    for (let pos = 0; pos < handOver; pos++) {
      if (state === MATCHED) return true;
      if (state.threads.length === 0) return false;
      const c = value.charCodeAt(pos);
      let next = c < 128 ? state.ascii[c] : state.other.get(c);
      if (next === undefined) {
        const made = this.step(state, c);
        if (made === undefined) return runThreads(this.program, value, pos, state.threads);
        next = made;
      }
      state = next;
    }
    if (state === MATCHED) return true;
    return state.threads.length > 0 && this.finish(state.threads, value, handOver);
  }

  /**
   * The NFA's reading of the last characters, from the threads of a state, with this DFA's scratch
   * marks. runThreads does the same for a whole value; written out here, as it runs on every value
   * of every request, it costs a sixth less (measured; runThreads allocates its marks and a closure).
   */
  private finish(threads: readonly number[], value: string, from: number): boolean {
    let current = threads;
    for (let pos = from; pos < value.length && current.length > 0; pos++) {
      const c = value.charCodeAt(pos);
      const stamp = ++this.stamp;
      const next: number[] = [];
      const stack: number[] = [];
      for (const pc of current) {
        if (!(this.program[pc] as { test: CharTest }).test(c)) continue;
        stack.push(pc + 1);
        while (stack.length) {
          const at = stack.pop()!;
          if (this.seen[at] === stamp) continue;
          this.seen[at] = stamp;
          const op = this.program[at]!;
          if (op.op === 'match') return true;
          if (op.op === 'char') next.push(at);
          else if (op.op === 'jmp') stack.push(op.x);
          else if (op.op === 'split') stack.push(op.y, op.x);
          else if (holds(op.kind, value, pos + 1)) stack.push(at + 1);
        }
      }
      current = next;
    }
    return false;
  }

  /** The state after `state` reads `c` (before the last two characters), or undefined when the DFA is full. */
  private step(state: DfaState, c: number): DfaState | undefined {
    const seeds: number[] = [];
    for (const pc of state.threads) if ((this.program[pc] as { test: CharTest }).test(c)) seeds.push(pc + 1);
    const next = this.closure(seeds, false);
    if (next === undefined) return undefined;
    if (c < 128) state.ascii[c] = next;
    else if (state.other.size < MAX_OTHER_EDGES) state.other.set(c, next);
    return next;
  }

  /** The state of the threads `seeds` lead to through jumps, forks and assertions; MATCHED when one reaches the match. */
  private closure(seeds: number[], atStart: boolean): DfaState | undefined {
    const stamp = ++this.stamp;
    const threads: number[] = [];
    const stack = seeds.reverse();
    while (stack.length) {
      const pc = stack.pop()!;
      if (this.seen[pc] === stamp) continue;
      this.seen[pc] = stamp;
      const op = this.program[pc]!;
      if (op.op === 'match') return MATCHED;
      if (op.op === 'char') threads.push(pc);
      else if (op.op === 'jmp') stack.push(op.x);
      else if (op.op === 'split') stack.push(op.y, op.x);
      else if (op.kind === 'start' && atStart) stack.push(pc + 1);
    }
    threads.sort((x, y) => x - y);
    const key = threads.join(',');
    const known = this.states.get(key);
    if (known) return known;
    if (this.states.size >= MAX_DFA_STATES) return undefined;
    const state: DfaState = { threads, ascii: [], other: new Map() };
    this.states.set(key, state);
    return state;
  }
}

function holds(kind: Assertion, value: string, pos: number): boolean {
  const end = value.length;
  switch (kind) {
    case 'start':
      return pos === 0;
    case 'end':
      return pos === end;
    case 'eol':
      // Python's $: the end, or before a newline that ends the value
      return pos === end || (pos === end - 1 && value.charCodeAt(pos) === 10);
    case 'lineStart':
      return pos === 0 || value.charCodeAt(pos - 1) === 10;
    case 'lineEnd':
      return pos === end || value.charCodeAt(pos) === 10;
    default: {
      const before = pos > 0 && isWord(value.charCodeAt(pos - 1));
      const after = pos < end && isWord(value.charCodeAt(pos));
      return (before !== after) === (kind === 'word');
    }
  }
}

function emit(node: Node, out: Op[]): void {
  if (out.length > MAX_PROGRAM) throw new Unsupported();
  switch (node.t) {
    case 'char':
      out.push({ op: 'char', test: node.test });
      return;
    case 'assert':
      out.push({ op: 'assert', kind: node.kind });
      return;
    case 'cat':
      for (const item of node.items) emit(item, out);
      return;
    case 'alt': {
      const jumps: Array<{ op: 'jmp'; x: number }> = [];
      node.items.forEach((item, index) => {
        const last = index === node.items.length - 1;
        const split = { op: 'split' as const, x: out.length + 1, y: 0 };
        if (!last) out.push(split);
        emit(item, out);
        if (!last) {
          const jump = { op: 'jmp' as const, x: 0 };
          jumps.push(jump);
          out.push(jump);
          split.y = out.length;
        }
      });
      for (const jump of jumps) jump.x = out.length;
      return;
    }
    case 'rep': {
      for (let n = 0; n < node.min; n++) emit(node.node, out);
      if (node.max === Infinity) {
        const split = { op: 'split' as const, x: out.length + 1, y: 0 };
        const loop = out.length;
        out.push(split);
        emit(node.node, out);
        out.push({ op: 'jmp', x: loop });
        split.y = out.length;
        return;
      }
      const splits: Array<{ op: 'split'; x: number; y: number }> = [];
      for (let n = node.min; n < node.max; n++) {
        const split = { op: 'split' as const, x: out.length + 1, y: 0 };
        splits.push(split);
        out.push(split);
        emit(node.node, out);
      }
      for (const split of splits) split.y = out.length;
    }
  }
}

const isDigit: CharTest = (c) => c >= 48 && c <= 57;
const isWord: CharTest = (c) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
// JavaScript's \s, which the backtracking engine uses too
const isSpace: CharTest = (c) =>
  (c >= 9 && c <= 13) || c === 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
const not =
  (test: CharTest): CharTest =>
  (c) =>
    !test(c);
const CLASS_ESCAPES: Record<string, CharTest> = { d: isDigit, D: not(isDigit), w: isWord, W: not(isWord), s: isSpace, S: not(isSpace) };
const CHAR_ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, f: 12, v: 11 };

/** Matches each character of the value ignoring case, as JavaScript's `i` flag does. */
function caseless(test: CharTest): CharTest {
  return (c) => {
    if (test(c)) return true;
    const text = String.fromCharCode(c);
    const lower = text.toLowerCase();
    const upper = text.toUpperCase();
    return (lower.length === 1 && test(lower.charCodeAt(0))) || (upper.length === 1 && test(upper.charCodeAt(0)));
  };
}

class Parser {
  pos = 0;

  constructor(
    private readonly text: string,
    private readonly flags: Flags,
  ) {}

  alternation(): Node {
    const items = [this.sequence()];
    while (this.text[this.pos] === '|') {
      this.pos++;
      items.push(this.sequence());
    }
    return items.length === 1 ? items[0]! : { t: 'alt', items };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.pos < this.text.length && this.text[this.pos] !== '|' && this.text[this.pos] !== ')') {
      const atom = this.atom();
      if (!atom) continue;
      items.push(this.quantified(atom));
      // a quantifier on a quantifier: not something to guess the meaning of
      if (/^(?:[*+?]|\{\d*,?\d*\})/.test(this.text.slice(this.pos))) throw new Unsupported();
    }
    return { t: 'cat', items };
  }

  private quantified(atom: Node): Node {
    const rest = this.text.slice(this.pos);
    const found = /^(?:([*+?])|\{(\d+)(?:(,)(\d*))?\}|\{,(\d+)\})/.exec(rest);
    if (!found) return atom;
    if (atom.t === 'assert') throw new Unsupported();
    this.pos += found[0].length;
    if (this.text[this.pos] === '?') this.pos++; // lazy: the same answer for "does it match"
    let min: number;
    let max: number;
    if (found[1]) [min, max] = found[1] === '*' ? [0, Infinity] : found[1] === '+' ? [1, Infinity] : [0, 1];
    else if (found[5] !== undefined) [min, max] = [0, Number(found[5])];
    else [min, max] = [Number(found[2]), found[3] ? (found[4] ? Number(found[4]) : Infinity) : Number(found[2])];
    if (min > 1000 || (max !== Infinity && max > 1000)) throw new Unsupported();
    return { t: 'rep', node: atom, min, max };
  }

  /** One atom, or null for a comment. */
  private atom(): Node | null {
    const ch = this.text[this.pos++]!;
    switch (ch) {
      case '(':
        return this.group();
      case '[':
        return this.charClass();
      case '.':
        return { t: 'char', test: this.flags.s ? () => true : (c) => c !== 10 };
      case '^':
        return { t: 'assert', kind: this.flags.m ? 'lineStart' : 'start' };
      case '$':
        return { t: 'assert', kind: this.flags.m ? 'lineEnd' : 'eol' };
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
        throw new Unsupported();
      default:
        return this.literal(ch.charCodeAt(0));
    }
  }

  private literal(code: number): Node {
    return this.charNode((c) => c === code);
  }

  private charNode(test: CharTest): Node {
    return { t: 'char', test: this.flags.i ? caseless(test) : test };
  }

  private group(): Node | null {
    const rest = this.text.slice(this.pos);
    const comment = /^\?#[^)]*\)/.exec(rest);
    if (comment) {
      this.pos += comment[0].length;
      return null;
    }
    const opening = /^(?:\?:|\?P<[A-Za-z_]\w*>)?/.exec(rest)![0];
    if (!opening && rest.startsWith('?')) throw new Unsupported(); // lookaround, (?P=name), ...
    this.pos += opening.length;
    const inner = this.alternation();
    if (this.text[this.pos] !== ')') throw new Unsupported();
    this.pos++;
    return inner;
  }

  private escape(): Node {
    const ch = this.text[this.pos++] ?? '';
    const assertion = ({ A: 'start', Z: 'end', b: 'word', B: 'notWord' } as const)[ch as 'A'];
    if (assertion) return { t: 'assert', kind: assertion };
    const set = CLASS_ESCAPES[ch];
    if (set) return { t: 'char', test: set };
    return this.literal(this.escapedChar(ch));
  }

  /** The character an escape stands for; \d-like sets and backreferences are not characters. */
  private escapedChar(ch: string): number {
    if (ch in CHAR_ESCAPES) return CHAR_ESCAPES[ch]!;
    const hex = ch === 'x' ? 2 : ch === 'u' ? 4 : 0;
    if (hex) {
      const digits = this.text.slice(this.pos, this.pos + hex);
      if (!new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(digits)) throw new Unsupported();
      this.pos += hex;
      return parseInt(digits, 16);
    }
    // escaped punctuation is itself; letters and digits (\a, \1, \p...) mean different things in
    // Python and JavaScript, so they stay with the engine that has always read them
    if (!ch || /[0-9A-Za-z]/.test(ch)) throw new Unsupported();
    return ch.charCodeAt(0);
  }

  private charClass(): Node {
    const negated = this.text[this.pos] === '^';
    if (negated) this.pos++;
    const tests: CharTest[] = [];
    let first = true;
    while (this.pos < this.text.length && (this.text[this.pos] !== ']' || first)) {
      first = false;
      const low = this.classAtom();
      if (typeof low !== 'number') {
        tests.push(low);
        continue;
      }
      if (this.text[this.pos] === '-' && this.pos + 1 < this.text.length && this.text[this.pos + 1] !== ']') {
        this.pos++;
        const high = this.classAtom();
        if (typeof high !== 'number') throw new Unsupported();
        tests.push((c) => c >= low && c <= high);
      } else tests.push((c) => c === low);
    }
    if (this.text[this.pos] !== ']') throw new Unsupported();
    this.pos++;
    const any: CharTest = (c) => {
      for (const test of tests) if (test(c)) return true;
      return false;
    };
    const cased = this.flags.i ? caseless(any) : any;
    return { t: 'char', test: negated ? not(cased) : cased };
  }

  /** A class member: one character (a number) or a set like \d. */
  private classAtom(): number | CharTest {
    const ch = this.text[this.pos++]!;
    if (ch !== '\\') return ch.charCodeAt(0);
    const escaped = this.text[this.pos++] ?? '';
    if (CLASS_ESCAPES[escaped]) return CLASS_ESCAPES[escaped];
    if (escaped === 'b') return 8;
    return this.escapedChar(escaped);
  }
}
