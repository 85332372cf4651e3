/** Reads the /metrics exposition as numbers, so tests compare values and label sets, not text. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\S+)?$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?/y;

/** Parses the Prometheus text format and OpenMetrics (comments and `# EOF` skipped). */
export function parseExposition(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = SAMPLE.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      return { name: match[1]!, labels: parseLabels(match[2] ?? '', line), value: parseValue(match[3]!) };
    });
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const match = LABEL.exec(text);
    if (!match) throw new Error(`bad labels in: ${line}`);
    labels[match[1]!] = match[2]!.replace(/\\(.)/g, (_all, char: string) => (char === 'n' ? '\n' : char));
  }
  return labels;
}

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  const value = Number(text);
  // prom-client prints NaN as "Nan"; Prometheus reads it case-insensitively
  if (Number.isNaN(value) && text.toLowerCase() !== 'nan') throw new Error(`bad value ${text}`);
  return value;
}

export class Scrape {
  constructor(
    readonly samples: readonly Sample[],
    readonly contentType: string,
    readonly text: string,
  ) {}

  /** Samples of `name` whose labels include `labels`. */
  find(name: string, labels: Record<string, string> = {}): Sample[] {
    return this.samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  }

  /** The one matching sample's value; 0 when the series does not exist (yet). */
  value(name: string, labels: Record<string, string> = {}): number {
    const found = this.find(name, labels);
    if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
    return found[0]?.value ?? 0;
  }

  /** Every series as `name{sorted labels}`, to compare sets of series. */
  seriesKeys(): string[] {
    return this.samples.map(({ name, labels }) => `${name}${JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)))}`).sort();
  }
}

/** A server of either tier (ServerProcess or InProcessServer). */
interface Scrapeable {
  request(path: string, init?: RequestInit): Promise<{ status: number; text: string; headers: Headers }>;
}

/** GETs /metrics and parses it. */
export async function scrape(server: Scrapeable, accept?: string): Promise<Scrape> {
  const { status, text, headers } = await server.request('/metrics', { headers: accept ? { Accept: accept } : {} });
  if (status !== 200) throw new Error(`/metrics answered ${status}`);
  return new Scrape(parseExposition(text), headers.get('content-type') ?? '', text);
}
