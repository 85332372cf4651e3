/** Typos further than this from every known name get no suggestion: the nearest name would be a guess. */
export const MAX_SUGGESTION_DISTANCE = 2;

/**
 * The candidate nearest to a mistyped name (`header` → `headers`, `githb-verify` →
 * `github-verify`), or undefined when none is within two edits. Case is ignored.
 * On a tie the candidate listed first wins, so callers list the common names first.
 */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = MAX_SUGGESTION_DISTANCE + 1;
  for (const candidate of candidates) {
    // the distance is at least the difference in length: skip the table for far names
    if (candidate === name || Math.abs(candidate.length - name.length) > MAX_SUGGESTION_DISTANCE) continue;
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `: did you mean "headers"?` for a startup error, or nothing when no name is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const suggestion = suggest(name, candidates);
  return suggestion === undefined ? '' : `: did you mean "${suggestion}"?`;
}

/**
 * Damerau–Levenshtein distance in its optimal-string-alignment form: insertions,
 * deletions, substitutions and swaps of two neighbours (`lgo` → `log`) cost one each.
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i]!;
    const above = rows[i - 1]!;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(above[j]! + 1, row[j - 1]! + 1, above[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) distance = Math.min(distance, rows[i - 2]![j - 2]! + 1);
      row[j] = distance;
    }
  }
  return rows[a.length]![b.length]!;
}
