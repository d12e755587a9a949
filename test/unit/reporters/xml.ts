/**
 * A minimal, strict XML 1.0 parser for tests: enough to prove a JUnit report is well-formed and to
 * read it back, without adding an XML dependency. It rejects what a conforming parser rejects for
 * the subset carecheck writes (no DTDs): bad names, unquoted or duplicate attributes, `<` in
 * attribute values, bare `&`, unknown entities, character references to non-characters, characters
 * outside XML's Char production, `]]>` in text, mismatched tags, content after the root element.
 *
 * It also applies XML's end-of-line handling (§2.11) and attribute-value normalisation (§3.3.3), so
 * round-trip tests see exactly what a real parser would hand to a CI server.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: Array<XmlElement | string>;
}

function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

const NAME = /[A-Za-z_:][A-Za-z0-9_.:-]*/y;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function parseXml(input: string): XmlElement {
  for (const ch of input) {
    const cp = ch.codePointAt(0) ?? 0;
    if (!isXmlChar(cp)) throw new Error(`character U+${cp.toString(16)} is not allowed in XML`);
  }
  const s = input.replace(/\r\n?/g, '\n');
  let i = 0;
  const fail = (msg: string): never => {
    throw new Error(`${msg} at offset ${i}: ${JSON.stringify(s.slice(i, i + 30))}`);
  };
  const skipSpace = () => {
    while (i < s.length && /[ \t\n]/.test(s[i] ?? '')) i++;
  };
  const name = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(s);
    if (!m) return fail('expected a name');
    i += m[0].length;
    return m[0];
  };
  const reference = (): string => {
    const end = s.indexOf(';', i);
    if (end < 0) return fail('unterminated reference');
    const body = s.slice(i + 1, end);
    let out: string;
    if (/^#[0-9]+$/.test(body) || /^#x[0-9a-fA-F]+$/.test(body)) {
      const cp = body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      if (!isXmlChar(cp)) return fail(`reference to a non-character #${cp}`);
      out = String.fromCodePoint(cp);
    } else {
      const named = PREDEFINED[body];
      if (named === undefined) return fail(`unknown entity &${body};`);
      out = named;
    }
    i = end + 1;
    return out;
  };
  const misc = () => {
    for (;;) {
      skipSpace();
      if (s.startsWith('<!--', i)) {
        const end = s.indexOf('-->', i + 4);
        if (end < 0) fail('unterminated comment');
        if (s.slice(i + 4, end).includes('--')) fail('"--" inside a comment');
        i = end + 3;
      } else if (s.startsWith('<?', i) && !s.startsWith('<?xml', i)) {
        const end = s.indexOf('?>', i);
        if (end < 0) fail('unterminated processing instruction');
        i = end + 2;
      } else if (s.startsWith('<!DOCTYPE', i)) {
        fail('DOCTYPE is not expected');
      } else return;
    }
  };
  const element = (): XmlElement => {
    if (s[i] !== '<') fail('expected <');
    i++;
    const el: XmlElement = { name: name(), attrs: {}, children: [] };
    for (;;) {
      const before = i;
      skipSpace();
      if (s.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (s[i] === '>') {
        i++;
        break;
      }
      if (i === before) fail('expected whitespace before an attribute');
      const attr = name();
      if (Object.hasOwn(el.attrs, attr)) fail(`duplicate attribute ${attr}`);
      skipSpace();
      if (s[i] !== '=') fail('expected =');
      i++;
      skipSpace();
      const q = s[i];
      if (q !== '"' && q !== "'") return fail('attribute value must be quoted');
      i++;
      let value = '';
      while (s[i] !== q) {
        const ch = s[i];
        if (ch === undefined) fail('unterminated attribute value');
        else if (ch === '<') fail('< in attribute value');
        else if (ch === '&') value += reference();
        else {
          // §3.3.3: literal whitespace in an attribute value becomes a space.
          value += /[\t\n]/.test(ch) ? ' ' : ch;
          i++;
        }
      }
      i++;
      el.attrs[attr] = value;
    }
    let text = '';
    const flush = () => {
      if (text !== '') el.children.push(text);
      text = '';
    };
    for (;;) {
      const ch = s[i];
      if (ch === undefined) return fail(`unclosed <${el.name}>`);
      if (s.startsWith('</', i)) {
        i += 2;
        const closing = name();
        if (closing !== el.name) fail(`</${closing}> closes <${el.name}>`);
        skipSpace();
        if (s[i] !== '>') fail('expected >');
        i++;
        flush();
        return el;
      }
      if (s.startsWith('<!--', i)) {
        misc();
        continue;
      }
      if (s.startsWith('<![CDATA[', i)) {
        const end = s.indexOf(']]>', i);
        if (end < 0) fail('unterminated CDATA');
        text += s.slice(i + 9, end);
        i = end + 3;
        continue;
      }
      if (ch === '<') {
        flush();
        el.children.push(element());
        continue;
      }
      if (s.startsWith(']]>', i)) fail(']]> in text');
      if (ch === '&') text += reference();
      else {
        text += ch;
        i++;
      }
    }
  };

  if (s.startsWith('<?xml', 0)) {
    const end = s.indexOf('?>');
    if (end < 0) fail('unterminated XML declaration');
    if (!/^<\?xml version="1\.0"( encoding="UTF-8")?\s*\?>$/.test(s.slice(0, end + 2)))
      fail('bad XML declaration');
    i = end + 2;
  }
  misc();
  const root = element();
  misc();
  if (i !== s.length) fail('content after the root element');
  return root;
}

/** Child elements with this name. */
export function childElements(el: XmlElement, name?: string): XmlElement[] {
  return el.children.filter(
    (c): c is XmlElement => typeof c !== 'string' && (name === undefined || c.name === name),
  );
}

/** All text inside an element. */
export function textOf(el: XmlElement): string {
  return el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}
