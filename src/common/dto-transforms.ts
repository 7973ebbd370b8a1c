/**
 * The `@Transform` functions DTOs share. Forms send every field as a string, JSON sends typed
 * values, and both must reach the validators in one shape: text trimmed, an empty field absent,
 * digits a number. A value that is none of these passes unchanged, so its validator refuses it
 * with a field error rather than a conversion throwing (a 500).
 */
type Input = { value: unknown };

/** Text without surrounding whitespace. */
export const trim = ({ value }: Input): unknown => (typeof value === 'string' ? value.trim() : value);

/** An empty form field is absent (so `@IsOptional()` applies); other text is trimmed. */
export const blank = ({ value }: Input): unknown => (value === '' ? undefined : typeof value === 'string' ? value.trim() : value);

/** An optional integer from a form or a query: empty or null is absent, digits (with a sign) a number. */
export const optionalInt = ({ value }: Input): unknown => (value === '' || value === null ? undefined
  : typeof value === 'string' && /^\s*-?\d{1,15}\s*$/.test(value) ? Number(value) : value);
