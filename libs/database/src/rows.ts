/**
 * The first row of a query that cannot come back empty (INSERT … RETURNING, a row this transaction has locked, an
 * aggregate): an empty result is a broken invariant, reported as one instead of as a TypeError further on.
 */
export function firstRow<T>(rows: readonly T[], what: string): T {
  const [row] = rows;
  if (row === undefined) throw new Error(`Expected a ${what} row; the query returned none`);
  return row;
}
