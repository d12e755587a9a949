/**
 * Is a changed `pattern` a loosening? In general that is language inclusion between regexes, which
 * this does not attempt. It proves loosening in two shapes authors actually write, and otherwise
 * answers "not proven" (diff then calls the change breaking, to be safe):
 *
 * 1. Wider quantifiers: the same pattern with every quantifier's range containing the old one
 *    (`^[0-9]{3}$` → `^[0-9]{3,5}$`, `[A-Z]` → `[A-Z]+`). Regex languages grow with quantifier ranges,
 *    except under negative lookarounds, so patterns with `(?!` or `(?<!` are never "proven".
 * 2. More alternatives: every top-level alternative of the old pattern is (by 1.) within one of the
 *    new pattern's (`^(?:A|B)$` → `^(?:A|B|C)$`). `^(?:A|B)$` is read as `^A$|^B$`, which is the same
 *    language: concatenation distributes over alternation.
 */

interface Token {
  /** Source text of the token (for a quantifier: normalised, see below). */
  text: string;
  kind: 'atom' | 'open' | 'close' | 'alt' | 'anchor' | 'quant';
  min?: number;
  max?: number;
}

const QUANT = /^\{([0-9]+)(,([0-9]*))?\}\??/;

/** Tokens of a regex source; undefined when it uses something this module does not reason about. */
export function tokenize(src: string): Token[] | undefined {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) return undefined;
      let j = i + 2;
      if ((n === 'u' || n === 'p' || n === 'P') && src[j] === '{') {
        const end = src.indexOf('}', j);
        if (end === -1) return undefined;
        j = end + 1;
      } else if (n === 'u' && /^[0-9a-fA-F]{4}/.test(src.slice(j))) j += 4;
      else if (n === 'x' && /^[0-9a-fA-F]{2}/.test(src.slice(j))) j += 2;
      else if (n === 'c' && /^[A-Za-z]/.test(src.slice(j))) j += 1;
      else if (n === 'k' && src[j] === '<') {
        const end = src.indexOf('>', j);
        if (end === -1) return undefined;
        j = end + 1;
      }
      const text = src.slice(i, j);
      out.push({ text, kind: n === 'b' || n === 'B' ? 'anchor' : 'atom' });
      i = j;
      continue;
    }
    if (c === '[') {
      let j = i + 1;
      if (src[j] === '^') j++;
      if (src[j] === ']') j++; // `[]` is an empty class in JS; `[]]` is not special-cased further
      while (j < src.length && src[j] !== ']') j += src[j] === '\\' ? 2 : 1;
      if (j >= src.length) return undefined;
      out.push({ text: src.slice(i, j + 1), kind: 'atom' });
      i = j + 1;
      continue;
    }
    if (c === '(') {
      const m = /^\((\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>))?/.exec(src.slice(i))!;
      if (m[0] === '(?!' || m[0] === '(?<!') return undefined;
      out.push({ text: m[0], kind: 'open' });
      i += m[0].length;
      continue;
    }
    if (c === ')') {
      out.push({ text: ')', kind: 'close' });
      i++;
      continue;
    }
    if (c === '|') {
      out.push({ text: '|', kind: 'alt' });
      i++;
      continue;
    }
    if (c === '^' || c === '$') {
      out.push({ text: c, kind: 'anchor' });
      i++;
      continue;
    }
    if (c === '*' || c === '+' || c === '?') {
      const min = c === '+' ? 1 : 0;
      const max = c === '?' ? 1 : Number.POSITIVE_INFINITY;
      const lazy = src[i + 1] === '?' ? 1 : 0;
      out.push({ text: 'Q', kind: 'quant', min, max });
      i += 1 + lazy;
      continue;
    }
    if (c === '{') {
      const m = QUANT.exec(src.slice(i));
      if (m) {
        const min = Number(m[1]);
        const max = m[2] === undefined ? min : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3]);
        out.push({ text: 'Q', kind: 'quant', min, max });
        i += m[0].length;
        continue;
      }
    }
    out.push({ text: c, kind: 'atom' });
    i++;
  }
  // Every quantifiable atom gets an explicit {1,1} so `[0-9]` and `[0-9]{1,3}` line up.
  const norm: Token[] = [];
  out.forEach((t, k) => {
    norm.push(t);
    const quantifiable = t.kind === 'atom' || t.kind === 'close';
    if (quantifiable && out[k + 1]?.kind !== 'quant') norm.push({ text: 'Q', kind: 'quant', min: 1, max: 1 });
  });
  return norm;
}

/** Old ⊆ new by quantifier widening on an identical skeleton. */
function widens(oldTokens: Token[], newTokens: Token[]): boolean {
  if (oldTokens.length !== newTokens.length) return false;
  for (let k = 0; k < oldTokens.length; k++) {
    const a = oldTokens[k]!;
    const b = newTokens[k]!;
    if (a.kind !== b.kind || a.text !== b.text) return false;
    if (a.kind === 'quant' && !((b.min ?? 1) <= (a.min ?? 1) && (b.max ?? 1) >= (a.max ?? 1))) return false;
  }
  return true;
}

/** Split at top-level `|`. */
function splitTop(tokens: Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'open') depth++;
    if (t.kind === 'close') depth--;
    if (t.kind === 'alt' && depth === 0) parts.push([]);
    else parts[parts.length - 1]!.push(t);
  }
  return parts;
}

/** Top-level alternatives, distributing `^(?:A|B)$` into `^A$`, `^B$`. */
function alternatives(tokens: Token[]): Token[][] {
  const top = splitTop(tokens);
  if (top.length > 1) return top;
  let start = 0;
  let end = tokens.length;
  const prefix: Token[] = [];
  const suffix: Token[] = [];
  if (tokens[0]?.text === '^') {
    prefix.push(tokens[0]);
    start = 1;
  }
  if (tokens[end - 1]?.text === '$') {
    suffix.unshift(tokens[end - 1]!);
    end--;
  }
  // The middle must be one non-capturing group with an implicit {1,1}: `(?: … )` Q.
  const open = tokens[start];
  const q = tokens[end - 1];
  const close = tokens[end - 2];
  if (open?.text !== '(?:' || close?.kind !== 'close' || q?.kind !== 'quant' || q.min !== 1 || q.max !== 1)
    return top;
  let depth = 0;
  for (let k = start; k < end - 1; k++) {
    const t = tokens[k]!;
    if (t.kind === 'open') depth++;
    if (t.kind === 'close') depth--;
    if (depth === 0 && k < end - 2) return top; // the group closes before the end
  }
  const inner = splitTop(tokens.slice(start + 1, end - 2));
  return inner.map((alt) => [...prefix, ...alt, ...suffix]);
}

/** True when every string matching `oldPattern` provably matches `newPattern`. */
export function provablyLooser(oldPattern: string, newPattern: string): boolean {
  if (oldPattern === newPattern) return true;
  const a = tokenize(oldPattern);
  const b = tokenize(newPattern);
  if (!a || !b) return false;
  // Capturing groups renumber backreferences when alternatives move: only reason about patterns without them.
  if ([...a, ...b].some((t) => t.text === '(' || /^\\[1-9]/.test(t.text) || t.text.startsWith('\\k'))) {
    return widens(a, b);
  }
  const newAlts = alternatives(b);
  return alternatives(a).every((alt) => newAlts.some((n) => widens(alt, n)));
}

/** Formats whose accepted values include all of another's (old → newer, looser names). */
const FORMAT_SUPERSETS: Readonly<Record<string, readonly string[]>> = {
  'uk-date': ['uk-or-iso-date'],
  date: ['uk-or-iso-date'],
};

export function formatLooser(oldFormat: string, newFormat: string): boolean {
  return oldFormat === newFormat || (FORMAT_SUPERSETS[oldFormat]?.includes(newFormat) ?? false);
}

/** Types accepted by `newTypes` include every value `oldTypes` accepted (integer ⊂ number; no type = any). */
export function typesLooser(
  oldTypes: readonly string[] | undefined,
  newTypes: readonly string[] | undefined,
): boolean {
  if (newTypes === undefined || newTypes.length === 0) return true;
  if (oldTypes === undefined || oldTypes.length === 0) return false;
  return oldTypes.every((t) => newTypes.includes(t) || (t === 'integer' && newTypes.includes('number')));
}
