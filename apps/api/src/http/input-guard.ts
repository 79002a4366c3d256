import type { FieldError } from '@app/shared';

/** Deepest nesting of arrays and objects a request body may have (the API's own bodies need 4). */
export const MAX_INPUT_DEPTH = 32;

// NUL, or a UTF-16 surrogate without its pair: neither can be stored in PostgreSQL text or jsonb.
// eslint-disable-next-line no-control-regex -- NUL is what this looks for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when `text` holds a NUL or a lone surrogate. */
export function hasUnstorableCharacter(text: string): boolean {
  return UNSTORABLE.test(text);
}

/**
 * The problems of one parsed input (a JSON body, a query object): strings (keys too) holding NUL or
 * lone surrogates, and nesting deeper than {@link MAX_INPUT_DEPTH}. Walked iteratively, so a
 * hostile 5,000-level body costs no stack. Returns at most one error per kind, with the field path
 * (`items[0].name`) under `root`; an empty array when the input is fine.
 */
export function inputProblems(value: unknown, root: string): FieldError[] {
  const errors: FieldError[] = [];
  let badText = false;
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'string') {
      if (!badText && hasUnstorableCharacter(current)) {
        badText = true;
        errors.push({ field: path, message: `${path} must not contain NUL characters or unpaired UTF-16 surrogates` });
      }
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) {
      errors.push({ field: path, message: `${path} is nested deeper than ${MAX_INPUT_DEPTH} levels` });
      return errors;
    }
    if (Array.isArray(current)) {
      current.forEach((item, i) => stack.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }));
      continue;
    }
    for (const [key, item] of Object.entries(current)) {
      const child = path ? `${path}.${key}` : key;
      if (!badText && hasUnstorableCharacter(key)) {
        badText = true;
        errors.push({ field: child, message: 'field names must not contain NUL characters or unpaired UTF-16 surrogates' });
      }
      stack.push({ value: item, path: child, depth: depth + 1 });
    }
  }
  return errors;
}
