import 'reflect-metadata';
import type { ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsArray, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ValidationFailedError, type FieldProblems } from './errors/domain-error.js';
import { createValidationPipe, MultilineText, UncheckedText, validateDto, validateForm, validateOrThrow } from './validation.js';

class ItemDto {
  @IsString() @MaxLength(20)
  label: string;

  @IsOptional() @IsString() @MultilineText()
  note?: string;
}

class SampleDto {
  @IsString() @MaxLength(50)
  name: string;

  @IsOptional() @IsString() @MaxLength(500) @MultilineText()
  description?: string;

  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => ItemDto)
  items?: ItemDto[];
}

class RedirectDto {
  @IsOptional() @IsString() @UncheckedText()
  next?: string;
}

/** A subclass inherits the parent's long-text fields. */
class ExtendedDto extends SampleDto {
  @IsOptional() @IsString()
  code?: string;
}

const pipe = createValidationPipe();
const BODY: ArgumentMetadata = { type: 'body', metatype: SampleDto, data: '' };
const FORM_BODY: ArgumentMetadata = { type: 'body', metatype: Object, data: '' };

/** The field problems a rejected call carries. */
async function problemsOf(call: () => Promise<unknown>): Promise<FieldProblems> {
  try {
    await call();
  } catch (err) {
    if (err instanceof ValidationFailedError) return err.fields;
    throw err;
  }
  throw new Error('expected a ValidationFailedError');
}

const controlChars = (position: number, char: string) => [{ code: 'controlChars', params: { position, char } }];

describe('control characters, wherever a DTO is validated', () => {
  it.each<[string, Record<string, unknown>, FieldProblems | null]>([
    ['clean text', { name: '上海星辰微电子有限公司', description: '第一行\n第二行' }, null],
    ['tabs and CRLF in a long-text field', { name: 'x', description: '甲\t乙\r\n丙' }, null],
    ['a NUL in a one-line field', { name: 'ab\u0000' }, { name: controlChars(3, 'U+0000') }],
    ['a line break in a one-line field', { name: 'a\nb' }, { name: controlChars(2, 'U+000A') }],
    ['a NUL in a long-text field', { name: 'x', description: 'a\n\u0000' }, { description: controlChars(3, 'U+0000') }],
    ['a bidi override in a long-text field', { name: 'x', description: 'a\u202e' }, { description: controlChars(2, 'U+202E') }],
    ['nested DTOs, by path', { name: 'x', items: [{ label: 'ok', note: 'a\nb' }, { label: 'b\u0007' }] }, { 'items.1.label': controlChars(2, 'U+0007') }],
    ['instead of the other rules of the field (the value must be retyped anyway)', { name: `${'x'.repeat(50)}\u0001` }, { name: controlChars(51, 'U+0001') }],
    ['other fields keep their own errors', { name: `${'x'.repeat(51)}`, description: 'a\u202e' }, { name: [{ code: 'maxLength', params: { limit: 50 } }], description: controlChars(2, 'U+202E') }],
    ['not again on a field refused as unknown', { name: 'x', extra: 'a\u0000' }, { extra: [{ code: 'unknownField' }] }],
  ])('%s', async (_name, plain, expected) => {
    const { fields } = await validateDto(SampleDto, plain);
    expect(fields).toEqual(expected);
  });

  it('reads long-text fields declared on a parent class', async () => {
    expect((await validateDto(ExtendedDto, { name: 'x', description: 'a\nb', code: 'c' })).fields).toBeNull();
    expect((await validateDto(ExtendedDto, { name: 'x', code: 'c\nd' })).fields).toEqual({ code: controlChars(2, 'U+000A') });
  });

  it('leaves a field marked unchecked to the code that reads it', async () => {
    expect((await validateDto(RedirectDto, { next: '/\t/evil.example\u0000' })).fields).toBeNull();
  });

  it('in the global pipe (JSON API bodies and queries)', async () => {
    await expect(pipe.transform({ name: 'ok', description: 'a\nb' }, BODY)).resolves.toBeInstanceOf(SampleDto);
    expect(await problemsOf(() => pipe.transform({ name: 'a\u0000b' }, BODY))).toEqual({ name: controlChars(2, 'U+0000') });
    expect(await problemsOf(() => pipe.transform({ label: 'a\u001b' }, { type: 'query', metatype: ItemDto, data: '' }))).toEqual({ label: controlChars(2, 'U+001B') });
  });

  it('in page forms and service-level validation', async () => {
    await expect(validateForm(SampleDto, { _csrf: 't', name: 'a\u0085' })).resolves.toEqual({ ok: false, fields: { name: controlChars(2, 'U+0085') } });
    await expect(validateForm(SampleDto, { _csrf: 't', name: 'ok', description: '' })).resolves.toMatchObject({ ok: true });
    expect(await problemsOf(() => validateOrThrow(SampleDto, { name: '\ufffe' }))).toEqual({ name: controlChars(1, 'U+FFFE') });
  });
});

describe('body shape at the validation layer (multipart builds nested values from field names)', () => {
  it('refuses a sparse list by its length, keyed by the field', async () => {
    const sparse: unknown[] = [];
    sparse[99_999_999] = '1';
    const started = Date.now();
    expect(await problemsOf(() => pipe.transform({ name: 'x', items: sparse }, BODY))).toEqual({ items: [{ code: 'tooManyItems', params: { limit: 1000 } }] });
    expect((await validateDto(SampleDto, { name: 'x', items: sparse })).fields).toEqual({ items: [{ code: 'tooManyItems', params: { limit: 1000 } }] });
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('refuses nesting beyond the cap, keyed by the field', async () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 40; i++) deep = { a: deep };
    expect(await problemsOf(() => pipe.transform({ name: 'x', items: deep }, BODY))).toEqual({ items: [{ code: 'tooDeep', params: { limit: 32 } }] });
  });

  it('refuses a form body (no DTO class) holding anything but text, before any handler reads it', async () => {
    await expect(pipe.transform({ _csrf: 't', email: 'a', tags: ['x', 'y'] }, FORM_BODY)).resolves.toEqual({ _csrf: 't', email: 'a', tags: ['x', 'y'] });
    expect(await problemsOf(() => pipe.transform({ email: { $ne: 1 }, password: ['x', 1], name: { toString: 1 } }, FORM_BODY)))
      .toEqual({ email: [{ code: 'text' }], password: [{ code: 'text' }], name: [{ code: 'text' }] });
  });

  it('leaves a DTO body with non-text values to the DTO rules', async () => {
    expect(await problemsOf(() => pipe.transform({ name: 5 }, BODY))).toEqual({ name: [{ code: 'maxLength', params: { limit: 50 } }, { code: 'text' }] });
  });
});
