import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate, type ValidationError, type ValidatorOptions } from 'class-validator';
import { ValidationFailedError, type FieldProblem, type FieldProblems } from './errors/domain-error.js';
import { nonTextFields, valueShapeProblem } from './input/body-shape.rules.js';
import { refusedChar, type TextKind } from './input/text-chars.rules.js';

/** Options every validation in the app uses: whitelist, reject unknown fields, transform. */
export const VALIDATOR_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  // The value is kept only to tell a missing field from a wrong one; it never reaches the client.
  validationError: { target: false, value: true },
} as const;

const CONSTRAINT_CODES: Record<string, string> = {
  isNotEmpty: 'required',
  isDefined: 'required',
  whitelistValidation: 'unknownField',
  maxLength: 'maxLength',
  minLength: 'minLength',
  isEmail: 'email',
  isIn: 'oneOf',
  isEnum: 'oneOf',
  isInt: 'integer',
  min: 'min',
  max: 'max',
  isISO8601: 'date',
  isDateString: 'date',
  isBoolean: 'boolean',
  isString: 'text',
  matches: 'format',
};

/**
 * Custom constraints encode their problem as `code` or `code {"param":…}` in the message,
 * since class-validator keeps only the message.
 */
function toProblem(constraint: string, message: string): FieldProblem {
  const custom = /^(\w+)(?: (\{.*\}))?$/.exec(message);
  if (custom) {
    return { code: custom[1], params: custom[2] ? JSON.parse(custom[2]) : undefined };
  }
  const code = CONSTRAINT_CODES[constraint] ?? 'invalid';
  const number = /(\d+)/.exec(message);
  return number && ['maxLength', 'minLength', 'min', 'max'].includes(code)
    ? { code, params: { limit: Number(number[1]) } }
    : { code };
}

export function toFieldProblems(errors: ValidationError[], parent = '', out: FieldProblems = {}): FieldProblems {
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    if (error.value === undefined && error.constraints && !error.constraints.whitelistValidation) {
      // A missing field breaks every rule on it; "required" is the one that helps.
      out[path] = [{ code: 'required' }];
      continue;
    }
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      (out[path] ??= []).push(toProblem(constraint, message));
    }
    if (error.children?.length) toFieldProblems(error.children, path, out);
  }
  return out;
}

const TEXT_KIND = Symbol('parktrust:textKind');

/**
 * Long text on a DTO property (descriptions, clause texts, responses, reasons): it may hold tabs
 * and line breaks. Every other string property is one line. Either way control and invisible
 * formatting characters are refused (text-chars.rules.ts), wherever a DTO is validated.
 */
export function MultilineText(): PropertyDecorator {
  return (target, property) => Reflect.defineMetadata(TEXT_KIND, 'multiline', target, property);
}

/**
 * A string that is neither stored nor shown as text (a redirect target the code sanitises): the
 * character check is left to the code that reads it. Use sparingly.
 */
export function UncheckedText(): PropertyDecorator {
  return (target, property) => Reflect.defineMetadata(TEXT_KIND, 'unchecked', target, property);
}

function textKindOf(owner: object, property: string): TextKind | null {
  const kind = Reflect.getMetadata(TEXT_KIND, owner, property) as string | undefined;
  return kind === 'unchecked' ? null : kind === 'multiline' ? 'multiline' : 'line';
}

/** Nested DTOs are a few levels deep; the body caps bound this anyway. */
const MAX_TEXT_DEPTH = 8;

/**
 * `controlChars` errors for every string in a validated DTO (nested DTOs and arrays included),
 * shaped like class-validator's so they join its field-keyed errors. Fields already refused as
 * unknown are left alone.
 */
export function textErrors(value: object, known: readonly ValidationError[] = [], depth = 0): ValidationError[] {
  const out: ValidationError[] = [];
  for (const property of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[property];
    const existing = known.find((e) => e.property === property);
    if (existing?.constraints?.whitelistValidation) continue;
    if (typeof item === 'string') {
      const kind = textKindOf(value, property);
      const refused = kind && refusedChar(item, kind);
      if (refused) out.push({ property, value: item, constraints: { controlChars: `controlChars ${JSON.stringify(refused)}` }, children: [] });
    } else if (item !== null && typeof item === 'object' && !ArrayBuffer.isView(item) && depth < MAX_TEXT_DEPTH) {
      const children = textErrors(item, existing?.children ?? [], depth + 1);
      if (children.length) out.push({ property, value: item, children });
    }
  }
  return out;
}

/**
 * class-validator's errors joined with the text check's. A string refused for its control characters
 * gets that one error: what else its rules say (not a known industry, too long …) is about a value
 * the user must retype anyway, and would only bury the reason.
 */
export function withTextErrors(errors: readonly ValidationError[], object: object): ValidationError[] {
  const text = textErrors(object, errors);
  const refusedText = new Set(text.filter((e) => e.constraints?.controlChars).map((e) => e.property));
  return [...errors.filter((e) => !refusedText.has(e.property)), ...text];
}

/** A body nested or repeated beyond the caps, refused before class-transformer walks it (e.g. multipart's `a[b][99999999]`). */
function shapeProblems(body: unknown): FieldProblems | null {
  const found = valueShapeProblem(body);
  if (!found) return null;
  if (found.path.length === 0) throw new ValidationFailedError({}, 'errors.bodyTooComplex');
  const { code, limit } = found.problem;
  return { [found.path[0]]: [{ code, params: { limit } }] };
}

const NOT_A_DTO: readonly unknown[] = [undefined, Object, String, Number, Boolean, Array];

/**
 * Nest's ValidationPipe plus the body caps and the text check. A body bound without a DTO class
 * (`@Body() body: Record<string, unknown>`, the pages' forms, validated later with validateForm)
 * must look like a form a browser sends: text fields only.
 */
class AppValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') {
      const shape = shapeProblems(value);
      if (shape) throw new ValidationFailedError(shape);
      if (NOT_A_DTO.includes(metadata.metatype) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const fields = nonTextFields(value as Record<string, unknown>);
        if (fields.length) throw new ValidationFailedError(Object.fromEntries(fields.map((f) => [f, [{ code: 'text' }]])));
      }
    }
    return super.transform(value, metadata);
  }

  protected override async validate(object: object, options?: ValidatorOptions): Promise<ValidationError[]> {
    return withTextErrors(await super.validate(object, options), object);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    ...VALIDATOR_OPTIONS,
    transform: true,
    exceptionFactory: (errors) => new ValidationFailedError(toFieldProblems(errors)),
  });
}

/**
 * A DTO from plain values with the app's rules (class-validator's and the text check): the
 * instance, and the field-keyed problems when there are any. Pages, services and imports use it.
 */
export async function validateDto<T extends object>(cls: ClassConstructor<T>, plain: Record<string, unknown>): Promise<{ value: T; fields: FieldProblems | null }> {
  const shape = shapeProblems(plain);
  if (shape) return { value: plainToInstance(cls, {}), fields: shape };
  const value = plainToInstance(cls, plain);
  const errors = await validate(value, VALIDATOR_OPTIONS);
  const all = withTextErrors(errors, value);
  return { value, fields: all.length ? toFieldProblems(all) : null };
}

/** Fields a browser form carries that are not part of any DTO. */
const FORM_ONLY_FIELDS = ['_csrf'];

export type FormResult<T> = { ok: true; value: T } | { ok: false; fields: FieldProblems };

/** Validates a submitted HTML form against a DTO with the same rules as the API; empty inputs count as absent. */
export async function validateForm<T extends object>(cls: ClassConstructor<T>, body: Record<string, unknown>): Promise<FormResult<T>> {
  const plain: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body ?? {})) {
    if (FORM_ONLY_FIELDS.includes(key)) continue;
    if (value === '') continue;
    plain[key] = value;
  }
  const { value, fields } = await validateDto(cls, plain);
  return fields ? { ok: false, fields } : { ok: true, value };
}

/** Same as validateForm, but throws the field-keyed ValidationFailedError. */
export async function validateOrThrow<T extends object>(cls: ClassConstructor<T>, plain: Record<string, unknown>): Promise<T> {
  const { value, fields } = await validateDto(cls, plain);
  if (fields) throw new ValidationFailedError(fields);
  return value;
}
