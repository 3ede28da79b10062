/** Levenshtein distance, small inputs only (field names, kinds, time zones). */
export function measureEditDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * The candidate closest to `wanted` within `maxDistance` edits, ignoring letter case, or undefined.
 * A case-only difference counts as the closest possible match (`slo` suggests `SLO`).
 */
export function suggestClosest(wanted: string, candidates: Iterable<string>, maxDistance = 2): string | undefined {
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  const lowerWanted = wanted.toLowerCase();
  for (const candidate of candidates) {
    if (candidate === wanted) continue;
    const distance = measureEditDistance(lowerWanted, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `; did you mean "interval"?` or an empty string, to append to a message. */
export function formatSuggestion(wanted: string, candidates: Iterable<string>, maxDistance = 2): string {
  const suggestion = suggestClosest(wanted, candidates, maxDistance);
  return suggestion === undefined ? "" : `; did you mean "${suggestion}"?`;
}
