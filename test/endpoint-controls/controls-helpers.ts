import { existsSync, readFileSync } from 'node:fs';

/** The `start N <ns>` / `end N <ns>` records the test actions append to `file`, in file order. */
export function records(file: string): { kind: 'start' | 'end'; id: string; at: bigint }[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [kind, id, at] = line.split(' ');
      return { kind: kind as 'start' | 'end', id: id!, at: BigInt(at!) };
    });
}

/** A shell command that records its start and end (with nanosecond times) around `middle`. */
export function recorded(file: string, middle: string): string {
  return `echo "start $ID $(date +%s%N)" >> ${file}; ${middle}; echo "end $ID $(date +%s%N)" >> ${file}`;
}

/** Runs that overlap: a start while another run has not ended. */
export function overlaps(list: ReturnType<typeof records>): string[] {
  const open = new Set<string>();
  const found: string[] = [];
  for (const record of list) {
    if (record.kind === 'start') {
      if (open.size > 0) found.push(`${record.id} started while ${[...open].join(', ')} ran`);
      open.add(record.id);
    } else open.delete(record.id);
  }
  return found;
}
