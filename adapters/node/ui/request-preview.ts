/**
 * What the deliveries page shows of a request, and all it keeps of a refused one: headers with
 * credentials masked as the logs mask them, and the body as text, cut past a limit (its full
 * size kept), JSON pretty-printed with credential-named keys masked too.
 */
import { isSensitiveName, MASKED } from '../../../src/validation/value-text.js';

/** Bytes of a body kept (refused requests) and shown (deliveries). */
export const BODY_PREVIEW_BYTES = 64 * 1024;

export type HeaderPairs = [name: string, value: string][];

export function maskHeaders(headers: Iterable<readonly [string, string]>): HeaderPairs {
  return [...headers].map(([name, value]) => [name, isSensitiveName(name) ? MASKED : value]);
}

export interface BodyPreview {
  /** The body's first BODY_PREVIEW_BYTES as text (pretty JSON when it parses whole). */
  readonly text: string;
  /** Its full size in bytes. */
  readonly size: number;
  readonly truncated: boolean;
}

export function previewBody(bytes: Uint8Array): BodyPreview {
  const truncated = bytes.length > BODY_PREVIEW_BYTES;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(truncated ? bytes.subarray(0, BODY_PREVIEW_BYTES) : bytes);
  return { text: truncated ? maskJsonText(text) : prettyJson(text), size: bytes.length, truncated };
}

/** A cut JSON text does not parse: its `"name": "value"` pairs are masked where they stand. */
function maskJsonText(text: string): string {
  return text.replace(/"((?:[^"\\]|\\.)*)"(\s*:\s*)"(?:[^"\\]|\\.)*"/g, (pair, name: string, colon: string) => (isSensitiveName(name) ? `"${name}"${colon}"${MASKED}"` : pair));
}

/** JSON indented with credential-named keys masked; any other text as it is. */
function prettyJson(text: string): string {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return text;
  try {
    return JSON.stringify(JSON.parse(trimmed), (key, value: unknown) => (key && isSensitiveName(key) ? MASKED : value), 2);
  } catch {
    return text;
  }
}

export function base64Bytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}
