/**
 * The bytes a data module carries as a string of U+0000–U+00FF (see data-source.ts): natively where the platform
 * can (btoa, then Uint8Array.fromBase64: two passes in native code), else a loop.
 */

type NativeBase64 = { fromBase64?: (text: string) => Uint8Array };

export function latin1Bytes(text: string): Uint8Array {
  const fromBase64 = (Uint8Array as unknown as NativeBase64).fromBase64;
  if (fromBase64 && typeof btoa === 'function') return fromBase64(btoa(text));
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) throw new Error('a data module holds a character outside U+0000–U+00FF');
    bytes[i] = code;
  }
  return bytes;
}
