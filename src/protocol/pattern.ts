/**
 * Model patterns (Java regular expressions matched against the whole value) in time linear in the value's length.
 *
 * V8's engine backtracks: `[P]*\{####\}[P]*` (where P contains `{`, `#` and `}`) takes quadratic time on a failing
 * value, `[P]*\{##[P]*##\}[P]*` cubic, `[P]+@[P]+` (P contains `@`) quadratic with no length limit — one request
 * could hold the event loop for minutes. So every pattern is classified when it is compiled:
 *
 * - its worst-case backtracking is bounded by `(maxLength + 1) ** d`, where `d` counts the variable-width
 *   repetitions in sequence (a repetition of a variable-width body is unbounded: exponential). When `d <= 1`, or
 *   the model's maximum length keeps that bound under BACKTRACK_BUDGET steps, V8 runs it: the common patterns on
 *   the hot path (user pool ids, client ids, tokens: one repeated character class) stay on the native engine;
 * - every other pattern runs on the Pike VM below: a simulation of the pattern's automaton that keeps each state
 *   at most once per input position, so the cost is O(length × states) whatever the input.
 *
 * Characters are tested with V8 itself (each character class or escape compiled on its own, `u` flag), so both
 * engines share one meaning of `\w`, `\s`, `\p{L}`, …; test/security/redos.test.ts checks that they agree.
 */
export interface PatternMatcher {
  test(value: string): boolean;
  /** 'native' (V8, provably polynomial of degree ≤ 1 or under budget at the maximum length) or 'linear' (Pike VM). */
  readonly engine: 'native' | 'linear';
}

/** Steps of backtracking accepted at the model's maximum length before a pattern moves to the linear engine. */
export const BACKTRACK_BUDGET = 100_000;

type Node =
  | { kind: 'char'; src: string }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; alts: Node[] }
  | { kind: 'repeat'; body: Node; min: number; max: number }
  | { kind: 'start' }
  | { kind: 'end' }
  | { kind: 'notBehind'; src: string };

interface Parsed {
  node: Node;
  flags: string;
  /** The pattern without its inline flag group, for V8. */
  body: string;
}

export function compilePattern(pattern: string, maxLength: number | undefined): PatternMatcher {
  const parsed = parse(pattern);
  const native = new RegExp(`^(?:${parsed.body})$`, parsed.flags);
  const d = degree(parsed.node);
  const bounded = d <= 1 || (maxLength !== undefined && Number.isFinite(d) && (maxLength + 1) ** d <= BACKTRACK_BUDGET);
  if (bounded) return { engine: 'native', test: (v) => native.test(v) };
  const machine = machineOf(compile(parsed.node, parsed.flags));
  return { engine: 'linear', test: (v) => run(machine, v) };
}

/** The linear engine alone, whatever the classification (for tests that compare both engines). */
export function compileLinear(pattern: string): (value: string) => boolean {
  const parsed = parse(pattern);
  const machine = machineOf(compile(parsed.node, parsed.flags));
  return (v) => run(machine, v);
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing: the subset of Java/JavaScript regex syntax the model uses. Anything else throws at compile time, which
// test/security/redos.test.ts turns into a failure for the model pattern that uses it.

function parse(pattern: string): Parsed {
  // A leading inline flag group such as `(?s)` (SMSMessage: `(?s).*`) is not JavaScript syntax: it becomes a flag.
  const inline = /^\(\?([a-z]+)\)/.exec(pattern);
  const body = inline ? pattern.slice(inline[0].length) : pattern;
  const flags = 'u' + (inline ? [...new Set(inline[1]!.split(''))].filter((f) => 'ims'.includes(f)).join('') : '');
  if (flags.includes('m')) throw new Error(`pattern ${JSON.stringify(pattern)}: multiline mode is not supported`);
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`pattern ${JSON.stringify(pattern)}: ${why} at ${i}`);
  };

  const parseAlt = (): Node => {
    const alts = [parseSeq()];
    while (body[i] === '|') {
      i++;
      alts.push(parseSeq());
    }
    return alts.length === 1 ? alts[0]! : { kind: 'alt', alts };
  };
  const parseSeq = (): Node => {
    const items: Node[] = [];
    while (i < body.length && body[i] !== '|' && body[i] !== ')') {
      const atom = parseAtom();
      items.push(parseQuantifier(atom));
    }
    return items.length === 1 ? items[0]! : { kind: 'seq', items };
  };
  const parseAtom = (): Node => {
    const c = body[i]!;
    if (c === '(') {
      if (body.startsWith('(?<!', i)) {
        i += 4;
        const start = i;
        const inner = parseAtom();
        if (inner.kind !== 'char' || body[i] !== ')') fail('only a one-character negative lookbehind is supported');
        i++;
        return { kind: 'notBehind', src: body.slice(start, i - 1) };
      }
      if (body.startsWith('(?:', i)) i += 3;
      else if (body[i + 1] === '?') fail('unsupported group');
      else i++;
      const inner = parseAlt();
      if (body[i] !== ')') fail('unclosed group');
      i++;
      return inner;
    }
    if (c === '[') {
      const start = i;
      i++;
      if (body[i] === '^') i++;
      if (body[i] === ']') i++;
      while (i < body.length && body[i] !== ']') {
        if (body[i] === '[') fail('nested character classes are not supported');
        i += body[i] === '\\' ? escapeLength(i) : 1;
      }
      if (body[i] !== ']') fail('unclosed character class');
      i++;
      return { kind: 'char', src: body.slice(start, i) };
    }
    if (c === '\\') {
      const n = escapeLength(i);
      const src = body.slice(i, i + n);
      if (/^\\[1-9bBk]/.test(src)) fail('back-references and word boundaries are not supported');
      i += n;
      return { kind: 'char', src };
    }
    if (c === '^') {
      i++;
      return { kind: 'start' };
    }
    if (c === '$') {
      i++;
      return { kind: 'end' };
    }
    if ('*+?{'.includes(c) && !(c === '{' && !/^\{\d+(,\d*)?\}/.test(body.slice(i)))) fail('quantifier without an atom');
    const cp = body.codePointAt(i)!;
    const src = String.fromCodePoint(cp);
    i += src.length;
    return { kind: 'char', src };
  };
  const escapeLength = (at: number): number => {
    const next = body[at + 1];
    if (next === undefined) fail('trailing backslash');
    if (next === 'p' || next === 'P') {
      const close = body.indexOf('}', at);
      if (body[at + 2] !== '{' || close < 0) fail('bad property escape');
      return close - at + 1;
    }
    if (next === 'x') return 4;
    if (next === 'u') return body[at + 2] === '{' ? body.indexOf('}', at) - at + 1 : 6;
    return 2;
  };
  const parseQuantifier = (atom: Node): Node => {
    let node = atom;
    for (;;) {
      const c = body[i];
      let min: number;
      let max: number;
      if (c === '*') [min, max, i] = [0, Infinity, i + 1];
      else if (c === '+') [min, max, i] = [1, Infinity, i + 1];
      else if (c === '?') [min, max, i] = [0, 1, i + 1];
      else if (c === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(body.slice(i));
        if (!m) return node;
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
        i += m[0].length;
      } else return node;
      if (atom.kind === 'start' || atom.kind === 'end' || atom.kind === 'notBehind') fail('quantified assertion');
      // Lazy and possessive suffixes change which match is found, not whether one is: test() only asks whether.
      if (body[i] === '?' || body[i] === '+') i++;
      node = { kind: 'repeat', body: node, min, max };
    }
  };

  const node = parseAlt();
  if (i !== body.length) fail('unbalanced parenthesis');
  return { node, flags, body };
}

// ---------------------------------------------------------------------------------------------------------------
// Classification: an upper bound on the polynomial degree of V8's backtracking.

function isFixedWidth(n: Node): boolean {
  switch (n.kind) {
    case 'char':
    case 'start':
    case 'end':
    case 'notBehind':
      return true;
    case 'seq':
      return n.items.every(isFixedWidth);
    case 'alt':
      // Literal alternatives of different lengths (`(default|dutch|…)`) are a bounded number of choices, not a
      // factor of the input's length: "fixed" here means no variable repetition inside.
      return n.alts.every(isFixedWidth);
    case 'repeat':
      return n.min === n.max && isFixedWidth(n.body);
  }
}

/**
 * Each variable-width repetition of a fixed-width body in sequence multiplies the ways of splitting the input by at
 * most (n + 1): the degree is their count. A bounded repetition of a variable-width body adds its copies' degrees;
 * an unbounded one can split the input in exponentially many ways: Infinity.
 */
function degree(n: Node): number {
  switch (n.kind) {
    case 'char':
    case 'start':
    case 'end':
    case 'notBehind':
      return 0;
    case 'seq':
      return n.items.reduce((sum, item) => sum + degree(item), 0);
    case 'alt':
      return Math.max(...n.alts.map(degree));
    case 'repeat': {
      const inner = degree(n.body);
      if (n.min === n.max) return inner * n.min;
      if (isFixedWidth(n.body)) return 1;
      return n.max === Infinity ? Infinity : n.max * inner + 1;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The Pike VM.

const enum Op {
  Char,
  Split,
  Jump,
  Start,
  End,
  NotBehind,
  Match,
}
interface Instruction {
  op: Op;
  /** Char / NotBehind: the character predicate. */
  test?: (cp: number) => boolean;
  /** Split / Jump targets. */
  x?: number;
  y?: number;
}
type Program = Instruction[];

/** A predicate for one character class or escape, answered by V8 and remembered for ASCII. */
function charPredicate(src: string, flags: string): (cp: number) => boolean {
  const re = new RegExp(`^${src === '.' ? '.' : src}$`, flags);
  const ascii = new Int8Array(128); // 0 unknown, 1 yes, -1 no
  return (cp) => {
    if (cp < 128) {
      const known = ascii[cp]!;
      if (known !== 0) return known === 1;
      const yes = re.test(String.fromCharCode(cp));
      ascii[cp] = yes ? 1 : -1;
      return yes;
    }
    return re.test(String.fromCodePoint(cp));
  };
}

/** Repetitions of more than this many copies are refused (the model's largest is {0,61}). */
const MAX_COPIES = 1000;

function compile(root: Node, flags: string): Program {
  const prog: Program = [];
  const predicates = new Map<string, (cp: number) => boolean>();
  const predicate = (src: string) => {
    let p = predicates.get(src);
    if (!p) predicates.set(src, (p = charPredicate(src, flags)));
    return p;
  };
  const emit = (n: Node): void => {
    switch (n.kind) {
      case 'char':
        prog.push({ op: Op.Char, test: predicate(n.src) });
        return;
      case 'start':
        prog.push({ op: Op.Start });
        return;
      case 'end':
        prog.push({ op: Op.End });
        return;
      case 'notBehind':
        prog.push({ op: Op.NotBehind, test: predicate(n.src) });
        return;
      case 'seq':
        n.items.forEach(emit);
        return;
      case 'alt': {
        const jumps: Instruction[] = [];
        n.alts.forEach((alt, k) => {
          if (k < n.alts.length - 1) {
            const split: Instruction = { op: Op.Split, x: prog.length + 1 };
            prog.push(split);
            emit(alt);
            const jump: Instruction = { op: Op.Jump };
            prog.push(jump);
            jumps.push(jump);
            split.y = prog.length;
          } else emit(alt);
        });
        for (const j of jumps) j.x = prog.length;
        return;
      }
      case 'repeat': {
        const copies = Number.isFinite(n.max) ? n.max : n.min;
        if (copies > MAX_COPIES) throw new Error(`repetition of ${copies} copies is too large`);
        for (let k = 0; k < n.min; k++) emit(n.body);
        if (n.max === Infinity) {
          // L: split(body, out); body; jump L
          const split: Instruction = { op: Op.Split, x: prog.length + 1 };
          const loop = prog.length;
          prog.push(split);
          emit(n.body);
          prog.push({ op: Op.Jump, x: loop });
          split.y = prog.length;
          return;
        }
        // Optional copies nested: (body (body (…)?)?)?
        const splits: Instruction[] = [];
        for (let k = n.min; k < n.max; k++) {
          const split: Instruction = { op: Op.Split, x: prog.length + 1 };
          prog.push(split);
          splits.push(split);
          emit(n.body);
        }
        for (const s of splits) s.y = prog.length;
        return;
      }
    }
  };
  emit(root);
  prog.push({ op: Op.Match });
  return prog;
}

/** The program as flat arrays (monomorphic, no per-instruction objects on the matching loop). */
interface Machine {
  ops: Uint8Array;
  xs: Int32Array;
  ys: Int32Array;
  tests: Array<((cp: number) => boolean) | undefined>;
}

function machineOf(prog: Program): Machine {
  return {
    ops: Uint8Array.from(prog, (i) => i.op),
    xs: Int32Array.from(prog, (i) => i.x ?? -1),
    ys: Int32Array.from(prog, (i) => i.y ?? -1),
    tests: prog.map((i) => i.test),
  };
}

/** Whole-value match: threads start at position 0 and succeed only at the end of the value. */
function run(m: Machine, value: string): boolean {
  const { ops, xs, ys, tests } = m;
  const size = ops.length;
  let current = new Int32Array(size);
  let next = new Int32Array(size);
  let currentCount = 0;
  // Generation marks: a state is in a list when onList[state] equals the step's stamp (no clearing per step).
  const onList = new Int32Array(size).fill(-1);
  const stack = new Int32Array(size * 2 + 2);
  const length = value.length;
  let stamp = 0;

  // Follows Split/Jump/assertions from `pc` (at position `pos`, after `prevCp`) and adds the states that consume
  // a character, or Match, to `list`.
  const addClosure = (list: Int32Array, count: number, pc: number, pos: number, prevCp: number): number => {
    let sp = 0;
    stack[sp++] = pc;
    while (sp > 0) {
      const p = stack[--sp]!;
      if (onList[p] === stamp) continue;
      onList[p] = stamp;
      switch (ops[p]) {
        case Op.Jump:
          stack[sp++] = xs[p]!;
          break;
        case Op.Split:
          stack[sp++] = ys[p]!;
          stack[sp++] = xs[p]!;
          break;
        case Op.Start:
          if (pos === 0) stack[sp++] = p + 1;
          break;
        case Op.End:
          if (pos >= length) stack[sp++] = p + 1;
          break;
        case Op.NotBehind:
          if (prevCp < 0 || !tests[p]!(prevCp)) stack[sp++] = p + 1;
          break;
        default:
          list[count++] = p;
      }
    }
    return count;
  };

  currentCount = addClosure(current, 0, 0, 0, -1);
  let pos = 0;
  while (pos < length) {
    if (currentCount === 0) return false;
    const cp = value.codePointAt(pos)!;
    pos += cp > 0xffff ? 2 : 1;
    stamp++;
    let nextCount = 0;
    for (let k = 0; k < currentCount; k++) {
      const p = current[k]!;
      if (ops[p] === Op.Char && tests[p]!(cp)) nextCount = addClosure(next, nextCount, p + 1, pos, cp);
    }
    const swap = current;
    current = next;
    next = swap;
    currentCount = nextCount;
  }
  for (let k = 0; k < currentCount; k++) if (ops[current[k]!] === Op.Match) return true;
  return false;
}
