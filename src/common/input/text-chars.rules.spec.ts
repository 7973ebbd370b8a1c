import { codePointLabel, refusedChar, type TextKind } from './text-chars.rules.js';

describe('refusedChar', () => {
  it.each<[string, string, TextKind]>([
    ['empty text', '', 'line'],
    ['printable ASCII', 'ACME Ltd. (Shenzhen) #3 ~ 100%', 'line'],
    ['Chinese with full-width punctuation and the ideographic space', '上海星辰微电子有限公司\u3000（第二工厂）', 'line'],
    ['a non-breaking space and accented letters', 'Müller\u00a0& Søn', 'line'],
    ['an emoji (a surrogate pair)', '好评 👍', 'line'],
    ['an emoji joined by ZWJ', 'family 👨\u200d👩\u200d👧', 'line'],
    ['right-to-left marks (not overrides)', 'abc\u200f\u200e\u061c', 'line'],
    ['a supplementary CJK ideograph', '𠀋', 'line'],
    ['the replacement character', 'bad \ufffd byte', 'line'],
    ['U+FFFD and U+FDCF/U+FDF0 next to the noncharacter block', '\ufdcf\ufdf0\ufffd', 'line'],
    ['tab, LF and CRLF in long text', '第一条\t说明\n第二条\r\n第三条', 'multiline'],
    ['line and paragraph separators in long text', 'a\u2028b\u2029c', 'multiline'],
  ])('accepts %s', (_name, text, kind) => {
    expect(refusedChar(text, kind)).toBeNull();
  });

  it.each<[string, string, TextKind, number, string]>([
    ['NUL', 'ab\u0000c', 'line', 3, 'U+0000'],
    ['NUL in long text too', 'ab\u0000c', 'multiline', 3, 'U+0000'],
    ['the first C0 control after a newline in long text', 'a\nb\u0007', 'multiline', 4, 'U+0007'],
    ['ESC (terminal escapes)', '\u001b[31mred', 'multiline', 1, 'U+001B'],
    ['vertical tab and form feed in long text', 'a\u000bb', 'multiline', 2, 'U+000B'],
    ['a tab in a one-line field', 'a\tb', 'line', 2, 'U+0009'],
    ['a line feed in a one-line field', 'a\nb', 'line', 2, 'U+000A'],
    ['a carriage return in a one-line field', 'a\rb', 'line', 2, 'U+000D'],
    ['the line separator in a one-line field', 'a\u2028b', 'line', 2, 'U+2028'],
    ['DEL', 'a\u007f', 'line', 2, 'U+007F'],
    ['C1 NEL', 'a\u0085b', 'multiline', 2, 'U+0085'],
    ['C1 upper end', '\u009f', 'line', 1, 'U+009F'],
    ['a right-to-left override', 'invoice\u202egpj.exe', 'multiline', 8, 'U+202E'],
    ['a left-to-right embedding', '\u202aabc', 'line', 1, 'U+202A'],
    ['a first-strong isolate', 'x\u2068y', 'line', 2, 'U+2068'],
    ['a pop directional isolate', 'x\u2069', 'line', 2, 'U+2069'],
    ['U+FFFE', 'a\ufffe', 'line', 2, 'U+FFFE'],
    ['U+FFFF', '\uffff', 'multiline', 1, 'U+FFFF'],
    ['the noncharacter block', 'a\ufdd0', 'line', 2, 'U+FDD0'],
    ['a supplementary noncharacter (U+1FFFE)', 'a\u{1fffe}', 'line', 2, 'U+1FFFE'],
    ['the last noncharacter (U+10FFFF)', '\u{10ffff}', 'line', 1, 'U+10FFFF'],
    ['a lone high surrogate', 'a\ud83d', 'line', 2, 'U+D83D'],
    ['a lone low surrogate', '\ude00b', 'line', 1, 'U+DE00'],
    ['a position counted in characters after an emoji', '👍\u0000', 'line', 2, 'U+0000'],
    ['a position counted in characters after Chinese', '中文\u0001', 'line', 3, 'U+0001'],
  ])('refuses %s', (_name, text, kind, position, char) => {
    expect(refusedChar(text, kind)).toEqual({ position, char });
  });

  it('walks a long text in linear time', () => {
    const text = `${'甲'.repeat(500_000)}\u00e9${'a'.repeat(500_000)}\u0000`;
    const started = Date.now();
    expect(refusedChar(text, 'multiline')).toEqual({ position: 1_000_002, char: 'U+0000' });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('codePointLabel', () => {
  it.each([[0, 'U+0000'], [0x7f, 'U+007F'], [0x202e, 'U+202E'], [0x1fffe, 'U+1FFFE']])('%d → %s', (cp, label) => {
    expect(codePointLabel(cp)).toBe(label);
  });
});
