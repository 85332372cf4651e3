/**
 * The Node server's delivery ids (endpoint `dedupe`): kept in memory and appended, one JSON line per
 * claim, to `<state_dir>/dedupe.jsonl`, which is read back at start so the ids survive a restart.
 *
 * Why a file and not SQLite: an append of one short line per accepted delivery is all this needs,
 * and it adds no native module to install, build for the container image or load on start. The
 * file is rewritten with only the live ids at start and whenever it holds far more dead lines than
 * live ones, so it stays about the size of one window's deliveries.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DeliveryIdStoreUnavailable, MemoryDeliveryIdStore, deliveryKey, type ClaimResult, type DeliveryIdStore } from '../../src/app/delivery-ids.js';

export const DEDUPE_FILE = 'dedupe.jsonl';

/** One line of the file: `until` 0 forgets the id (its request failed, the retry must run). */
interface Line {
  readonly endpoint: string;
  readonly id: string;
  readonly until: number;
}

export class FileDeliveryIdStore implements DeliveryIdStore {
  readonly file: string;
  private readonly memory = new MemoryDeliveryIdStore();
  private fd: number | null = null;
  /** Lines in the file, for deciding when to rewrite it. */
  private lines = 0;
  private rewriteAt = 1000;

  /**
   * Opens (creating) the folder and the file; when it cannot, says so on stderr and tries again on
   * each request of an endpoint with `dedupe`, which is answered 503 meanwhile.
   */
  constructor(
    stateDir: string,
    private readonly stderr: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.file = join(resolve(stateDir), DEDUPE_FILE);
    try {
      this.open();
      this.stderr(`dedupe: delivery ids are kept in ${this.file} (${this.memory.size} inside their window)`);
    } catch (error) {
      this.stderr(`dedupe: ${(error as Error).message}; endpoints with dedupe answer 503 until it can`);
    }
  }

  async claim(endpoint: string, id: string, now: number, until: number): Promise<ClaimResult> {
    this.ensureOpen();
    const key = deliveryKey(endpoint, id);
    const result = this.memory.claimNow(key, now, until);
    if (result === 'duplicate') return result;
    try {
      this.append({ endpoint, id, until });
    } catch (error) {
      this.memory.forget(key);
      throw error;
    }
    return result;
  }

  async release(endpoint: string, id: string): Promise<void> {
    this.memory.forget(deliveryKey(endpoint, id));
    this.ensureOpen();
    this.append({ endpoint, id, until: 0 });
  }

  private ensureOpen(): void {
    if (this.fd !== null) return;
    this.open();
    this.stderr(`dedupe: delivery ids are kept in ${this.file} again`);
  }

  private open(): void {
    const dir = resolve(this.file, '..');
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      this.load();
      this.rewrite();
    } catch (error) {
      throw new DeliveryIdStoreUnavailable(`cannot keep delivery ids in ${this.file}: ${(error as Error).message}`);
    }
  }

  private load(): void {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    let unreadable = 0;
    for (const raw of text.split('\n')) {
      if (raw === '') continue;
      const line = parseLine(raw);
      if (line) this.memory.restore(deliveryKey(line.endpoint, line.id), line.until);
      else unreadable++;
    }
    // a line cut short by a crash of the machine mid-write; its request had not run yet
    if (unreadable > 0) this.stderr(`dedupe: skipped ${unreadable} unreadable line(s) in ${this.file}`);
  }

  /** Replaces the file with the live ids (written aside, then renamed: a crash leaves one or the other). */
  private rewrite(): void {
    const now = this.now();
    this.memory.sweep(now);
    const temporary = `${this.file}.${process.pid}.tmp`;
    const fd = openSync(temporary, 'w', 0o600);
    let count = 0;
    let written = false;
    try {
      let chunk = '';
      for (const [key, until] of this.memory.live(now)) {
        const [endpoint, id] = JSON.parse(key) as [string, string];
        chunk += serialize({ endpoint, id, until });
        count++;
        if (chunk.length > 64 * 1024) {
          writeSync(fd, chunk);
          chunk = '';
        }
      }
      if (chunk) writeSync(fd, chunk);
      fsyncSync(fd);
      written = true;
    } finally {
      closeSync(fd);
      if (!written) rmSync(temporary, { force: true });
    }
    renameSync(temporary, this.file);
    const appending = openSync(this.file, 'a', 0o600);
    if (this.fd !== null) closeSync(this.fd);
    this.fd = appending;
    this.lines = count;
    this.rewriteAt = Math.max(1000, 2 * count);
  }

  private append(line: Line): void {
    try {
      // one write() on an O_APPEND file: the line lands whole, and is in the file before any action runs
      writeSync(this.fd!, serialize(line));
      this.lines++;
    } catch (error) {
      if (this.fd !== null) closeSync(this.fd);
      this.fd = null;
      throw new DeliveryIdStoreUnavailable(`cannot write ${this.file}: ${(error as Error).message}`);
    }
    // twice the live ids of the last rewrite: rewrites stay rare (amortised O(1) per line) even when all ids are live
    if (this.lines > this.rewriteAt) {
      try {
        this.rewrite();
      } catch (error) {
        // the appended file is still complete; only its compaction waits for the next chance
        this.stderr(`dedupe: cannot compact ${this.file}: ${(error as Error).message}`);
      }
    }
  }
}

function serialize(line: Line): string {
  return `${JSON.stringify(line)}\n`;
}

function parseLine(raw: string): Line | undefined {
  try {
    const value = JSON.parse(raw) as Partial<Line> | null;
    if (value && typeof value.endpoint === 'string' && typeof value.id === 'string' && typeof value.until === 'number') return value as Line;
  } catch {
    // not JSON: reported by the caller as unreadable
  }
  return undefined;
}
