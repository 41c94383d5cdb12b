/** Room for three documents of the largest size allowed, base64-encoded, plus the rest of the answer. */
export function resultBodyLimit(maxFileBytes: number): number {
  return Math.ceil((maxFileBytes * 4) / 3) * 3 + 1024 * 1024;
}
