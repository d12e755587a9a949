/**
 * Is a JSON Schema `pattern` prone to catastrophic backtracking?
 *
 * ajv runs every `pattern` as `new RegExp(pattern, 'u').test(value)`, once per cell, on V8's
 * backtracking engine. When a value does NOT match, the engine tries every way the pattern could
 * have matched it; if the number of ways grows exponentially (`(a+)+`, `(a|a)*`, `(.*)*`) or as a
 * high power of the value's length (`(?:\s*\d\s*){6}`: measured 1.8 s on a 129-character value,
 * 175 s on 249), one bad cell stalls a whole run.
 *
 * The check is static and conservative. The pattern is parsed and turned into a Glushkov automaton
 * (one state per character position, no empty moves) whose distinct paths are the distinct ways the
 * backtracking engine can match: parallel edges are kept, so `(a+)+` has two ways round its one
 * state. Then, with standard results on the ambiguity of automata (Weber & Seidl 1991):
 *
 * - exponential: some state has two different paths back to itself reading the same text (found in
 *   the product of the automaton with itself: a strongly connected component holding a diagonal
 *   pair (q,q) and either an off-diagonal pair or two parallel edges);
 * - polynomial of degree d: a chain of d pairs of distinct looping states p≠q where p→p, p→q and
 *   q→q can all read one same text (found in the product of three copies).
 *
 * A pattern is unsafe when it is exponential or of degree >= {@link DEFAULT_MAX_DEGREE} (3: a
 * 1,000-character cell costs about 10^9 steps). An unanchored pattern (no leading `^`) is searched
 * from every position, which the analysis models as a leading any-character loop.
 *
 * Limits (documented in docs/authoring-lint-test-infer-init.md):
 * - bounded repeats are unrolled exactly up to {32 copies, 1,000 positions}; larger ones are treated
 *   as unbounded (which can only add ambiguity: a false alarm, never a missed one);
 * - a backreference is treated as a fresh copy of its group (over-approximates);
 * - lookarounds are zero-width in the main pattern and their bodies are checked on their own;
 * - `\p{…}` classes are treated as "any character" (may over-report);
 * - quadratic patterns (degree 1–2, such as an unanchored `\s+$`) are accepted;
 * - an analysis that exceeds its step budget says `unknown` rather than guessing.
 *
 * Never throws: any input string gives a verdict.
 */

export type RegexSafetyStatus = 'safe' | 'unsafe' | 'invalid' | 'unknown';

export interface RegexSafety {
  status: RegexSafetyStatus;
  /** Degree of ambiguity: 0 = linear, d = polynomial of degree d, Infinity = exponential. */
  degree: number;
  /** Plain English: why, and roughly where (1-based character position in the pattern). */
  reason: string;
}

export const DEFAULT_MAX_DEGREE = 3;

export interface RegexSafetyOptions {
  /** Degree of polynomial ambiguity from which a pattern is unsafe (default 3). */
  maxDegree?: number;
  /** Work budget (product-automaton steps); beyond it the verdict is `unknown`. */
  budget?: number;
}

// ---------------------------------------------------------------------------------------------
// Character sets: sorted, merged, inclusive code point ranges
// ---------------------------------------------------------------------------------------------

type CharSet = ReadonlyArray<readonly [number, number]>;

const MAX_CP = 0x10ffff;
const ANY: CharSet = [[0, MAX_CP]];

function normalise(ranges: Array<[number, number]>): CharSet {
  const sorted = ranges.filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

function union(...sets: CharSet[]): CharSet {
  return normalise(sets.flatMap((s) => s.map(([a, b]) => [a, b] as [number, number])));
}

function negate(set: CharSet): CharSet {
  const out: Array<[number, number]> = [];
  let next = 0;
  for (const [a, b] of set) {
    if (a > next) out.push([next, a - 1]);
    next = b + 1;
  }
  if (next <= MAX_CP) out.push([next, MAX_CP]);
  return out;
}

function intersect(x: CharSet, y: CharSet): CharSet {
  const out: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const [a1, b1] = x[i]!;
    const [a2, b2] = y[j]!;
    const lo = Math.max(a1, a2);
    const hi = Math.min(b1, b2);
    if (lo <= hi) out.push([lo, hi]);
    if (b1 < b2) i++;
    else j++;
  }
  return out;
}

function intersects(x: CharSet, y: CharSet): boolean {
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const [a1, b1] = x[i]!;
    const [a2, b2] = y[j]!;
    if (Math.max(a1, a2) <= Math.min(b1, b2)) return true;
    if (b1 < b2) i++;
    else j++;
  }
  return false;
}

const single = (c: number): CharSet => [[c, c]];
const DIGIT: CharSet = [[48, 57]];
const WORD: CharSet = normalise([
  [48, 57],
  [65, 90],
  [95, 95],
  [97, 122],
]);
/** ECMAScript WhiteSpace and LineTerminator (the `\s` set). */
const SPACE: CharSet = normalise([
  [9, 13],
  [32, 32],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
]);
const LINE_TERMINATORS: CharSet = normalise([
  [10, 10],
  [13, 13],
  [0x2028, 0x2029],
]);
const DOT: CharSet = negate(LINE_TERMINATORS);

// ---------------------------------------------------------------------------------------------
// Parser (ECMAScript pattern syntax, `u` flag). Input is checked with `new RegExp` first, so the
// parser may be lenient; anything it cannot read gives the verdict `unknown`.
// ---------------------------------------------------------------------------------------------

type Node =
  | { t: 'char'; set: CharSet; at: number }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; alts: Node[] }
  | { t: 'group'; body: Node; index: number; name?: string }
  | { t: 'look'; body: Node }
  | { t: 'rep'; body: Node; min: number; max: number; at: number }
  | { t: 'assert'; kind: '^' | '$' | 'b' }
  | { t: 'backref'; index?: number; name?: string };

class Unsupported extends Error {}

class Parser {
  private i = 0;
  private readonly cps: number[];
  private groupCount = 0;
  readonly groups = new Map<number, Extract<Node, { t: 'group' }>>();
  readonly named = new Map<string, Extract<Node, { t: 'group' }>>();

  constructor(pattern: string) {
    this.cps = Array.from(pattern, (c) => c.codePointAt(0) ?? 0);
  }

  parse(): Node {
    const node = this.disjunction();
    if (this.i < this.cps.length) throw new Unsupported(`unexpected character at ${this.i + 1}`);
    return node;
  }

  private peek(offset = 0): number | undefined {
    return this.cps[this.i + offset];
  }

  private eat(c: string): boolean {
    if (this.peek() === c.codePointAt(0)) {
      this.i++;
      return true;
    }
    return false;
  }

  private disjunction(): Node {
    const alts = [this.alternative()];
    while (this.eat('|')) alts.push(this.alternative());
    return alts.length === 1 ? alts[0]! : { t: 'alt', alts };
  }

  private alternative(): Node {
    const items: Node[] = [];
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === 0x7c /* | */ || c === 0x29 /* ) */) break;
      items.push(this.term());
    }
    return { t: 'seq', items };
  }

  private term(): Node {
    const start = this.i;
    const c = this.peek()!;
    if (c === 0x5e /* ^ */) {
      this.i++;
      return { t: 'assert', kind: '^' };
    }
    if (c === 0x24 /* $ */) {
      this.i++;
      return { t: 'assert', kind: '$' };
    }
    if (c === 0x5c /* \ */ && (this.peek(1) === 0x62 || this.peek(1) === 0x42) /* b B */) {
      this.i += 2;
      return { t: 'assert', kind: 'b' };
    }
    let atom: Node;
    if (c === 0x28 /* ( */) atom = this.group();
    else atom = this.atom();
    return this.quantified(atom, start);
  }

  private quantified(atom: Node, start: number): Node {
    let min: number;
    let max: number;
    const c = this.peek();
    if (c === 0x2a /* * */) {
      this.i++;
      min = 0;
      max = Number.POSITIVE_INFINITY;
    } else if (c === 0x2b /* + */) {
      this.i++;
      min = 1;
      max = Number.POSITIVE_INFINITY;
    } else if (c === 0x3f /* ? */) {
      this.i++;
      min = 0;
      max = 1;
    } else if (c === 0x7b /* { */) {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(String.fromCodePoint(...this.cps.slice(this.i, this.i + 40)));
      if (!m) throw new Unsupported('brace');
      this.i += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3]);
    } else {
      return atom;
    }
    this.eat('?'); // lazy: the same ways to match, tried in another order
    if (atom.t === 'assert') return atom;
    return { t: 'rep', body: atom, min, max, at: start };
  }

  private group(): Node {
    this.i++; // (
    if (this.eat('?')) {
      if (this.eat(':')) return this.close(this.disjunction());
      if (this.eat('=') || this.eat('!')) return this.close({ t: 'look', body: this.disjunction() });
      if (this.peek() === 0x3c /* < */ && (this.peek(1) === 0x3d || this.peek(1) === 0x21) /* = ! */) {
        this.i += 2;
        return this.close({ t: 'look', body: this.disjunction() });
      }
      if (this.eat('<')) {
        let name = '';
        while (this.peek() !== undefined && this.peek() !== 0x3e /* > */)
          name += String.fromCodePoint(this.cps[this.i++]!);
        if (!this.eat('>')) throw new Unsupported('group name');
        const index = ++this.groupCount;
        const node: Extract<Node, { t: 'group' }> = {
          t: 'group',
          body: { t: 'seq', items: [] },
          index,
          name,
        };
        this.groups.set(index, node);
        this.named.set(name, node);
        node.body = this.disjunction();
        return this.close(node);
      }
      throw new Unsupported('group modifier');
    }
    const index = ++this.groupCount;
    const node: Extract<Node, { t: 'group' }> = { t: 'group', body: { t: 'seq', items: [] }, index };
    this.groups.set(index, node);
    node.body = this.disjunction();
    return this.close(node);
  }

  private close(node: Node): Node {
    if (!this.eat(')')) throw new Unsupported('unclosed group');
    return node;
  }

  private atom(): Node {
    const at = this.i;
    const c = this.cps[this.i++]!;
    if (c === 0x2e /* . */) return { t: 'char', set: DOT, at };
    if (c === 0x5b /* [ */) return { t: 'char', set: this.charClass(), at };
    if (c === 0x5c /* \ */) {
      const e = this.escape(false);
      if (typeof e === 'object' && !Array.isArray(e)) return e as Node;
      return { t: 'char', set: e as CharSet, at };
    }
    return { t: 'char', set: single(c), at };
  }

  /** After a backslash. Outside a class, may return a backreference node. */
  private escape(inClass: boolean): CharSet | Node {
    const c = this.cps[this.i++];
    if (c === undefined) throw new Unsupported('trailing backslash');
    const ch = String.fromCodePoint(c);
    switch (ch) {
      case 'd':
        return DIGIT;
      case 'D':
        return negate(DIGIT);
      case 'w':
        return WORD;
      case 'W':
        return negate(WORD);
      case 's':
        return SPACE;
      case 'S':
        return negate(SPACE);
      case 'p':
      case 'P': {
        // Unicode property classes: not modelled, so "any character" (may over-report).
        if (this.eat('{')) while (this.peek() !== undefined && !this.eat('}')) this.i++;
        return ANY;
      }
      case 't':
        return single(9);
      case 'n':
        return single(10);
      case 'v':
        return single(11);
      case 'f':
        return single(12);
      case 'r':
        return single(13);
      case 'b':
        return single(8); // only reached inside a class: backspace
      case 'c': {
        const l = this.cps[this.i++] ?? 64;
        return single(l % 32);
      }
      case 'x': {
        const hex = String.fromCodePoint(...this.cps.slice(this.i, this.i + 2));
        this.i += 2;
        return single(Number.parseInt(hex, 16) || 0);
      }
      case 'u': {
        if (this.eat('{')) {
          let hex = '';
          while (this.peek() !== undefined && this.peek() !== 0x7d)
            hex += String.fromCodePoint(this.cps[this.i++]!);
          this.eat('}');
          return single(Math.min(Number.parseInt(hex, 16) || 0, MAX_CP));
        }
        const hex = String.fromCodePoint(...this.cps.slice(this.i, this.i + 4));
        this.i += 4;
        return single(Number.parseInt(hex, 16) || 0);
      }
      case 'k': {
        if (inClass) return single(c);
        if (!this.eat('<')) throw new Unsupported('\\k');
        let name = '';
        while (this.peek() !== undefined && this.peek() !== 0x3e)
          name += String.fromCodePoint(this.cps[this.i++]!);
        this.eat('>');
        return { t: 'backref', name };
      }
      default:
        break;
    }
    if (c >= 0x31 && c <= 0x39 && !inClass) {
      let digits = ch;
      while (this.peek() !== undefined && this.peek()! >= 0x30 && this.peek()! <= 0x39) {
        digits += String.fromCodePoint(this.cps[this.i++]!);
      }
      return { t: 'backref', index: Number(digits) };
    }
    if (c === 0x30) return single(0);
    return single(c); // identity escape: \. \/ \- \\ …
  }

  private charClass(): CharSet {
    const negated = this.eat('^');
    const parts: CharSet[] = [];
    const atom = (): CharSet | null => {
      const c = this.cps[this.i++];
      if (c === undefined) throw new Unsupported('unclosed class');
      if (c === 0x5c) {
        const e = this.escape(true);
        return Array.isArray(e) ? (e as CharSet) : ANY;
      }
      return single(c);
    };
    while (this.peek() !== undefined && this.peek() !== 0x5d /* ] */) {
      const from = atom()!;
      if (this.peek() === 0x2d /* - */ && this.peek(1) !== undefined && this.peek(1) !== 0x5d) {
        this.i++;
        const to = atom()!;
        if (from.length === 1 && to.length === 1 && from[0]![0] === from[0]![1] && to[0]![0] === to[0]![1]) {
          parts.push([[from[0]![0], to[0]![0]]]);
        } else {
          parts.push(from, to, single(0x2d));
        }
      } else {
        parts.push(from);
      }
    }
    if (!this.eat(']')) throw new Unsupported('unclosed class');
    const set = union(...parts);
    return negated ? negate(set) : set;
  }
}

// ---------------------------------------------------------------------------------------------
// Glushkov automaton with parallel edges kept
// ---------------------------------------------------------------------------------------------

class TooComplex extends Error {}

const MAX_POSITIONS = 4000;
const UNROLL_COPIES = 32;
const UNROLL_POSITIONS = 1000;

interface Frag {
  first: number[];
  last: number[];
  nullable: boolean;
}

const EMPTY: Frag = { first: [], last: [], nullable: true };

class Automaton {
  /** Character class read when entering each position; position 0 is the start state. */
  readonly classes: CharSet[] = [[]];
  /** Source offset of each position (for messages). */
  readonly at: number[] = [0];
  /** Outgoing edges; duplicates are distinct ways to move (parallel edges). */
  readonly edges: number[][] = [[]];
  readonly lookBodies: Node[] = [];
  private readonly building = new Set<Node>();

  constructor(
    private readonly parser: Parser,
    /** Bounded repeats to build as unbounded (to expose ambiguity that unrolling hides). */
    private readonly loopify: ReadonlySet<Node> = new Set(),
  ) {}

  private position(set: CharSet, at: number): number {
    if (this.classes.length >= MAX_POSITIONS) throw new TooComplex();
    this.classes.push(set);
    this.at.push(at);
    this.edges.push([]);
    return this.classes.length - 1;
  }

  connect(from: readonly number[], to: readonly number[]): void {
    for (const f of from) {
      const list = this.edges[f]!;
      for (const t of to) list.push(t);
      if (list.length > 200_000) throw new TooComplex();
    }
  }

  build(node: Node): Frag {
    switch (node.t) {
      case 'char': {
        const p = this.position(node.set, node.at);
        return { first: [p], last: [p], nullable: false };
      }
      case 'seq': {
        let acc = EMPTY;
        for (const item of node.items) acc = this.concat(acc, this.build(item));
        return acc;
      }
      case 'alt': {
        const parts = node.alts.map((a) => this.build(a));
        return {
          first: parts.flatMap((p) => p.first),
          last: parts.flatMap((p) => p.last),
          nullable: parts.some((p) => p.nullable),
        };
      }
      case 'group': {
        this.building.add(node);
        try {
          return this.build(node.body);
        } finally {
          this.building.delete(node);
        }
      }
      case 'look':
        this.lookBodies.push(node.body);
        return EMPTY;
      case 'assert':
        return EMPTY;
      case 'backref': {
        const group =
          node.name !== undefined
            ? this.parser.named.get(node.name)
            : this.parser.groups.get(node.index ?? -1);
        if (!group || this.building.has(group)) return EMPTY;
        // A copy of what the group can match (the engine needs the same text; this over-approximates).
        return { ...this.build(group.body), nullable: true };
      }
      case 'rep':
        return this.repeat(node);
    }
  }

  private concat(a: Frag, b: Frag): Frag {
    this.connect(a.last, b.first);
    return {
      first: a.nullable ? [...a.first, ...b.first] : a.first,
      last: b.nullable ? [...b.last, ...a.last] : b.last,
      nullable: a.nullable && b.nullable,
    };
  }

  private loop(f: Frag): Frag {
    this.connect(f.last, f.first);
    return f;
  }

  private repeat(node: Extract<Node, { t: 'rep' }>): Frag {
    const { body, min, max } = node;
    if (max === 0) return EMPTY;
    const size = positionsIn(body);
    if (
      !this.loopify.has(node) &&
      Number.isFinite(max) &&
      max <= UNROLL_COPIES &&
      size * max <= UNROLL_POSITIONS
    ) {
      // Exact: min copies, then (max - min) nested optional copies, as the engine decides "one
      // more or stop" at each count: X{1,3} = X (X (X)?)?
      let acc = EMPTY;
      for (let k = 0; k < min; k++) acc = this.concat(acc, this.build(body));
      if (max > min) acc = this.concat(acc, this.optionalChain(body, max - min));
      return acc;
    }
    // Unbounded (or too big to unroll, treated as unbounded): X{m,} = X^(m-1) X+, capped at 3 copies.
    const copies = Math.min(min, 3);
    if (copies === 0) return { ...this.loop(this.build(body)), nullable: true };
    let acc = EMPTY;
    for (let k = 0; k < copies - 1; k++) acc = this.concat(acc, this.build(body));
    return this.concat(acc, this.loop(this.build(body)));
  }

  private optionalChain(body: Node, count: number): Frag {
    const head = this.build(body);
    const tail = count > 1 ? this.optionalChain(body, count - 1) : EMPTY;
    const both = this.concat(head, tail);
    return { ...both, nullable: true };
  }
}

function positionsIn(node: Node): number {
  switch (node.t) {
    case 'char':
      return 1;
    case 'seq':
      return node.items.reduce((n, i) => n + positionsIn(i), 0);
    case 'alt':
      return node.alts.reduce((n, i) => n + positionsIn(i), 0);
    case 'group':
      return positionsIn(node.body);
    case 'rep':
      return positionsIn(node.body) * (Number.isFinite(node.max) ? Math.max(1, Math.min(node.max, 64)) : 2);
    case 'backref':
      return 4;
    default:
      return 0;
  }
}

function anchoredAtStart(node: Node): boolean {
  if (node.t === 'alt') return node.alts.every(anchoredAtStart);
  if (node.t === 'group') return anchoredAtStart(node.body);
  if (node.t === 'seq') {
    for (const item of node.items) {
      if (item.t === 'assert') return item.kind === '^';
      if (item.t === 'look') continue;
      return anchoredAtStart(item);
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Ambiguity analysis
// ---------------------------------------------------------------------------------------------

class Budget {
  constructor(private left: number) {}
  spend(n = 1): void {
    this.left -= n;
    if (this.left < 0) throw new TooComplex();
  }
}

/** Tarjan's strongly connected components, iteratively (patterns can make deep graphs). */
function scc(nodeCount: number, succ: (v: number) => readonly number[]): Int32Array {
  const index = new Int32Array(nodeCount).fill(-1);
  const low = new Int32Array(nodeCount);
  const comp = new Int32Array(nodeCount).fill(-1);
  const onStack = new Uint8Array(nodeCount);
  const stack: number[] = [];
  let counter = 0;
  let compCount = 0;
  for (let root = 0; root < nodeCount; root++) {
    if (index[root] !== -1) continue;
    const work: Array<[number, number]> = [[root, 0]];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const [v, i] = frame;
      const next = succ(v);
      if (i < next.length) {
        frame[1]++;
        const w = next[i]!;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          work.push([w, 0]);
        } else if (onStack[w]) {
          low[v] = Math.min(low[v]!, index[w]!);
        }
      } else {
        work.pop();
        const parent = work[work.length - 1];
        if (parent) low[parent[0]] = Math.min(low[parent[0]]!, low[v]!);
        if (low[v] === index[v]) {
          let w: number;
          do {
            w = stack.pop()!;
            onStack[w] = 0;
            comp[w] = compCount;
          } while (w !== v);
          compCount++;
        }
      }
    }
  }
  return comp;
}

/** Returns the source offset of a state that can loop back to itself in two ways, or -1. */
function exponentialAt(a: Automaton, budget: Budget): number {
  const n = a.classes.length;
  const ids = new Map<number, number>();
  const keys: number[] = [];
  const succ: number[][] = [];
  const divergent: Array<[number, number]> = [];
  const idOf = (x: number, y: number): number => {
    const key = x * n + y;
    let id = ids.get(key);
    if (id === undefined) {
      id = keys.length;
      ids.set(key, id);
      keys.push(key);
      succ.push([]);
      queue.push(id);
    }
    return id;
  };
  const queue: number[] = [];
  for (let q = 1; q < n; q++) idOf(q, q);
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head]!;
    const key = keys[id]!;
    const x = Math.floor(key / n);
    const y = key % n;
    const ex = a.edges[x]!;
    const ey = a.edges[y]!;
    budget.spend(ex.length * ey.length + 1);
    for (let i = 0; i < ex.length; i++) {
      const x2 = ex[i]!;
      for (let j = 0; j < ey.length; j++) {
        const y2 = ey[j]!;
        if (!intersects(a.classes[x2]!, a.classes[y2]!)) continue;
        const to = idOf(x2, y2);
        succ[id]!.push(to);
        if (x === y && x2 === y2 && i !== j) divergent.push([id, to]);
      }
    }
  }
  const comp = scc(keys.length, (v) => succ[v]!);
  const hasDiagonal = new Map<number, number>();
  const hasOff = new Set<number>();
  const sizes = new Map<number, number>();
  keys.forEach((key, id) => {
    const c = comp[id]!;
    sizes.set(c, (sizes.get(c) ?? 0) + 1);
    const x = Math.floor(key / n);
    if (x === key % n) {
      if (!hasDiagonal.has(c)) hasDiagonal.set(c, x);
    } else {
      hasOff.add(c);
    }
  });
  for (const [c, x] of hasDiagonal) if (hasOff.has(c)) return a.at[x] ?? 0;
  for (const [from, to] of divergent) {
    if (comp[from] === comp[to]) return a.at[Math.floor(keys[from]! / n)] ?? 0;
  }
  return -1;
}

/** Longest chain of IDA pairs (Weber & Seidl): the degree of polynomial ambiguity. */
function polynomialDegree(a: Automaton, budget: Budget): { degree: number; at: number } {
  const n = a.classes.length;
  const comp = scc(n, (v) => a.edges[v]!);
  const cyclic: number[] = [];
  for (let v = 1; v < n; v++) {
    const c = comp[v]!;
    if (a.edges[v]!.some((w) => comp[w] === c)) cyclic.push(v);
  }
  if (cyclic.length < 2) return { degree: 0, at: 0 };
  if (cyclic.length > 400) throw new TooComplex();
  // Forward reachability from each looping state.
  const reach = new Map<number, Uint8Array>();
  for (const p of cyclic) {
    const seen = new Uint8Array(n);
    const stack = [p];
    seen[p] = 1;
    while (stack.length) {
      const v = stack.pop()!;
      budget.spend(a.edges[v]!.length + 1);
      for (const w of a.edges[v]!) {
        if (!seen[w]) {
          seen[w] = 1;
          stack.push(w);
        }
      }
    }
    reach.set(p, seen);
  }
  const pairs: Array<[number, number]> = [];
  for (const p of cyclic) {
    for (const q of cyclic) {
      if (p === q || comp[p] === comp[q] || !reach.get(p)![q]) continue;
      if (idaPair(a, comp, reach, p, q, budget)) pairs.push([p, q]);
    }
  }
  if (pairs.length === 0) return { degree: 0, at: 0 };
  // Longest chain: (p1,q1) then (p2,q2) when q1 reaches p2.
  const memo = new Map<number, number>();
  const visiting = new Set<number>();
  const longest = (i: number): number => {
    const known = memo.get(i);
    if (known !== undefined) return known;
    if (visiting.has(i)) return Number.POSITIVE_INFINITY;
    visiting.add(i);
    const q = pairs[i]![1];
    let best = 1;
    pairs.forEach(([p2], j) => {
      if (j !== i && reach.get(q)![p2]) best = Math.max(best, 1 + longest(j));
    });
    visiting.delete(i);
    memo.set(i, best);
    return best;
  };
  let degree = 0;
  let at = 0;
  pairs.forEach((pair, i) => {
    const d = longest(i);
    if (d > degree) {
      degree = d;
      at = a.at[pair[0]] ?? 0;
    }
  });
  return { degree, at };
}

/** Can p→p, p→q and q→q read one same non-empty text? (Breadth-first in the triple product.) */
function idaPair(
  a: Automaton,
  comp: Int32Array,
  reach: Map<number, Uint8Array>,
  p: number,
  q: number,
  budget: Budget,
): boolean {
  const n = a.classes.length;
  const cp = comp[p]!;
  const cq = comp[q]!;
  const fromP = reach.get(p)!;
  // The middle path goes from p to q: every state on it is reachable from p and reaches q.
  const reachesQ = (v: number): boolean => v === q || canReach(a, v, q);
  const seen = new Set<string>();
  const queue: Array<[number, number, number]> = [[p, p, q]];
  seen.add(`${p},${p},${q}`);
  for (let head = 0; head < queue.length; head++) {
    const [x, y, z] = queue[head]!;
    const ex = a.edges[x]!;
    const ey = a.edges[y]!;
    const ez = a.edges[z]!;
    budget.spend(ex.length * ey.length + ez.length + 1);
    for (const x2 of ex) {
      if (comp[x2] !== cp) continue;
      for (const y2 of ey) {
        if (!fromP[y2] || !reachesQ(y2)) continue;
        const xy = intersect(a.classes[x2]!, a.classes[y2]!);
        if (xy.length === 0) continue;
        for (const z2 of ez) {
          if (comp[z2] !== cq || !intersects(xy, a.classes[z2]!)) continue;
          if (x2 === p && y2 === q && z2 === q) return true;
          const key = `${x2},${y2},${z2}`;
          if (!seen.has(key)) {
            seen.add(key);
            queue.push([x2, y2, z2]);
            if (seen.size > n * 64 + 100_000) throw new TooComplex();
          }
        }
      }
    }
  }
  return false;
}

const canReachCache = new WeakMap<Automaton, Map<number, Uint8Array>>();
function canReach(a: Automaton, from: number, to: number): boolean {
  let cache = canReachCache.get(a);
  if (!cache) {
    cache = new Map();
    canReachCache.set(a, cache);
  }
  let seen = cache.get(from);
  if (!seen) {
    seen = new Uint8Array(a.classes.length);
    const stack = [from];
    seen[from] = 1;
    while (stack.length) {
      const v = stack.pop()!;
      for (const w of a.edges[v]!) {
        if (!seen[w]) {
          seen[w] = 1;
          stack.push(w);
        }
      }
    }
    cache.set(from, seen);
  }
  return seen[to] === 1;
}

interface Analysis {
  degree: number;
  at: number;
  /** Set when the ambiguity is exponential in the count of this bounded repeat ({m,max}). */
  bound?: number;
}

/** Bounded repeats unrolled exactly whose count is big enough for 2^count ways to hurt. */
const BOUNDED_EXPONENTIAL_MIN = 10;

function boundedRepeats(
  node: Node,
  out: Array<Extract<Node, { t: 'rep' }>> = [],
): Array<Extract<Node, { t: 'rep' }>> {
  switch (node.t) {
    case 'seq':
      for (const i of node.items) boundedRepeats(i, out);
      break;
    case 'alt':
      for (const i of node.alts) boundedRepeats(i, out);
      break;
    case 'group':
    case 'look':
      boundedRepeats(node.body, out);
      break;
    case 'rep':
      if (Number.isFinite(node.max) && node.max >= BOUNDED_EXPONENTIAL_MIN && node.max <= UNROLL_COPIES)
        out.push(node);
      boundedRepeats(node.body, out);
      break;
    default:
      break;
  }
  return out;
}

function buildAutomaton(
  root: Node,
  parser: Parser,
  anchored: boolean,
  loopify: ReadonlySet<Node>,
): Automaton {
  const a = new Automaton(parser, loopify);
  const frag = a.build(root);
  let start = [0];
  if (!anchored) {
    // Searched from every position: a leading "any character" loop.
    const s = a.classes.length;
    a.classes.push(ANY);
    a.at.push(0);
    a.edges.push([]);
    a.connect([0], [s]);
    a.connect([s], [s]);
    start = [0, s];
  }
  a.connect(start, frag.first);
  return a;
}

function analyse(
  root: Node,
  parser: Parser,
  anchored: boolean,
  budget: Budget,
  maxDegree: number,
  depth = 0,
): Analysis {
  const a = buildAutomaton(root, parser, anchored, new Set());
  const expAt = exponentialAt(a, budget);
  let result: Analysis =
    expAt >= 0 ? { degree: Number.POSITIVE_INFINITY, at: expAt } : polynomialDegree(a, budget);
  if (result.degree < maxDegree) {
    // An unrolled {m,max} has finitely many ways per text, but up to (ways per copy)^max of them:
    // `(a|a){25}` is exponential in 25. Build each such repeat as a loop and look for two ways round.
    for (const rep of boundedRepeats(root)) {
      const looped = buildAutomaton(root, parser, anchored, new Set([rep]));
      if (exponentialAt(looped, budget) >= 0) {
        result = { degree: Number.POSITIVE_INFINITY, at: rep.at, bound: rep.max };
        break;
      }
    }
  }
  // Lookaround bodies run at one position each: check them as anchored patterns of their own.
  if (depth < 4) {
    for (const body of a.lookBodies) {
      const inner = analyse(body, parser, true, budget, maxDegree, depth + 1);
      if (inner.degree > result.degree) result = inner;
    }
  }
  return result;
}

/**
 * Check one pattern. `invalid` when it does not compile with the `u` flag (what ajv uses);
 * `unsafe` when exponential or of polynomial degree >= maxDegree; `unknown` when the pattern uses
 * syntax the analysis does not read or exceeds the budget.
 */
export function checkRegexSafety(pattern: string, options: RegexSafetyOptions = {}): RegexSafety {
  const maxDegree = options.maxDegree ?? DEFAULT_MAX_DEGREE;
  try {
    new RegExp(pattern, 'u');
  } catch (e) {
    const why = e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e);
    return {
      status: 'invalid',
      degree: 0,
      reason: `does not compile as a JavaScript regular expression with the 'u' flag (${why})`,
    };
  }
  try {
    const parser = new Parser(pattern);
    const root = parser.parse();
    const { degree, at, bound } = analyse(
      root,
      parser,
      anchoredAtStart(root),
      new Budget(options.budget ?? 3_000_000),
      maxDegree,
    );
    const where = `near character ${at + 1}`;
    if (degree === Number.POSITIVE_INFINITY && bound !== undefined) {
      return {
        status: 'unsafe',
        degree,
        reason: `a repetition of up to ${bound} copies can match the same text in more than one way in each copy (${where}): checking a value that does not match can take 2^${bound} steps`,
      };
    }
    if (degree === Number.POSITIVE_INFINITY) {
      return {
        status: 'unsafe',
        degree,
        reason: `a repetition can match the same text in more than one way (${where}): checking a value that does not match takes exponential time`,
      };
    }
    if (degree >= maxDegree) {
      return {
        status: 'unsafe',
        degree,
        reason: `${degree} repetitions in a row can share out the same text (${where}): checking a value that does not match takes time growing with the ${ordinal(degree)} power of its length`,
      };
    }
    return {
      status: 'safe',
      degree,
      reason: degree === 0 ? 'linear' : `polynomial of degree ${degree} (accepted)`,
    };
  } catch (e) {
    if (e instanceof TooComplex) {
      return { status: 'unknown', degree: 0, reason: 'too complex to analyse within the budget' };
    }
    if (e instanceof Unsupported) {
      return {
        status: 'unknown',
        degree: 0,
        reason: `uses syntax the safety check does not read (${e.message})`,
      };
    }
    // Never throw (e.g. a stack overflow on absurd nesting): say we could not tell.
    return { status: 'unknown', degree: 0, reason: 'could not be analysed' };
  }
}

function ordinal(n: number): string {
  const words = [
    'zeroth',
    'first',
    'second',
    'third',
    'fourth',
    'fifth',
    'sixth',
    'seventh',
    'eighth',
    'ninth',
  ];
  return words[n] ?? `${n}th`;
}
