/**
 * "Did you mean ...?" for misspelt names: units, property names, enum values. One helper so every
 * message suggests the same way: a case-only difference first (the commonest slip, e.g. "gib"),
 * then the closest candidate within a small edit distance, else nothing (a wild guess is worse
 * than no guess).
 */

/**
 * Edit distance counting an insertion, a deletion, a substitution or a swap of two neighbours as
 * one edit (optimal string alignment): "wbe" is one slip from "web", not two.
 */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      row.push(d);
    }
    rows.push(row);
  }
  return rows[a.length][b.length];
}

/** The candidate the user most likely meant, or undefined when none is close enough. */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  // Nobody misspells a 100-character name; and a huge string must not cost quadratic time.
  if (input.length > 64) return undefined;
  const lower = input.toLowerCase();
  const sameLetters = candidates.find((c) => c.toLowerCase() === lower);
  if (sameLetters !== undefined) return sameLetters;
  // Allow about one slip per three characters, and at least one: "memroy" -> "memory".
  const allowed = Math.max(1, Math.floor(input.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d <= allowed && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** `a, b or c` with each quoted: for "must be one of" messages. */
export function listWords(words: readonly string[], conjunction = 'or'): string {
  const q = words.map((w) => `"${w}"`);
  if (q.length <= 1) return q.join('');
  return `${q.slice(0, -1).join(', ')} ${conjunction} ${q[q.length - 1]}`;
}
