/**
 * Base64 with btoa/atob: the core runs where there is no Buffer (Workers without nodejs_compat).
 * Used for the relay's signature headers, the verify actions and the stored request bodies.
 */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // in slices: String.fromCharCode with millions of arguments overflows the stack
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The decoded bytes, or null when the text is not base64. */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) return null;
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
