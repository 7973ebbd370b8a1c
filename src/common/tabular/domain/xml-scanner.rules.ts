/**
 * A small streaming XML scanner for the parts of a workbook: it reports start tags, end tags and text
 * as the text arrives in chunks, holding at most one tag (up to `maxMarkup` characters) and never a
 * whole document. Only what SpreadsheetML needs: elements and attributes by local name (prefixes
 * dropped), the five predefined entities and character references. A DOCTYPE is refused outright,
 * so no entity can be declared: entity expansion ("billion laughs") and external entities cannot
 * happen. Pure rules: no framework imports.
 */

export interface XmlHandler {
  /** A start tag (also for `<x/>`, followed by `close`). Attributes by local name, `xmlns` declarations left out. */
  open(name: string, attributes: Readonly<Record<string, string>>): void;
  close(name: string): void;
  /** Character data, decoded; one run of text may arrive in several pieces. */
  text(text: string): void;
}

export type XmlProblem = 'doctype' | 'entity' | 'markupTooLong' | 'tooDeep' | 'tooManyNodes' | 'syntax' | 'unclosed';

export class XmlError extends Error {
  constructor(readonly problem: XmlProblem, detail = '') {
    super(`XML ${problem}${detail ? `: ${detail}` : ''}`);
    this.name = 'XmlError';
  }
}

export interface XmlLimits {
  /** Longest tag, comment, processing instruction or CDATA section, in characters. */
  maxMarkup: number;
  /** Deepest element nesting. */
  maxDepth: number;
  /** Most elements, comments, processing instructions and CDATA sections (what costs time to scan, whatever their size). */
  maxNodes: number;
}

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** Longest entity reference kept across chunks: `&#x10FFFF;`. */
const MAX_REFERENCE = 10;
const NAME = /^[A-Za-z_:][\w.:\-\u00B7-\uFFFF]*$/;
const ATTRIBUTE = /\s*([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;

/** Feed it text with `write`, then call `end`. Throws XmlError on anything it will not read. */
export class XmlScanner {
  private pending = '';
  private readonly stack: string[] = [];
  private started = false;
  /** Elements, comments, processing instructions and CDATA sections so far. */
  nodes = 0;

  constructor(private readonly handler: XmlHandler, private readonly limits: XmlLimits) {}

  write(chunk: string): void {
    let buf = this.pending + chunk;
    if (!this.started && buf.length > 0) {
      if (buf.charCodeAt(0) === 0xfeff) buf = buf.slice(1);
      this.started = buf.length > 0;
    }
    let i = 0;
    for (;;) {
      const lt = buf.indexOf('<', i);
      if (lt < 0) {
        i = this.emitText(buf, i, buf.length, false);
        break;
      }
      if (lt > i) this.emitText(buf, i, lt, true);
      const end = this.markup(buf, lt);
      if (end < 0) {
        i = lt;
        break;
      }
      if (end - lt > this.limits.maxMarkup) throw new XmlError('markupTooLong');
      if (buf.charCodeAt(lt + 1) !== 0x2f /* / */ && ++this.nodes > this.limits.maxNodes) throw new XmlError('tooManyNodes');
      i = end;
    }
    this.pending = buf.slice(i);
    if (this.pending.length > this.limits.maxMarkup) throw new XmlError('markupTooLong');
  }

  end(): void {
    if (this.pending.trim() !== '' || this.stack.length > 0) throw new XmlError('unclosed');
  }

  /**
   * Emits text in `[from, to)`; when not `complete`, keeps back what the chunk's end may have cut: a
   * reference, or a carriage return whose line feed comes next. Returns where it stopped.
   */
  private emitText(buf: string, from: number, to: number, complete: boolean): number {
    let stop = to;
    if (!complete) {
      const amp = buf.lastIndexOf('&', to - 1);
      if (amp >= from && buf.indexOf(';', amp) < 0) {
        if (to - amp > MAX_REFERENCE) throw new XmlError('entity', buf.slice(amp, amp + MAX_REFERENCE));
        stop = amp;
      } else if (to > from && buf.charCodeAt(to - 1) === 0x0d) stop = to - 1;
    }
    if (stop > from) {
      const raw = buf.slice(from, stop);
      this.handler.text(decodeText(raw));
    }
    return stop;
  }

  /** Handles the markup starting at `lt`; returns the index after it, or -1 when it is not complete yet. */
  private markup(buf: string, lt: number): number {
    const next = buf.charCodeAt(lt + 1);
    if (Number.isNaN(next)) return -1;
    if (next === 0x3f /* ? */) return this.skipUntil(buf, lt, '?>');
    if (next === 0x21 /* ! */) {
      const head = buf.slice(lt, lt + 9);
      if ('<!--'.startsWith(head) || '<![CDATA['.startsWith(head) || '<!DOCTYPE'.startsWith(head)) {
        if (head.length < 9 && lt + head.length === buf.length) return -1;
      }
      if (head.startsWith('<!--')) return this.skipUntil(buf, lt, '-->');
      if (head.startsWith('<![CDATA[')) {
        const close = buf.indexOf(']]>', lt + 9);
        if (close < 0) return -1;
        if (this.stack.length === 0) throw new XmlError('syntax', 'CDATA outside the root element');
        this.handler.text(normalizeNewlines(buf.slice(lt + 9, close)));
        return close + 3;
      }
      if (head.startsWith('<!DOCTYPE')) throw new XmlError('doctype');
      throw new XmlError('syntax', head);
    }
    const close = tagEnd(buf, lt + 1);
    if (close < 0) return -1;
    if (next === 0x2f /* / */) {
      const name = buf.slice(lt + 2, close).trim();
      const open = this.stack.pop();
      if (open === undefined || open !== name) throw new XmlError('syntax', `</${name}> closes <${open ?? ''}>`);
      this.handler.close(localName(name));
      return close + 1;
    }
    this.startTag(buf.slice(lt + 1, close));
    return close + 1;
  }

  private skipUntil(buf: string, lt: number, terminator: string): number {
    const at = buf.indexOf(terminator, lt + 2);
    return at < 0 ? -1 : at + terminator.length;
  }

  private startTag(inner: string): void {
    const selfClosing = inner.endsWith('/');
    const body = selfClosing ? inner.slice(0, -1) : inner;
    const nameEnd = body.search(/[\s]|$/);
    const name = body.slice(0, nameEnd);
    if (!NAME.test(name)) throw new XmlError('syntax', `<${name}`);
    const attributes: Record<string, string> = {};
    ATTRIBUTE.lastIndex = nameEnd;
    let at = nameEnd;
    for (let m = ATTRIBUTE.exec(body); m; m = ATTRIBUTE.exec(body)) {
      const qualified = m[1];
      at = ATTRIBUTE.lastIndex;
      if (qualified === 'xmlns' || qualified.startsWith('xmlns:')) continue;
      attributes[localName(qualified)] = decodeText((m[2] ?? m[3]).replace(/\r\n?|[\t\n]/g, ' '));
    }
    if (body.slice(at).trim() !== '') throw new XmlError('syntax', `<${name} ${body.slice(at, at + 40)}`);
    if (this.stack.length >= this.limits.maxDepth) throw new XmlError('tooDeep');
    const local = localName(name);
    this.handler.open(local, attributes);
    if (selfClosing) this.handler.close(local);
    else this.stack.push(name);
  }
}

/** The `>` that ends a tag starting after `<` at `from` (quotes respected), or -1. */
function tagEnd(buf: string, from: number): number {
  let quote = 0;
  for (let i = from; i < buf.length; i++) {
    const c = buf.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x3e) return i;
    else if (c === 0x3c) throw new XmlError('syntax', 'a "<" inside a tag');
  }
  return -1;
}

function localName(qualified: string): string {
  const colon = qualified.lastIndexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

function normalizeNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** Text with its references replaced; any reference other than the predefined five and character references is refused. */
export function decodeText(raw: string): string {
  const text = normalizeNewlines(raw);
  if (!text.includes('&')) return text;
  return text.replace(/&([^;&\s]{0,12});?/g, (match, ref: string) => {
    if (!match.endsWith(';')) throw new XmlError('entity', match);
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : /^#\d+$/.test(ref) ? parseInt(ref.slice(1), 10) : NaN;
      const hexOk = ref[1] !== 'x' || /^#x[0-9A-Fa-f]+$/.test(ref);
      if (!hexOk || !Number.isInteger(code) || code < 1 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw new XmlError('entity', match);
      return String.fromCodePoint(code);
    }
    const value = PREDEFINED[ref];
    if (value === undefined) throw new XmlError('entity', match);
    return value;
  });
}
