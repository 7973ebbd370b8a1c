import { IsInt, IsOptional, IsString, Min, validate } from 'class-validator';
import { cacheValidationMetadataLookups } from './validation-metadata-cache.js';

class BaseQuery {
  @IsOptional() @IsInt() @Min(1) page?: number;
}

class NameQuery extends BaseQuery {
  @IsString() name!: string;
}

async function problems(o: object): Promise<string[]> {
  return (await validate(o)).map((e) => `${e.property}:${Object.keys(e.constraints ?? {}).sort().join(',')}`).sort();
}

describe('cacheValidationMetadataLookups', () => {
  beforeAll(() => cacheValidationMetadataLookups());

  it('validates with the same rules as before, its own and inherited, on every call', async () => {
    for (let i = 0; i < 3; i++) {
      expect(await problems(Object.assign(new NameQuery(), { page: 0 }))).toEqual(['name:isString', 'page:min']);
      expect(await problems(Object.assign(new NameQuery(), { name: 'a', page: 2 }))).toEqual([]);
    }
  });

  it('sees rules added after a lookup (a class defined later that extends a cached one)', async () => {
    expect(await problems(Object.assign(new NameQuery(), { name: 'a' }))).toEqual([]);
    class LaterQuery extends NameQuery {
      @IsInt() size!: number;
    }
    expect(await problems(Object.assign(new LaterQuery(), { name: 'a' }))).toEqual(['size:isInt']);
    expect(await problems(Object.assign(new NameQuery(), { name: 'a' }))).toEqual([]);
  });

  it('hands out copies: changing an answer does not change the next', () => {
    const storage = { getTargetValidationMetadatas: () => [1, 2], addValidationMetadata: () => undefined, addConstraintMetadata: () => undefined };
    cacheValidationMetadataLookups(storage as never);
    (storage.getTargetValidationMetadatas() as number[]).push(3);
    expect(storage.getTargetValidationMetadatas()).toEqual([1, 2]);
  });
});
