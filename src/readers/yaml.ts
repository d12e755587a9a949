/**
 * The YAML reader: one record per document (`---` separated), parsed with the `yaml` package.
 *
 * Streaming: the text is cut into documents at `---` / `...` markers in column 0 (YAML forbids
 * those lines inside content, so this is exact), one document at a time, so memory is bounded by
 * the largest document. Each is parsed with parseDocument and converted with toJS. Directives and
 * comments before a `---` stay with the document they introduce. Documents with no content
 * (empty, or only comments) are not records.
 *
 * Semantics: always the YAML 1.2 core schema, even under a `%YAML 1.1` directive, so `no`, `on`,
 * `yes` stay strings and `012` is a number, never a sexagesimal or boolean surprise. Alias
 * expansion is limited (maxAliasCount) so a "billion laughs" document is an error, not an outage.
 *
 * Errors: a document with a syntax error is one `parse/yaml` error (its first problem, with the
 * line) and reading goes on with the next document. Messages come from a fixed table keyed by the
 * `yaml` error code, because the package's own messages quote the source text.
 *
 * `line` is the line where the document's content starts (after a `---` line and comments).
 * Line breaks are LF or CRLF (a lone CR is not a YAML line break we split on).
 */
import { LineCounter, parseDocument } from 'yaml';
import { batchSizeOf } from './common.js';
import { openText } from './decode.js';
import type { DocumentInput, DocumentRecord, Reader, ReaderSink } from './types.js';

/** Alias nodes a document may expand (the `yaml` package weighs each by the size of what it copies). */
export const MAX_ALIAS_COUNT = 100;
/** A document longer than this is reported and skipped instead of being buffered. */
export const MAX_DOCUMENT_CHARS = 64 * 1024 * 1024;
/**
 * Documents whose estimated nesting exceeds this are reported and not parsed. Needed: on Node 20,
 * parsing a document nested ~1000 deep with `yaml` can abort the whole process (a fatal V8
 * "RegExpCompiler Allocation failed" deep in the recursion), which no try/catch can stop.
 * The estimate (indentation + block indicators on a line + open flow brackets) is never lower
 * than the real depth, and real exports are nowhere near it.
 */
export const MAX_NESTING = 256;

const YAML_ERRORS: Readonly<Record<string, string>> = {
  ALIAS_PROPS: 'an alias cannot have an anchor or a tag',
  BAD_ALIAS: 'an alias is not valid',
  BAD_DIRECTIVE: 'a directive is not valid',
  BAD_DQ_ESCAPE: 'a double-quoted string has an invalid escape sequence',
  BAD_INDENT: 'the indentation is not valid (or a bracket is not closed)',
  BAD_PROP_ORDER: 'an anchor or tag is in the wrong place',
  BAD_SCALAR_START: 'a plain value starts with a character that is not allowed there',
  BLOCK_AS_IMPLICIT_KEY: 'a nested block is used as a key',
  BLOCK_IN_FLOW: 'block syntax is used inside a flow collection ([…] or {…})',
  DUPLICATE_KEY: 'a key appears more than once in the same mapping',
  IMPOSSIBLE: 'the structure cannot be parsed',
  KEY_OVER_1024_CHARS: 'an implicit key is longer than 1024 characters',
  MISSING_CHAR: 'a closing quote, bracket, comma or colon is missing',
  MULTILINE_IMPLICIT_KEY: 'an implicit key runs over more than one line',
  MULTIPLE_ANCHORS: 'a node has more than one anchor',
  MULTIPLE_DOCS: 'the text holds more than one document',
  MULTIPLE_TAGS: 'a node has more than one tag',
  NON_STRING_KEY: 'a key is not a string',
  RESOURCE_EXHAUSTION: 'the document is nested too deeply, or its aliases expand to too much data',
  TAB_AS_INDENT: 'a tab is used for indentation',
  TAG_RESOLVE_FAILED: 'a tag cannot be resolved',
  UNEXPECTED_TOKEN: 'unexpected content',
  BAD_COLLECTION_TYPE: 'a collection has the wrong type for its tag',
};

export const readYaml: Reader = async (source, sink, options) => {
  const batchSize = batchSizeOf(options);
  const text = await openText(source, sink, options);
  const input: DocumentInput = {
    kind: 'document',
    format: 'yaml',
    get encoding() {
      return text.encoding;
    },
    batches: yamlBatches(text.binary ? null : text.chunks, sink, batchSize),
  };
  return input;
};

function isMarker(line: string, ch: '-' | '.'): boolean {
  const m = ch === '-' ? '---' : '...';
  if (!line.startsWith(m)) return false;
  const c = line.charCodeAt(3);
  return Number.isNaN(c) || c === 32 || c === 9 || c === 13 || c === 10;
}

/** What a line holds: YAML content, only a comment or directive, or nothing (so far). */
function classify(line: string, from: number, atStart: boolean): 'content' | 'comment' | 'blank' {
  for (let i = from; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13 || c === 10) continue;
    if (c === 35) return 'comment'; // '#'
    if (c === 37 && i === 0 && atStart) return 'comment'; // '%' directive
    return 'content';
  }
  return 'blank';
}

interface Doc {
  text: string;
  /** Line the text starts on. */
  line: number;
  tooLarge: boolean;
  /** Upper bound on the nesting depth. */
  nesting: number;
}

/** Cuts YAML text into documents, line by line. */
class DocumentSplitter {
  private parts: string[] = [];
  private size = 0;
  private startLine = 1;
  private marked = false;
  private content = false;
  private tooLarge = false;
  private line = 1;
  private midLine = false;
  private lineKind: 'content' | 'comment' | 'blank' = 'blank';
  // Nesting estimate: open flow brackets so far, and the current line's indentation and indicators.
  private flow = 0;
  private lineIndent = 0;
  private lineIndicators = 0;
  private nesting = 0;
  /** Finished documents: text and the line the text starts on. */
  out: Doc[] = [];

  /** Feeds one physical line with its line break, or a piece of a very long line. */
  lineIn(l: string): void {
    const atStart = !this.midLine;
    this.midLine = !l.endsWith('\n');
    let kind: 'content' | 'comment' | 'blank';
    if (atStart && isMarker(l, '-')) {
      if (this.marked || this.content) this.flush();
      this.marked = true;
      kind = classify(l, 3, false);
    } else if (atStart && isMarker(l, '.')) {
      this.append(l);
      this.measure(l, atStart);
      this.flush();
      if (!this.midLine) this.line++;
      this.lineKind = 'comment';
      return;
    } else {
      // A piece that continues a line carries on what its line started as.
      kind = atStart || this.lineKind === 'blank' ? classify(l, 0, atStart) : this.lineKind;
    }
    this.append(l);
    this.measure(l, atStart);
    if (kind === 'content') this.content = true;
    this.lineKind = kind;
    if (!this.midLine) this.line++;
  }

  /** Updates the nesting estimate with a line (or a piece of one). */
  private measure(l: string, atStart: boolean): void {
    let i = 0;
    if (atStart) {
      while (i < l.length && l.charCodeAt(i) === 32) i++;
      this.lineIndent = i;
      this.lineIndicators = 0;
    }
    let flow = this.flow;
    let maxFlow = flow;
    let indicators = this.lineIndicators;
    for (; i < l.length; i++) {
      const c = l.charCodeAt(i);
      if (c === 91 || c === 123) {
        if (++flow > maxFlow) maxFlow = flow;
      } else if (c === 93 || c === 125) {
        if (flow > 0) flow--;
      } else if (c === 45 || c === 63 || c === 58) {
        // '-', '?', ':' followed by a space or the end of the line
        const next = l.charCodeAt(i + 1);
        if (next === 32 || next === 9 || next === 10 || next === 13 || Number.isNaN(next)) indicators++;
      }
    }
    this.flow = flow;
    this.lineIndicators = indicators;
    const estimate = this.lineIndent + indicators + maxFlow;
    if (estimate > this.nesting) this.nesting = estimate;
  }

  end(): void {
    this.flush();
  }

  private append(l: string): void {
    if (this.parts.length === 0 && this.size === 0) this.startLine = this.line;
    if (this.tooLarge) return;
    this.parts.push(l);
    this.size += l.length;
    if (this.size > MAX_DOCUMENT_CHARS) {
      this.tooLarge = true;
      this.parts = [];
    }
  }

  private flush(): void {
    if (this.content) {
      this.out.push({
        text: this.tooLarge ? '' : this.parts.join(''),
        line: this.startLine,
        tooLarge: this.tooLarge,
        nesting: this.nesting,
      });
    }
    this.flow = 0;
    this.nesting = 0;
    this.parts = [];
    this.size = 0;
    this.marked = false;
    this.content = false;
    this.tooLarge = false;
  }
}

async function* yamlBatches(
  chunks: AsyncIterable<string> | null,
  sink: ReaderSink,
  batchSize: number,
): AsyncGenerator<DocumentRecord[]> {
  if (chunks === null) return;
  const splitter = new DocumentSplitter();
  let batch: DocumentRecord[] = [];
  let record = 0;
  let carry = '';

  const fail = (message: string, rec: number | null, line: number | null): void => {
    sink.finding({ rule: 'parse/yaml', severity: 'error', message, record: rec, line, field: null });
  };

  const parse = (doc: Doc): void => {
    if (doc.tooLarge) {
      fail(
        `The document is longer than ${MAX_DOCUMENT_CHARS / (1024 * 1024)} Mi characters; it was skipped`,
        ++record,
        doc.line,
      );
      return;
    }
    if (doc.nesting > MAX_NESTING) {
      fail(
        `Invalid YAML: the document is nested more than ${MAX_NESTING} levels deep; it was not read`,
        ++record,
        doc.line,
      );
      return;
    }
    const lineCounter = new LineCounter();
    const parsed = parseDocument(doc.text, {
      version: '1.2',
      schema: 'core',
      uniqueKeys: true,
      prettyErrors: false,
      lineCounter,
    });
    const lineAt = (offset: number): number => doc.line + lineCounter.linePos(offset).line - 1;
    const contents = parsed.contents;
    const first = parsed.errors[0];
    if (first === undefined && contents === null) return; // empty document: not a record
    const rec = ++record;
    const startLine = contents?.range ? lineAt(contents.range[0]) : doc.line;
    if (first !== undefined) {
      const what = YAML_ERRORS[first.code] ?? 'the syntax is not valid';
      fail(`Invalid YAML: ${what}`, rec, lineAt(first.pos[0]));
      return;
    }
    try {
      batch.push({ record: rec, line: startLine, value: parsed.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) });
    } catch (e) {
      const message = e instanceof Error ? e.message : '';
      fail(
        /alias count/i.test(message)
          ? 'Invalid YAML: aliases expand to too much data (a possible "billion laughs" attack)'
          : /alias/i.test(message)
            ? 'Invalid YAML: an alias refers to an anchor that is not defined before it'
            : 'Invalid YAML: the document cannot be converted to data',
        rec,
        startLine,
      );
    }
  };

  for await (const chunk of chunks) {
    const s = carry.length > 0 ? carry + chunk : chunk;
    let start = 0;
    for (;;) {
      const nl = s.indexOf('\n', start);
      if (nl < 0) break;
      splitter.lineIn(s.slice(start, nl + 1));
      start = nl + 1;
    }
    carry = start === 0 ? s : s.slice(start);
    // A very long line is passed on in pieces, so memory stays bounded by the document.
    if (carry.length > 64 * 1024) {
      splitter.lineIn(carry);
      carry = '';
    }
    for (const doc of splitter.out) {
      parse(doc);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    splitter.out = [];
  }
  if (carry.length > 0) splitter.lineIn(carry);
  splitter.end();
  for (const doc of splitter.out) {
    parse(doc);
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
