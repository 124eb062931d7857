/**
 * Zip containers (EPUB, and Office files for whoever adds them), read and written without trusting the archive:
 * - entries are read from the central directory into a list and a Map (a name such as __proto__ is a name like
 *   any other); two entries of one name are refused, since which one a reader takes is not defined;
 * - an entry is inflated only when asked, into a buffer of its declared size plus one byte, so an entry that
 *   inflates past its declared size, past `limits.entrySize`, or a total past `limits.totalSize` is refused
 *   before it costs memory; the CRC-32 of every inflated entry is checked;
 * - writing copies the compressed bytes of every entry that did not change (byte-identical, no recompression),
 *   in the order given, names as they were (their original bytes).
 * Encrypted entries, ZIP64 archives and split archives are refused with INVALID_DOCUMENT.
 */
import { deflateSync, inflateSync } from 'fflate';
import { invalidDocument, limitExceeded, type DocumentLimits } from './format.js';

export interface ZipEntry {
  /** The name (UTF-8, or CP437 read as Latin-1 when the archive does not say UTF-8). */
  readonly name: string;
  /** The name's bytes as stored, written back unchanged. */
  readonly nameBytes: Uint8Array;
  /** 0 stored, 8 deflated (others are copied but cannot be read). */
  readonly method: number;
  readonly flags: number;
  readonly time: number;
  readonly date: number;
  readonly crc: number;
  /** Declared inflated size. */
  readonly size: number;
  /** The compressed bytes (a view into the archive). */
  readonly raw: Uint8Array;
  readonly externalAttributes: number;
  readonly versionMadeBy: number;
}

export interface ZipArchive {
  /** In central-directory order. */
  readonly entries: readonly ZipEntry[];
  readonly byName: ReadonlyMap<string, ZipEntry>;
}

const CENTRAL = 0x02014b50, LOCAL = 0x04034b50, END = 0x06054b50;

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8', { fatal: true });

let crcTable: Int32Array | null = null;

/** CRC-32 (IEEE), as zip stores it. */
export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let crc = -1;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

/**
 * Read a zip's directory. `what` names the kind of document in messages ("EPUB"). Nothing is inflated here.
 */
export function readZip(bytes: Uint8Array, what: string): ZipArchive {
  const fail = (message: string) => invalidDocument(`Not a valid ${what}: ${message}; nothing was converted.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record: 22 bytes plus a comment of up to 65535 bytes, at the end.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === END && i + 22 + view.getUint16(i + 20, true) === bytes.length) {
      end = i;
      break;
    }
  }
  if (end < 0) throw fail('not a zip archive (no end of central directory), or a damaged one');
  const disk = view.getUint16(end + 4, true), directoryDisk = view.getUint16(end + 6, true);
  const count = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true), directoryOffset = view.getUint32(end + 16, true);
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) throw fail('a ZIP64 archive, which is not supported');
  if (disk !== 0 || directoryDisk !== 0) throw fail('a split (multi-part) archive');
  if (directoryOffset + directorySize > end) throw fail('the central directory lies outside the archive');
  const entries: ZipEntry[] = [];
  const byName = new Map<string, ZipEntry>();
  let at = directoryOffset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL) throw fail(`central directory entry ${n + 1} is damaged`);
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const compressedSize = view.getUint32(at + 20, true), size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true), extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localOffset = view.getUint32(at + 42, true);
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
    let name: string;
    try {
      name = flags & 0x800 ? utf8.decode(nameBytes) : latin1.decode(nameBytes);
    } catch {
      throw fail(`an entry name is not valid UTF-8 although the archive says it is`);
    }
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) throw fail(`${name} needs ZIP64, which is not supported`);
    if (flags & 1) throw fail(`${name} is encrypted`);
    if (byName.has(name)) throw fail(`two entries are named ${JSON.stringify(name)} (which one a reader takes is not defined)`);
    if (localOffset + 30 > bytes.length || view.getUint32(localOffset, true) !== LOCAL) throw fail(`the local header of ${name} is missing`);
    const dataStart = localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
    if (dataStart + compressedSize > bytes.length) throw fail(`${name} is cut short`);
    const entry: ZipEntry = {
      name, nameBytes, method, flags,
      time: view.getUint16(at + 12, true), date: view.getUint16(at + 14, true), crc: view.getUint32(at + 16, true),
      size, raw: bytes.subarray(dataStart, dataStart + compressedSize),
      externalAttributes: view.getUint32(at + 38, true), versionMadeBy: view.getUint16(at + 4, true),
    };
    entries.push(entry);
    byName.set(name, entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return { entries, byName };
}

/** Keeps the running total of inflated bytes against the limits. */
export class InflateBudget {
  private total = 0;

  constructor(private readonly limits: DocumentLimits, private readonly what: string) {}

  /** The content of an entry, inflated and checked (size, CRC-32), within the limits. */
  inflate(entry: ZipEntry): Uint8Array {
    const fail = (message: string) => invalidDocument(`Not a valid ${this.what}: ${message}; nothing was converted.`);
    if (entry.size > this.limits.entrySize) throw limitExceeded(`${entry.name} (${entry.size} bytes inflated)`, 'entrySize', this.limits.entrySize);
    if (this.total + entry.size > this.limits.totalSize) {
      throw limitExceeded(`The inflated entries (${this.total + entry.size} bytes so far)`, 'totalSize', this.limits.totalSize);
    }
    let data: Uint8Array;
    if (entry.method === 0) {
      data = entry.raw;
    } else if (entry.method === 8) {
      try {
        data = inflateSync(entry.raw, { out: new Uint8Array(entry.size + 1) });
      } catch (error) {
        throw fail(`${entry.name} cannot be inflated (${error instanceof Error ? error.message : String(error)})`);
      }
    } else {
      throw fail(`${entry.name} is compressed with method ${entry.method}, which is not supported`);
    }
    if (data.length !== entry.size) throw fail(`${entry.name} ${data.length > entry.size ? 'inflates past' : 'is shorter than'} its declared size of ${entry.size} bytes`);
    if (crc32(data) !== entry.crc) throw fail(`${entry.name} is damaged (CRC-32 mismatch)`);
    this.total += entry.size;
    return data;
  }
}

/** An entry to write: an original entry copied as it is, or new content for an original entry's name and metadata. */
export type ZipOutput =
  | { readonly entry: ZipEntry }
  | { readonly entry: ZipEntry; readonly data: Uint8Array; readonly compress: boolean };

/** Write a zip of the given entries in order. */
export function writeZip(outputs: readonly ZipOutput[], what: string): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const output of outputs) {
    const { entry } = output;
    let method = entry.method, crc = entry.crc, size = entry.size, raw = entry.raw;
    if ('data' in output) {
      method = output.compress ? 8 : 0;
      crc = crc32(output.data);
      size = output.data.length;
      raw = output.compress ? deflateSync(output.data, { level: 6 }) : output.data;
    }
    // Sizes go in the local header: no data descriptor (bit 3); UTF-8 names keep their flag (bit 11).
    const flags = entry.flags & 0x800;
    const local = new Uint8Array(30 + entry.nameBytes.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, LOCAL, true);
    lv.setUint16(4, method === 8 ? 20 : 10, true);
    lv.setUint16(6, flags, true);
    lv.setUint16(8, method, true);
    lv.setUint16(10, entry.time, true);
    lv.setUint16(12, entry.date, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, raw.length, true);
    lv.setUint32(22, size, true);
    lv.setUint16(26, entry.nameBytes.length, true);
    local.set(entry.nameBytes, 30);
    const record = new Uint8Array(46 + entry.nameBytes.length);
    const cv = new DataView(record.buffer);
    cv.setUint32(0, CENTRAL, true);
    cv.setUint16(4, entry.versionMadeBy, true);
    cv.setUint16(6, method === 8 ? 20 : 10, true);
    cv.setUint16(8, flags, true);
    cv.setUint16(10, method, true);
    cv.setUint16(12, entry.time, true);
    cv.setUint16(14, entry.date, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, raw.length, true);
    cv.setUint32(24, size, true);
    cv.setUint16(28, entry.nameBytes.length, true);
    cv.setUint32(38, entry.externalAttributes, true);
    cv.setUint32(42, offset, true);
    record.set(entry.nameBytes, 46);
    parts.push(local, raw);
    central.push(record);
    offset += local.length + raw.length;
    if (offset > 0xffffffff) throw invalidDocument(`The converted ${what} would exceed 4 GB, which needs ZIP64 (not supported); nothing was converted.`);
  }
  const directorySize = central.reduce((sum, r) => sum + r.length, 0);
  if (outputs.length > 0xfffe) throw invalidDocument(`The converted ${what} has more than 65534 entries, which needs ZIP64 (not supported); nothing was converted.`);
  const endRecord = new Uint8Array(22);
  const ev = new DataView(endRecord.buffer);
  ev.setUint32(0, END, true);
  ev.setUint16(8, outputs.length, true);
  ev.setUint16(10, outputs.length, true);
  ev.setUint32(12, directorySize, true);
  ev.setUint32(16, offset, true);
  const result = new Uint8Array(offset + directorySize + 22);
  let at = 0;
  for (const part of [...parts, ...central, endRecord]) {
    result.set(part, at);
    at += part.length;
  }
  return result;
}

/** An entry with new content, for writeZip when adding an entry that had no original (a template gives metadata). */
export function entryNamed(name: string, template?: ZipEntry): ZipEntry {
  const nameBytes = new TextEncoder().encode(name);
  const ascii = nameBytes.every((b) => b < 0x80);
  return {
    name, nameBytes, method: 8, flags: ascii ? 0 : 0x800, time: template?.time ?? 0, date: template?.date ?? 0x21,
    crc: 0, size: 0, raw: new Uint8Array(0), externalAttributes: 0, versionMadeBy: 20,
  };
}
