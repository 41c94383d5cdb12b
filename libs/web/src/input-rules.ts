import { DomainError, FieldProblem } from '@app/observability';

/** How deep a request body may nest (objects and arrays); e-form schemas, the deepest input, use well under this. */
export const MAX_INPUT_DEPTH = 32;

// eslint-disable-next-line no-control-regex -- NUL is exactly what is looked for
const NUL = /\u0000/;
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A field path as the API names fields (`formSchema.fields[2].key`); unprintable characters of keys replaced. */
function fieldPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  // eslint-disable-next-line no-control-regex -- control characters are what is replaced
  const safe = key.replace(/[\u0000-\u001f\u007f\uD800-\uDFFF]/g, '?');
  return parent === '' || parent.endsWith('.') ? `${parent}${safe}` : `${parent}.${safe}`;
}

function stringProblem(value: string): string | null {
  if (NUL.test(value)) return 'must not contain a NUL character (\\u0000)';
  if (UNPAIRED_SURROGATE.test(value)) return 'must be valid Unicode text (it contains an unpaired surrogate)';
  return null;
}

/**
 * What of a parsed request input PostgreSQL could not store or the portal will not walk: strings (values and keys)
 * with NUL or unpaired surrogates, and nesting deeper than MAX_INPUT_DEPTH. Iterative, so any depth is safe to
 * inspect. At most `max` problems, each naming its field; `prefix` names the input ('' for the body, 'query.').
 */
export function inputProblems(input: unknown, prefix: string, max = 10): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const root = prefix === '' ? 'body' : prefix.slice(0, -1);
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: input, path: prefix, depth: 0 }];
  while (stack.length > 0 && problems.length < max) {
    const { value, path, depth } = stack.pop()!;
    const field = path === '' || path === prefix ? root : path;
    if (typeof value === 'string') {
      const message = stringProblem(value);
      if (message) problems.push({ field, messages: [message] });
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_INPUT_DEPTH) {
      problems.push({ field, messages: [`is nested deeper than ${MAX_INPUT_DEPTH} levels`] });
      continue;
    }
    if (Array.isArray(value)) {
      const items: unknown[] = value;
      for (let i = items.length - 1; i >= 0; i--) {
        stack.push({ value: items[i], path: fieldPath(path, i), depth: depth + 1 });
      }
      continue;
    }
    for (const [key, child] of Object.entries(value as Record<string, unknown>).reverse()) {
      const keyProblem = stringProblem(key);
      const childPath = fieldPath(path, key);
      if (keyProblem) problems.push({ field: childPath, messages: [`name ${keyProblem}`] });
      else stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return problems;
}

/** The 400 problem for input that breaks the rules, naming every field found. */
export function inputRulesError(problems: readonly FieldProblem[]): DomainError {
  return new DomainError('validation_failed', problems.map((p) => `${p.field} ${p.messages[0]}`).join('; '), {
    errors: [...problems],
  });
}
