import { readFileSync } from 'node:fs';

/** `read_config`'s files on Node and Lambda: the text, or undefined when the file cannot be read. */
export function readTextFileIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
