/**
 * Zip entries in Node inflate and deflate with node:zlib (native; three to four times fflate's speed). Inflation
 * is capped at the entry's declared size by zlib itself (maxOutputLength), so a zip bomb stops there.
 */
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { setZipCodec } from '../formats/zip.js';

setZipCodec({
  inflate: (data, size) => {
    // One output chunk, a byte longer than the declared size (zlib needs room to see the end): with the default
    // 16 KB chunks, or a chunk of exactly the size, the output was joined from two, and a 20 MB part cost 40 MB.
    const out = inflateRawSync(data, { maxOutputLength: Math.max(size, 1), chunkSize: Math.max(size + 1, 64) });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  },
  deflate: (data) => {
    const out = deflateRawSync(data, { level: 6 });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  },
  // Each piece compressed on its own and ended by a sync flush (byte-aligned, not final), the last one finished:
  // the outputs joined are one valid DEFLATE stream (as pigz writes it; back-references do not cross pieces of
  // 1 MB, which costs a fraction of a percent of compression).
  deflater: () => (piece, last) => {
    const out = deflateRawSync(piece, { level: 6, finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  },
});
