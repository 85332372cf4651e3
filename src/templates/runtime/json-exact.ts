/**
 * JSON.parse that keeps integers beyond 2^53 exact (as bigint), the way Python's json module does,
 * so `{{ request.json.id }}` prints the id that was sent. Everything else parses as JSON.parse does.
 */
import { normInt } from './ops.js';

// Big integers become marked strings, turned back into ints by the reviver. The marker starts with
// U+0000; a payload that itself contains a \u0000 escape is parsed plainly, so data is never mistaken
// for a marker.
const MARK = '\u0000int:';
// A string literal (skipped as is) or an integer of 16+ digits that is not part of a float.
const TOKEN = /"(?:[^"\\]|\\[\s\S])*"|(?<![\d.eE+-])-?\d{16,}(?![.eE\d])/g;

export function parseJsonExact(text: string): unknown {
  if (!/\d{16}/.test(text) || /\\u0000/i.test(text)) return JSON.parse(text);
  const marked = text.replace(TOKEN, (tok) => (tok.startsWith('"') ? tok : `"\\u0000int:${tok}"`));
  return JSON.parse(marked, (_key, value: unknown) => (typeof value === 'string' && value.startsWith(MARK) ? normInt(BigInt(value.slice(MARK.length))) : value));
}
