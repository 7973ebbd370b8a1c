/**
 * Which characters a text field refuses. Every string a DTO carries is checked (the validation
 * pipe, page forms, service-level validation and imported rows share src/common/validation.ts).
 *
 * Refused in every text field:
 * - C0 controls U+0000–U+001F (NUL, ESC, …) except what long text allows below, DEL U+007F and the
 *   C1 controls U+0080–U+009F: invisible, they break CSV/XLSX exports, e-mail, PDFs and logs;
 * - bidirectional embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069: they reorder
 *   how a name or clause is displayed ("Trojan Source" spoofing). The marks U+200E/U+200F/U+061C
 *   stay allowed, as do zero-width joiners and spaces (emoji sequences, some scripts need them);
 * - noncharacters (U+FDD0–U+FDEF and every code point ending in FFFE or FFFF);
 * - lone surrogates (not Unicode text; MySQL and UTF-8 encoders replace or refuse them).
 *
 * Long text (descriptions, clause texts, responses, reasons: `multiline`) also takes tab, line feed,
 * carriage return (browsers send CRLF from a textarea) and the line and paragraph separators
 * U+2028/U+2029; a one-line field (`line`) refuses those too.
 */
export type TextKind = 'line' | 'multiline';

export interface RefusedChar {
  /** 1-based position in characters (code points), as a user counts them. */
  position: number;
  /** `U+0000` */
  char: string;
}

function refused(cp: number, kind: TextKind): boolean {
  if (cp < 0x20) return !(kind === 'multiline' && (cp === 0x09 || cp === 0x0a || cp === 0x0d));
  if (cp < 0x7f) return false;
  if (cp <= 0x9f) return true;
  if (cp < 0x2028) return false;
  if (cp <= 0x2029) return kind === 'line';
  if (cp >= 0x202a && cp <= 0x202e) return true;
  if (cp >= 0x2066 && cp <= 0x2069) return true;
  if (cp >= 0xd800 && cp <= 0xdfff) return true;
  if (cp >= 0xfdd0 && cp <= 0xfdef) return true;
  return (cp & 0xfffe) === 0xfffe;
}

/** Plain printable ASCII and the common CJK/Latin ranges skip the per-character walk. */
const PLAIN = /^[\x20-\x7e\u00a0-\u2027\u3000-\ud7ff]*$/;

export function codePointLabel(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The first character `text` may not contain in a field of this kind, or null. */
export function refusedChar(text: string, kind: TextKind): RefusedChar | null {
  if (PLAIN.test(text)) return null;
  let position = 0;
  for (let i = 0; i < text.length; i++) {
    position++;
    // A surrogate pair gives the code point; a lone surrogate gives itself (and is refused).
    const cp = text.codePointAt(i) as number;
    if (cp > 0xffff) i++;
    if (refused(cp, kind)) return { position, char: codePointLabel(cp) };
  }
  return null;
}
