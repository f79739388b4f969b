/**
 * The commonest slips of one letter, shared by typo correction and by the check of quotations
 * against the article. Each keeps the first letter but for `oneLetterShort`, which leaves that to
 * its callers.
 */

/** Equal once every run of one letter is read as one: "sumitt" and "summit". */
export function sameUndoubled(a: string, b: string): boolean {
  return a !== b && a.replace(/(.)\1+/gu, '$1') === b.replace(/(.)\1+/gu, '$1');
}

/** One letter typed for another, the first kept: "bend" for "bent". */
export function oneLetterChanged(a: string, b: string): boolean {
  if (a.length !== b.length || a === b || a[0] !== b[0]) return false;
  let differ = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differ++;
  return differ === 1;
}

/** `short` is `long` with one letter left out: "empy" of "empty". */
export function oneLetterShort(short: string, long: string): boolean {
  if (long.length !== short.length + 1) return false;
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.slice(i) === long.slice(i + 1);
}
