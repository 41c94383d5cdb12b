/**
 * Typed access to the rows a test expects, failing with a clear message instead of a TypeError
 * further down when a row is missing.
 */

/** The element at `index` (negative counts from the end); throws when there is none. */
export function nth<T>(items: readonly T[], index: number, what = 'row'): T {
  const item = items.at(index);
  if (item === undefined) {
    throw new Error(`Expected a ${what} at index ${index}, got ${items.length} item(s)`);
  }
  return item;
}

/** The first element; throws when the list is empty. */
export function first<T>(items: readonly T[], what = 'row'): T {
  return nth(items, 0, what);
}

/** The last element; throws when the list is empty. */
export function last<T>(items: readonly T[], what = 'row'): T {
  return nth(items, -1, what);
}

/** The single element of a list that must hold exactly one; throws otherwise. */
export function only<T>(items: readonly T[], what = 'row'): T {
  if (items.length !== 1) {
    throw new Error(`Expected exactly one ${what}, got ${items.length}`);
  }
  return nth(items, 0, what);
}

/** The value under `key`; throws when the record has none. */
export function entry<T>(record: Readonly<Record<string, T>>, key: string, what = 'entry'): T {
  const value = record[key];
  if (value === undefined) {
    throw new Error(`Expected a ${what} for "${key}"`);
  }
  return value;
}
