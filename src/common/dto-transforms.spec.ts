import { blank, optionalInt, trim } from './dto-transforms.js';

describe('shared DTO transforms', () => {
  it.each<[string, (i: { value: unknown }) => unknown, unknown, unknown]>([
    ['trim text', trim, '  甲 ', '甲'],
    ['trim leaves numbers', trim, 5, 5],
    ['trim leaves objects', trim, { a: 1 }, { a: 1 }],
    ['blank empty', blank, '', undefined],
    ['blank text', blank, ' x ', 'x'],
    ['blank whitespace only stays (the validator refuses it)', blank, '  ', ''],
    ['blank null stays null', blank, null, null],
    ['int digits', optionalInt, ' 42 ', 42],
    ['int negative', optionalInt, '-3', -3],
    ['int empty', optionalInt, '', undefined],
    ['int null', optionalInt, null, undefined],
    ['int number', optionalInt, 7, 7],
    ['int decimal stays text', optionalInt, '1.5', '1.5'],
    ['int word stays text', optionalInt, 'abc', 'abc'],
    ['int too long stays text', optionalInt, '1234567890123456', '1234567890123456'],
    ['int object stays', optionalInt, { x: 1 }, { x: 1 }],
  ])('%s', (_name, fn, input, expected) => {
    expect(fn({ value: input })).toEqual(expected);
  });
});
