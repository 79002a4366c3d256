import { hasUnstorableCharacter, inputProblems, MAX_INPUT_DEPTH } from './input-guard.js';

describe('input guard', () => {
  it('finds NUL and lone surrogates, and lets paired surrogates (emoji) and ordinary text through', () => {
    for (const bad of ['a\u0000b', '\u0000', 'x\ud800', '\ud800y', '\udc00', 'a\udfffb', '\ud83d\ud83d']) expect(hasUnstorableCharacter(bad)).toBe(true);
    for (const good of ['', 'Ada Lovelace', 'Zoë 😀 ☕', '\ud83d\ude00', 'TKT-20261224-7K3M9QXA', 'a\u0001b']) expect(hasUnstorableCharacter(good)).toBe(false);
  });

  it('names the field of a bad string, in values and in keys, anywhere in the tree', () => {
    expect(inputProblems({ items: [{ name: 'ok' }, { name: 'bad\u0000' }] }, '')).toEqual([
      { field: 'items[1].name', message: expect.stringContaining('NUL') },
    ]);
    expect(inputProblems({ ['k\ud800']: 1 }, 'query')).toEqual([{ field: 'query.k\ud800', message: expect.any(String) }]);
    expect(inputProblems({ a: 1, b: [true, null, 2.5, 'fine'] }, '')).toEqual([]);
  });

  it(`refuses nesting deeper than ${MAX_INPUT_DEPTH} levels without using the stack, and takes ${MAX_INPUT_DEPTH}`, () => {
    const nest = (levels: number) => JSON.parse('['.repeat(levels) + ']'.repeat(levels));
    expect(inputProblems(nest(MAX_INPUT_DEPTH), '')).toEqual([]);
    expect(inputProblems(nest(MAX_INPUT_DEPTH + 1), '')).toEqual([{ field: expect.any(String), message: expect.stringContaining('nested deeper') }]);
    expect(inputProblems(nest(100_000), '')).toHaveLength(1);
  });
});
