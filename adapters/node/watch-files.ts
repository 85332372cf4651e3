import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';

/** Waits this long after the last change before reporting: editors write a file in several steps. */
const SETTLE_MS = 150;

export interface FileWatch {
  /** Watches these files instead (the imports of a reloaded config). */
  update(files: readonly string[]): void;
  close(): void;
}

/**
 * Calls `changed` once a burst of changes to any of `files` has settled. The folders are
 * watched, not the files: an editor that saves by writing a new file and renaming it over
 * the old one replaces the file a watch on the file itself would follow.
 */
export function watchFiles(files: readonly string[], changed: () => void, onError: (message: string) => void): FileWatch {
  const watchers = new Map<string, FSWatcher>();
  let names = new Map<string, Set<string>>();
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(changed, SETTLE_MS);
  };
  // at start a folder that cannot be watched is an error: --watch would silently do nothing
  const update = (list: readonly string[], starting = false) => {
    names = new Map();
    for (const file of list.map((path) => resolve(path))) {
      const dir = dirname(file);
      if (!names.has(dir)) names.set(dir, new Set());
      names.get(dir)!.add(basename(file));
    }
    for (const [dir, watcher] of watchers) {
      if (names.has(dir)) continue;
      watcher.close();
      watchers.delete(dir);
    }
    for (const dir of names.keys()) {
      if (watchers.has(dir)) continue;
      try {
        const watcher = watch(dir, (_event, name) => {
          // without a name the platform did not say which file: it may be ours
          if (name === null || names.get(dir)?.has(basename(name.toString()))) schedule();
        });
        watcher.on('error', (error) => onError(`cannot watch ${dir}: ${error.message}`));
        watchers.set(dir, watcher);
      } catch (error) {
        if (starting) throw new Error(`--watch: cannot watch ${dir}: ${(error as Error).message}`);
        onError(`cannot watch ${dir}: ${(error as Error).message}`);
      }
    }
  };
  update(files, true);
  return {
    update: (list) => update(list),
    close() {
      clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}
