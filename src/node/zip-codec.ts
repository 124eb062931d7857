/**
 * Zip entries in Node inflate and deflate with node:zlib (native; three to four times fflate's speed). Inflation
 * is capped at the entry's declared size by zlib itself (maxOutputLength), so a zip bomb stops there.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { setZipCodec } from '../formats/zip.js';

setZipCodec({
  inflate: (data, size) => {
    const out = inflateRawSync(data, { maxOutputLength: Math.max(size, 1) });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  },
  deflate: (data) => {
    const out = deflateRawSync(data, { level: 6 });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  },
});
