import { decodeText, XmlError, XmlScanner, type XmlProblem } from './xml-scanner.rules.js';

const LIMITS = { maxMarkup: 200, maxDepth: 8, maxNodes: 100 };

/** The scanner's events for a document fed in the given pieces, text runs joined. */
function scan(pieces: readonly string[], limits = LIMITS): string[] {
  const events: string[] = [];
  const scanner = new XmlScanner({
    open: (name, attributes) => events.push(`<${name}${Object.entries(attributes).map(([k, v]) => ` ${k}=${JSON.stringify(v)}`).join('')}>`),
    close: (name) => events.push(`</${name}>`),
    text: (text) => {
      const last = events.length - 1;
      if (last >= 0 && events[last].startsWith('"')) events[last] = JSON.stringify(JSON.parse(events[last]) + text);
      else events.push(JSON.stringify(text));
    },
  }, limits);
  for (const piece of pieces) scanner.write(piece);
  scanner.end();
  return events;
}

function problem(pieces: readonly string[], limits = LIMITS): XmlProblem | 'none' {
  try {
    scan(pieces, limits);
  } catch (err) {
    if (err instanceof XmlError) return err.problem;
    throw err;
  }
  return 'none';
}

const DOC = '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\r\n<x:sst xmlns:x="urn:x" xmlns="urn:y" count="2"><!-- a comment with <tags> -->'
  + '<si><t xml:space="preserve"> a &amp; b &lt;c&gt; &quot;&apos; &#20013;&#x6587;\r\nline</t></si>'
  + '<si><r><t>甲</t></r><r><t><![CDATA[<乙> & ]]></t></r><empty a=\'1 > 0\' b="x&#10;y"/></si></x:sst>';

const EXPECTED = [
  '"\\n"',
  '<sst count="2">',
  '<si>', '<t space="preserve">', '" a & b <c> \\"\' 中文\\nline"', '</t>', '</si>',
  '<si>', '<r>', '<t>', '"甲"', '</t>', '</r>', '<r>', '<t>', '"<乙> & "', '</t>', '</r>', '<empty a="1 > 0" b="x\\ny">', '</empty>', '</si>',
  '</sst>',
];

describe('XmlScanner', () => {
  it('reports tags by local name, attributes without namespace declarations, and decoded text', () => {
    expect(scan([DOC])).toEqual(EXPECTED);
  });

  it('gives the same events wherever the chunks are cut', () => {
    for (let cut = 1; cut < DOC.length; cut++) expect(scan([DOC.slice(0, cut), DOC.slice(cut)])).toEqual(EXPECTED);
    expect(scan([...DOC])).toEqual(EXPECTED);
  });

  it('passes long text on in pieces instead of holding it', () => {
    const pieces: string[] = [];
    const scanner = new XmlScanner({ open: () => undefined, close: () => undefined, text: (t) => pieces.push(t) }, LIMITS);
    scanner.write('<a>');
    for (let i = 0; i < 100; i++) scanner.write(' '.repeat(1000));
    scanner.write('</a>');
    scanner.end();
    expect(pieces.length).toBeGreaterThanOrEqual(100);
    expect(pieces.join('')).toHaveLength(100_000);
  });

  it.each<[string, string[], XmlProblem]>([
    ['a DOCTYPE (billion laughs)', ['<!DOCTYPE a [<!ENTITY l "lol"><!ENTITY l2 "&l;&l;">]><a>&l2;</a>'], 'doctype'],
    ['a DOCTYPE cut across chunks', ['<!DOC', 'TYPE a SYSTEM "file:///etc/passwd"><a/>'], 'doctype'],
    ['an undeclared entity', ['<a>&lol9;</a>'], 'entity'],
    ['an external-looking entity', ['<a>&xxe;</a>'], 'entity'],
    ['a bare ampersand', ['<a>fish & chips</a>'], 'entity'],
    ['a reference without its semicolon', ['<a>&amp</a>'], 'entity'],
    ['a long run after an ampersand at a chunk end', ['<a>&', 'abcdefghijklmnop'], 'entity'],
    ['a NUL character reference', ['<a>&#0;</a>'], 'entity'],
    ['a surrogate character reference', ['<a>&#xD800;</a>'], 'entity'],
    ['a character reference beyond Unicode', ['<a>&#x110000;</a>'], 'entity'],
    ['a malformed hex reference', ['<a>&#x12g;</a>'], 'entity'],
    ['an unknown entity in an attribute', ['<a b="&lol;"/>'], 'entity'],
    ['a mismatched end tag', ['<a><b></a></b>'], 'syntax'],
    ['an end tag without a start', ['</a>'], 'syntax'],
    ['a "<" inside a tag', ['<a <b>'], 'syntax'],
    ['garbage among the attributes', ['<a b="1" c></a>'], 'syntax'],
    ['an invalid element name', ['<1a/>'], 'syntax'],
    ['an unknown declaration', ['<!ELEMENT a ANY><a/>'], 'syntax'],
    ['CDATA outside the root', ['<![CDATA[x]]><a/>'], 'syntax'],
    ['an unclosed element', ['<a><b></b>'], 'unclosed'],
    ['an unfinished tag', ['<a><b c="1"'], 'unclosed'],
    ['an unfinished comment', ['<a/><!-- x'], 'unclosed'],
    ['a tag longer than allowed', ['<a ', `b="${'x'.repeat(300)}"/>`], 'markupTooLong'],
    ['a comment longer than allowed', ['<a><!--', ' '.repeat(300), '--></a>'], 'markupTooLong'],
    ['nesting deeper than allowed', [`${'<a>'.repeat(9)}${'</a>'.repeat(9)}`], 'tooDeep'],
  ])('refuses %s', (_, pieces, expected) => {
    expect(problem(pieces)).toBe(expected);
  });

  it('accepts nesting at the limit', () => {
    expect(problem([`${'<a>'.repeat(8)}${'</a>'.repeat(8)}`])).toBe('none');
  });

  it.each<[string, string, number]>([
    ['empty elements', '<b/>', 99],
    ['comments', '<!---->', 99],
    ['processing instructions', '<?x?>', 99],
    ['CDATA sections', '<![CDATA[]]>', 99],
  ])('counts %s against the node limit, end tags not', (_, node, fits) => {
    expect(problem([`<a>${node.repeat(fits)}</a>`])).toBe('none');
    expect(problem([`<a>${node.repeat(fits + 1)}</a>`])).toBe('tooManyNodes');
  });
});

describe('decodeText', () => {
  it.each<[string, string]>([
    ['plain', 'plain'],
    ['a\r\nb\rc', 'a\nb\nc'],
    ['&lt;&gt;&amp;&quot;&apos;', '<>&"\''],
    ['&#65;&#x42;&#x1F600;', 'AB😀'],
    ['&amp;amp;', '&amp;'],
  ])('%j → %j', (raw, text) => {
    expect(decodeText(raw)).toBe(text);
  });
});
