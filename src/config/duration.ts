const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400 };

/**
 * A duration that is not a timer (`dedupe_window: 24h`): a number of seconds, or a number with
 * one of the units ms, s, m, h, d. Must be more than 0.
 */
export function parseDuration(value: unknown): { seconds: number } | { reason: string } {
  const reason = `must be a duration: a number of seconds or a number with ms, s, m, h or d (e.g. 90s, 30m, 24h, 7d), not ${JSON.stringify(value)}`;
  let seconds: number | undefined;
  if (typeof value === 'number') seconds = value;
  else if (typeof value === 'string') {
    const found = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h|d)?\s*$/i.exec(value);
    if (found) seconds = Number(found[1]) * UNIT_SECONDS[(found[2] ?? 's').toLowerCase()]!;
  }
  if (seconds === undefined || !Number.isFinite(seconds)) return { reason };
  if (seconds <= 0) return { reason: `must be more than 0, not ${JSON.stringify(value)}` };
  return { seconds };
}
