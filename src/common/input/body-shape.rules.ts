/**
 * Caps on the shape of a request body, whatever parsed it. The largest legitimate body is a
 * convention's editor form or draft: an object holding up to 300 clauses of five fields (depth 3).
 * Sizes are capped by the parsers (1 MB, 2,000 form fields); these caps bound the work a small
 * body can cause later: recursion in class-transformer/validator (a 5,000-deep object overflowed
 * the stack), and loops over a sparse array whose length a 20-byte field name sets.
 */
export interface BodyShapeCaps {
  /** Nesting levels; `{}` is 1, `{"a":[{}]}` is 3. */
  maxDepth: number;
  /** Items in one array (by its length, so a sparse array counts its holes). */
  maxItems: number;
  /** Members of one object. */
  maxKeys: number;
}

export const BODY_SHAPE_CAPS: BodyShapeCaps = { maxDepth: 32, maxItems: 1000, maxKeys: 2000 };

export type BodyShapeProblem =
  | { code: 'notObject' }
  | { code: 'tooDeep'; limit: number }
  | { code: 'tooManyItems'; limit: number }
  | { code: 'tooManyKeys'; limit: number };

const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * Checks raw JSON (UTF-8 or any ASCII-compatible bytes) before it is parsed, in one pass without
 * building anything: the top level must be an object, and depth, array items and object members
 * stay within the caps. Malformed JSON is left to the parser (this never throws); an empty body is
 * the parser's to decide too.
 */
export function jsonShapeProblem(bytes: Uint8Array, caps: BodyShapeCaps = BODY_SHAPE_CAPS): BodyShapeProblem | null {
  let i = 0;
  while (i < bytes.length && isSpace(bytes[i])) i++;
  if (i === bytes.length) return null;
  if (bytes[i] !== OPEN_OBJECT) return { code: 'notObject' };
  // Per open container: its bracket and the commas seen in it (its members are at least commas + 1).
  const kinds: number[] = [];
  const commas: number[] = [];
  let inString = false;
  let escaped = false;
  for (; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === BACKSLASH) escaped = true;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (kinds.length >= caps.maxDepth) return { code: 'tooDeep', limit: caps.maxDepth };
      kinds.push(c);
      commas.push(0);
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      kinds.pop();
      commas.pop();
    } else if (c === COMMA && kinds.length > 0) {
      const top = kinds.length - 1;
      const members = ++commas[top] + 1;
      if (kinds[top] === OPEN_ARRAY && members > caps.maxItems) return { code: 'tooManyItems', limit: caps.maxItems };
      if (kinds[top] === OPEN_OBJECT && members > caps.maxKeys) return { code: 'tooManyKeys', limit: caps.maxKeys };
    }
  }
  return null;
}

/** Where a parsed value breaks a cap: the keys leading to the offending container (empty for the value itself). */
export interface ValueShapeProblem {
  path: string[];
  problem: Exclude<BodyShapeProblem, { code: 'notObject' }>;
}

/**
 * The same caps on an already parsed value (a multipart form builds nested objects and arrays from
 * field names like `a[b][3]`). Lengths are checked before anything is iterated.
 */
export function valueShapeProblem(value: unknown, caps: BodyShapeCaps = BODY_SHAPE_CAPS, depth = 0, path: string[] = []): ValueShapeProblem | null {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return null;
  if (depth >= caps.maxDepth) return { path, problem: { code: 'tooDeep', limit: caps.maxDepth } };
  if (Array.isArray(value)) {
    if (value.length > caps.maxItems) return { path, problem: { code: 'tooManyItems', limit: caps.maxItems } };
    for (let i = 0; i < value.length; i++) {
      const found = valueShapeProblem(value[i], caps, depth + 1, [...path, String(i)]);
      if (found) return found;
    }
    return null;
  }
  const keys = Object.keys(value);
  if (keys.length > caps.maxKeys) return { path, problem: { code: 'tooManyKeys', limit: caps.maxKeys } };
  for (const key of keys) {
    const found = valueShapeProblem((value as Record<string, unknown>)[key], caps, depth + 1, [...path, key]);
    if (found) return found;
  }
  return null;
}

/**
 * Fields of a submitted HTML form that are not text: a browser sends every field as a string (a
 * repeated field as a list of strings), so anything else (an object, a number, a nested list) comes
 * from a crafted request, and pages that echo a form back could not even print it.
 */
export function nonTextFields(form: Record<string, unknown>): string[] {
  return Object.keys(form).filter((key) => {
    const value = form[key];
    if (typeof value === 'string') return false;
    // A list with holes (multipart's `a[3]`) is not one a browser sends; its keys are counted, not its length walked.
    return !(Array.isArray(value) && Object.keys(value).length === value.length && value.every((item) => typeof item === 'string'));
  });
}
