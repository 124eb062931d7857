/**
 * "Did you mean": the known name nearest to a mistyped one, by edit distance (insertions, deletions, substitutions
 * and swaps of neighbours, case ignored), when it is near enough to be a typo rather than another word.
 */

/** Optimal string alignment distance between a and b. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = new Uint16Array(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}

/**
 * The candidate nearest to `value`, or null when none is within the typo allowance: no edit for names of up to three
 * characters (every short name is one edit from another: s2x is no typo of s2t), one up to five,
 * two beyond. Ties go to the earlier candidate, so list the likelier names first.
 */
export function closestName<T extends string>(value: string, candidates: readonly T[]): T | null {
  const typed = value.trim().toLowerCase();
  if (typed === '') return null;
  let best: T | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(typed, candidate.toLowerCase());
    const longer = Math.max(typed.length, candidate.length);
    const allowance = longer <= 3 ? 0 : longer <= 5 ? 1 : 2;
    if (distance <= allowance && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
