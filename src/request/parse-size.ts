const UNITS: Record<string, number> = { '': 1, b: 1, k: 1e3, kb: 1e3, kib: 1024, m: 1e6, mb: 1e6, mib: 1024 ** 2, g: 1e9, gb: 1e9, gib: 1024 ** 3 };

/**
 * `25MiB`, `512 KB`, `1000000` → bytes; undefined when it is not a positive size. A file of its own:
 * actions import it, and bundles (Lambda, Workers) must not pull in the config loader.
 */
export function parseSize(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const found = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = found && UNITS[found[2]!.toLowerCase()];
  const bytes = found && unit ? Math.floor(Number(found[1]) * unit) : undefined;
  return bytes && bytes > 0 ? bytes : undefined;
}
