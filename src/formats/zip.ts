/**
 * Zip containers (EPUB, Office Open XML, OpenDocument), read and rewritten safely. Only the entries a format
 * replaces are inflated and deflated again; every other entry — its local header, compressed data, data
 * descriptor and central-directory record, names and extra fields included — is copied raw, so it stays
 * byte-identical and costs no inflation. Refused with INVALID_DOCUMENT, before anything is written: a damaged
 * zip (no end record, records out of bounds or overlapping, a CRC or size that does not match), duplicate entry
 * names, names that escape the folder (`../`, absolute paths, drive letters, NUL), encrypted entries, and entries
 * that inflate past the limits (declared or actual size; checked while inflating, so a zip bomb never fills memory).
 */
import { Deflate, deflateSync, Inflate } from 'fflate';
import { FanjianError } from '../index.js';

/**
 * Raw DEFLATE for zip entries. The default is fflate (pure JavaScript, every platform); the Node entry installs
 * node:zlib, three to four times faster (see src/node/zip-codec.ts).
 */
export interface ZipCodec {
  /** Inflate; must throw rather than produce more than `size` bytes (the declared size: a bomb stops there). */
  inflate(data: Uint8Array, size: number): Uint8Array;
  deflate(data: Uint8Array): Uint8Array;
  /**
   * A deflater fed consecutive pieces (`last` on the final one) that returns, for each, the compressed bytes it
   * produced: together one raw DEFLATE stream. A large converted part is compressed as it is encoded.
   */
  deflater(): (piece: Uint8Array, last: boolean) => Uint8Array;
}

/** The pure-JavaScript codec (the default, and the browser's). */
export const FFLATE_CODEC: ZipCodec = {
  inflate: (data, size) => inflateSliced(data, size),
  deflate: (data) => deflateSync(data, { level: 6 }),
  deflater: () => {
    const out: Uint8Array[] = [];
    const stream = new Deflate({ level: 6 }, (chunk) => out.push(chunk));
    return (piece, last) => {
      stream.push(piece, last);
      return concat(out.splice(0));
    };
  },
};

let codec: ZipCodec = FFLATE_CODEC;

/** Install a codec; returns the one it replaces. */
export function setZipCodec(next: ZipCodec): ZipCodec {
  const previous = codec;
  codec = next;
  return previous;
}

/**
 * Random access to a zip's bytes: an array, or a file read by offset (the Node CLI: a large document is never held
 * whole; only its directory and the parts that hold text are read). Reads are synchronous, as conversion is.
 */
export interface ByteSource {
  readonly size: number;
  /** The bytes [offset, offset + length) — a view or a new array; always exactly `length` bytes. */
  read(offset: number, length: number): Uint8Array;
  /**
   * Optional: fill `into` with the bytes from `offset`. When given, the unchanged entries are copied through four
   * 1 MB buffers used in turn, so copying a large file leaves no garbage behind (a fresh array per read left tens of
   * MB for the collector): each piece is then valid only until four more have been taken — write it (as the CLI
   * does, one write in flight) or copy it before.
   */
  readInto?(offset: number, into: Uint8Array): void;
}

/** Buffers a source with readInto copies raw entries through, in turn (see ByteSource.readInto). */
export const RECYCLED_PIECES = 4;

/** An array as a byte source (reads are views). */
export function arraySource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
}

/** Raw entries are copied from the source at most this many bytes at a time. */
const COPY_CHUNK = 1 << 20;

/** Bounds on inflation: one entry, and all inflated entries together (bytes). */
export interface ZipLimits {
  readonly entrySize: number;
  readonly totalSize: number;
}

/** An entry's new content as written: compressed (or stored) data, the CRC-32 and size of the content. */
export interface EntryContent {
  readonly data: Uint8Array;
  readonly crc: number;
  readonly size: number;
}

export interface ZipEntry {
  readonly name: string;
  /** 0 stored, 8 deflated; others are only copied. */
  readonly method: number;
  readonly flags: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  /** The entry's local header, data and data descriptor: archive[localStart, localEnd). */
  readonly localStart: number;
  readonly localEnd: number;
  readonly dataStart: number;
  /** The raw central-directory record. */
  readonly central: Uint8Array;
}

/** Little-endian fields of bytes read from a source. */
function fields(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { u16: (at: number) => view.getUint16(at, true), u32: (at: number) => view.getUint32(at, true), view };
}

const LOCAL = 0x04034b50, CENTRAL = 0x02014b50, END = 0x06054b50, END64 = 0x06064b50, LOCATOR64 = 0x07064b50,
  DESCRIPTOR = 0x08074b50;
const MAX32 = 0xffffffff;
/** Compressed bytes handed to the inflater at a time: bounds what one step can produce (deflate's ratio ≤ 1032). */
const INFLATE_SLICE = 64 * 1024;

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** The CRC-32 of bytes; `crc` continues one of the bytes before them. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/** Whether an entry name would leave the folder it is extracted into. */
export function escapesFolder(name: string): boolean {
  const path = name.replace(/\\/g, '/');
  return path.startsWith('/') || /^[a-zA-Z]:/.test(path) || path.includes('\0') || path.split('/').includes('..');
}

export class ZipArchive {
  private readonly byName = new Map<string, ZipEntry>();

  private constructor(
    private readonly source: ByteSource,
    readonly entries: readonly ZipEntry[],
    /** The end-of-central-directory comment. */
    private readonly comment: Uint8Array,
    private readonly invalid: (reason: string) => FanjianError,
    private readonly limits: ZipLimits,
    private readonly tooLarge: (what: string, limit: keyof ZipLimits, value: number) => FanjianError,
    /** Bytes inflated so far: shared with the zips nested in this one, so that limits.totalSize bounds them all. */
    private readonly counter: { inflated: number },
  ) {
    for (const entry of entries) this.byName.set(entry.name, entry);
  }

  /**
   * Read a zip's directory (nothing is inflated yet). `invalid(reason)` makes the error for a damaged or hostile
   * zip; `tooLarge` the error for a limit, naming the option that raises it.
   */
  static read(input: Uint8Array | ByteSource, options: {
    readonly limits: ZipLimits;
    readonly invalid: (reason: string) => FanjianError;
    readonly tooLarge: (what: string, limit: keyof ZipLimits, value: number) => FanjianError;
    /** The inflation counter of the document this zip is nested in (an embedded workbook), if any. */
    readonly counter?: { inflated: number };
  }): ZipArchive {
    const { invalid } = options;
    const source = input instanceof Uint8Array ? arraySource(input) : input;
    const size = source.size;
    const within = (at: number, length: number) => at >= 0 && length >= 0 && at + length <= size;
    const u64 = (view: DataView, at: number) => {
      const value = view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
      if (value > Number.MAX_SAFE_INTEGER) throw invalid('a zip64 size is out of range');
      return value;
    };

    // The end record is in the last 64 KB (its comment is at most 65535 bytes).
    const tailStart = Math.max(0, size - 22 - 0xffff);
    const tail = fields(source.read(tailStart, size - tailStart));
    let end = -1;
    for (let at = size - 22 - tailStart; at >= 0; at--) {
      if (tail.u32(at) === END && tailStart + at + 22 + tail.u16(at + 20) <= size) {
        end = at;
        break;
      }
    }
    if (end < 0) throw invalid('the zip is damaged or incomplete (no end of central directory)');
    let count = tail.u16(end + 10);
    let directorySize = tail.u32(end + 12);
    let directoryStart = tail.u32(end + 16);
    const comment = Uint8Array.from(source.read(tailStart + end + 22, tail.u16(end + 20)));
    if (count === 0xffff || directorySize === MAX32 || directoryStart === MAX32) {
      const locator = tailStart + end - 20;
      if (!within(locator, 20)) throw invalid('the zip64 end record is missing');
      const located = fields(source.read(locator, 20));
      if (located.u32(0) !== LOCATOR64) throw invalid('the zip64 end record is missing');
      const end64 = u64(located.view, 8);
      if (!within(end64, 56)) throw invalid('the zip64 end record is damaged');
      const record = fields(source.read(end64, 56));
      if (record.u32(0) !== END64) throw invalid('the zip64 end record is damaged');
      count = u64(record.view, 32);
      directorySize = u64(record.view, 40);
      directoryStart = u64(record.view, 48);
    }
    if (!within(directoryStart, directorySize)) throw invalid('the central directory lies outside the file');

    // The directory is read once; each entry's local header (30 bytes) is read on its own.
    const directoryBytes = source.read(directoryStart, directorySize);
    const { u16, u32, view } = fields(directoryBytes);
    const inDirectory = (at: number, length: number) => at >= 0 && length >= 0 && at + length <= directorySize;
    const entries: ZipEntry[] = [];
    const names = new Set<string>();
    let at = 0;
    for (let i = 0; i < count; i++) {
      if (!inDirectory(at, 46) || u32(at) !== CENTRAL) throw invalid(`central directory record ${i + 1} is damaged`);
      const flags = u16(at + 8);
      const method = u16(at + 10);
      const crc = u32(at + 16);
      let compressedSize = u32(at + 20);
      let size = u32(at + 24);
      const nameLength = u16(at + 28), extraLength = u16(at + 30), commentLength = u16(at + 32);
      let localStart = u32(at + 42);
      const recordLength = 46 + nameLength + extraLength + commentLength;
      if (!inDirectory(at, recordLength)) throw invalid(`central directory record ${i + 1} is damaged`);
      const rawName = directoryBytes.subarray(at + 46, at + 46 + nameLength);
      let name: string;
      try {
        name = flags & 0x800 ? utf8.decode(rawName) : latin1.decode(rawName);
      } catch {
        throw invalid(`entry ${i + 1} has a name that is not UTF-8`);
      }
      // zip64: the 32-bit fields set to 0xFFFFFFFF are given, in this order, in extra field 1.
      for (let x = at + 46 + nameLength; x + 4 <= at + 46 + nameLength + extraLength;) {
        const id = u16(x), length = u16(x + 2);
        if (id === 1) {
          let field = x + 4;
          const next = () => {
            if (field + 8 > x + 4 + length) throw invalid(`the zip64 field of ${name} is damaged`);
            const value = u64(view, field);
            field += 8;
            return value;
          };
          if (size === MAX32) size = next();
          if (compressedSize === MAX32) compressedSize = next();
          if (localStart === MAX32) localStart = next();
        }
        x += 4 + length;
      }
      if (escapesFolder(name)) throw invalid(`entry "${name}" would be written outside the folder`);
      if (names.has(name)) throw invalid(`entry "${name}" appears twice`);
      names.add(name);
      if (!within(localStart, 30)) throw invalid(`the local header of ${name} is damaged`);
      const local = fields(source.read(localStart, 30));
      if (local.u32(0) !== LOCAL) throw invalid(`the local header of ${name} is damaged`);
      const dataStart = localStart + 30 + local.u16(26) + local.u16(28);
      if (!within(dataStart, compressedSize)) throw invalid(`the data of ${name} lies outside the file`);
      let localEnd = dataStart + compressedSize;
      if (flags & 8) {
        // A data descriptor follows: optional signature, CRC, then 32- or 64-bit sizes.
        const signed = within(localEnd, 4) && fields(source.read(localEnd, 4)).u32(0) === DESCRIPTOR ? 4 : 0;
        const wide = compressedSize >= MAX32 || size >= MAX32 || local.u32(18) === MAX32;
        localEnd += signed + (wide ? 20 : 12);
        if (localEnd > source.size) throw invalid(`the data descriptor of ${name} lies outside the file`);
      }
      entries.push({
        name, method, flags, crc, compressedSize, size, localStart, localEnd, dataStart,
        central: directoryBytes.subarray(at, at + recordLength),
      });
      at += recordLength;
    }
    // Entries that share bytes are a known zip-bomb construction and never written by a real application.
    const byOffset = [...entries].sort((a, b) => a.localStart - b.localStart);
    for (let i = 1; i < byOffset.length; i++) {
      if (byOffset[i]!.localStart < byOffset[i - 1]!.localEnd) {
        throw invalid(`entries ${byOffset[i - 1]!.name} and ${byOffset[i]!.name} overlap`);
      }
    }
    if (byOffset.length > 0 && byOffset[byOffset.length - 1]!.localEnd > directoryStart) {
      throw invalid('an entry overlaps the central directory');
    }
    return new ZipArchive(source, entries, comment, invalid, options.limits, options.tooLarge, options.counter ?? { inflated: 0 });
  }

  /** The inflation counter, to share with a zip nested in this one. */
  get inflation(): { inflated: number } {
    return this.counter;
  }

  get(name: string): ZipEntry | undefined {
    return this.byName.get(name);
  }

  /** The inflated bytes of an entry, checked against its CRC and the limits. */
  read(entry: ZipEntry): Uint8Array {
    if (entry.flags & 1) throw this.invalid(`entry ${entry.name} is encrypted`);
    if (entry.method !== 0 && entry.method !== 8) {
      throw this.invalid(`entry ${entry.name} uses compression method ${entry.method}, which fanjian cannot read`);
    }
    if (entry.size > this.limits.entrySize) throw this.tooLarge(`entry ${entry.name}`, 'entrySize', this.limits.entrySize);
    if (this.counter.inflated + entry.size > this.limits.totalSize) {
      throw this.tooLarge('the inflated entries together', 'totalSize', this.limits.totalSize);
    }
    const compressed = this.source.read(entry.dataStart, entry.compressedSize);
    let out: Uint8Array;
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.size) throw this.invalid(`the sizes of ${entry.name} disagree`);
      out = compressed;
    } else {
      try {
        out = codec.inflate(compressed, entry.size);
      } catch (error) {
        if (error instanceof TooLong) throw this.invalid(`entry ${entry.name} inflates past its declared size`);
        const code = (error as { code?: string }).code;
        if (code === 'ERR_BUFFER_TOO_LARGE') throw this.invalid(`entry ${entry.name} inflates past its declared size`);
        throw this.invalid(`entry ${entry.name} cannot be inflated (${error instanceof Error ? error.message : String(error)})`);
      }
      if (out.length !== entry.size) throw this.invalid(`entry ${entry.name} is shorter than its declared size`);
    }
    if (crc32(out) !== entry.crc) throw this.invalid(`entry ${entry.name} fails its CRC check`);
    this.counter.inflated += entry.size;
    return out;
  }

  /**
   * New content for an entry, compressed as the entry was (stored stays stored), with its CRC: made as soon as a
   * part is converted, so that only the compressed bytes are held until the zip is written.
   */
  encode(entry: ZipEntry, content: Uint8Array): EntryContent {
    const data = entry.method === 0 ? content : codec.deflate(content);
    if (content.length >= MAX32 || data.length >= MAX32) throw this.invalid(`entry ${entry.name} would exceed 4 GB`);
    return { data, crc: crc32(content), size: content.length };
  }

  /**
   * encode() of content given as consecutive pieces of `size` bytes in all (each used before the next is taken):
   * deflated piece by piece, so the content is never held whole.
   */
  encodePieces(entry: ZipEntry, size: number, pieces: Iterable<Uint8Array>): EntryContent {
    if (size >= MAX32) throw this.invalid(`entry ${entry.name} would exceed 4 GB`);
    const stored = entry.method === 0;
    const deflate = stored ? null : codec.deflater();
    const out: Uint8Array[] = [];
    let crc = 0, length = 0;
    for (const piece of pieces) {
      crc = crc32(piece, crc);
      length += piece.length;
      out.push(deflate ? deflate(piece, length === size) : Uint8Array.from(piece));
    }
    if (length !== size) throw new Error(`entry ${entry.name}: ${length} bytes given, not ${size}`);
    if (deflate && size === 0) out.push(deflate(new Uint8Array(0), true));
    const data = concat(out);
    if (data.length >= MAX32) throw this.invalid(`entry ${entry.name} would exceed 4 GB`);
    return { data, crc, size };
  }

  /** The zip again in one array (see pieces); entries named in `replaced` get the new content. */
  write(replaced: ReadonlyMap<string, Uint8Array | EntryContent>): Uint8Array {
    const encoded = new Map<string, EntryContent>();
    for (const [name, content] of replaced) {
      const entry = this.byName.get(name);
      if (entry) encoded.set(name, content instanceof Uint8Array ? this.encode(entry, content) : content);
    }
    return concat([...this.pieces(encoded)]);
  }

  /**
   * The zip again as consecutive pieces, entries in their original order: entries named in `replaced` get their
   * new content, all others are copied raw. The layout (headers, directory, offsets) is made at once, so that a zip
   * that cannot be written is refused before any piece; the raw entries are read from the source only as the pieces
   * are consumed (1 MB at a time: views of an array, reads of a file), so the CLI streams them to its temporary file without
   * ever holding them. Bytes outside the entries and the central directory (a self-extractor's stub) are not kept.
   */
  pieces(replaced: ReadonlyMap<string, EntryContent>): Iterable<Uint8Array> {
    type Piece = Uint8Array | { readonly start: number; readonly end: number };
    const parts: Piece[] = [];
    const directory: Uint8Array[] = [];
    let offset = 0;
    for (const entry of this.entries) {
      const content = replaced.get(entry.name);
      let central: Uint8Array;
      if (content === undefined) {
        central = Uint8Array.from(entry.central); // a copy (Buffer#slice would be a view)
        setOffset(central, offset, this.invalid);
        parts.push({ start: entry.localStart, end: entry.localEnd });
        offset += entry.localEnd - entry.localStart;
      } else {
        const { data, crc, size } = content;
        const header = this.source.read(entry.localStart, entry.dataStart - entry.localStart);
        const nameLength = u16of(header, 26);
        const nameBytes = header.subarray(30, 30 + nameLength);
        const localExtra = withoutZip64(header.subarray(30 + nameLength));
        const local = new Uint8Array(30 + nameBytes.length + localExtra.length);
        local.set(header.subarray(0, 30));
        const lv = new DataView(local.buffer);
        lv.setUint16(6, entry.flags & ~8, true); // sizes in the header now, no data descriptor
        lv.setUint16(8, entry.method === 0 ? 0 : 8, true);
        lv.setUint32(14, crc, true);
        lv.setUint32(18, data.length, true);
        lv.setUint32(22, size, true);
        lv.setUint16(28, localExtra.length, true);
        local.set(nameBytes, 30);
        local.set(localExtra, 30 + nameBytes.length);
        parts.push(local, data);

        const cv0 = new DataView(entry.central.buffer, entry.central.byteOffset, entry.central.byteLength);
        const centralNameLength = cv0.getUint16(28, true), extraLength = cv0.getUint16(30, true), commentLength = cv0.getUint16(32, true);
        const centralExtra = withoutZip64(entry.central.subarray(46 + centralNameLength, 46 + centralNameLength + extraLength));
        central = new Uint8Array(46 + centralNameLength + centralExtra.length + commentLength);
        central.set(entry.central.subarray(0, 46 + centralNameLength));
        central.set(centralExtra, 46 + centralNameLength);
        central.set(entry.central.subarray(46 + centralNameLength + extraLength), 46 + centralNameLength + centralExtra.length);
        const cv = new DataView(central.buffer);
        cv.setUint16(8, entry.flags & ~8, true);
        cv.setUint16(10, entry.method === 0 ? 0 : 8, true);
        cv.setUint32(16, crc, true);
        cv.setUint32(20, data.length, true);
        cv.setUint32(24, size, true);
        cv.setUint16(30, centralExtra.length, true);
        if (offset >= MAX32) throw this.invalid('the converted zip would exceed 4 GB');
        cv.setUint32(42, offset, true);
        offset += local.length + data.length;
      }
      directory.push(central);
    }
    const directorySize = directory.reduce((sum, record) => sum + record.length, 0);
    if (this.entries.length >= 0xffff || offset >= MAX32 || directorySize >= MAX32) {
      throw this.invalid('the converted zip would need zip64, which fanjian does not write');
    }
    const end = new Uint8Array(22 + this.comment.length);
    const ev = new DataView(end.buffer);
    ev.setUint32(0, END, true);
    ev.setUint16(8, this.entries.length, true);
    ev.setUint16(10, this.entries.length, true);
    ev.setUint32(12, directorySize, true);
    ev.setUint32(16, offset, true);
    ev.setUint16(20, this.comment.length, true);
    end.set(this.comment, 22);
    parts.push(...directory, end);
    return rawCopies(this.source, parts);
  }
}

/** The pieces with each raw range read from the source as it is reached, 1 MB at a time (views of an array). */
function* rawCopies(source: ByteSource, parts: readonly (Uint8Array | { readonly start: number; readonly end: number })[]): Generator<Uint8Array> {
  const ring: Uint8Array[] = [];
  let turn = 0;
  for (const part of parts) {
    if (part instanceof Uint8Array) {
      yield part;
      continue;
    }
    for (let at = part.start; at < part.end; at += COPY_CHUNK) {
      const length = Math.min(COPY_CHUNK, part.end - at);
      if (!source.readInto) {
        yield source.read(at, length);
        continue;
      }
      const buffer = (ring[turn] ??= new Uint8Array(COPY_CHUNK)).subarray(0, length);
      turn = (turn + 1) % RECYCLED_PIECES;
      source.readInto(at, buffer);
      yield buffer;
    }
  }
}

function u16of(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8);
}

/** Extra fields without the zip64 one (a rewritten entry's sizes fit the 32-bit fields). */
function withoutZip64(extra: Uint8Array): Uint8Array {
  const kept: Uint8Array[] = [];
  for (let x = 0; x + 4 <= extra.length;) {
    const id = u16of(extra, x), length = u16of(extra, x + 2);
    if (id !== 1) kept.push(extra.subarray(x, Math.min(extra.length, x + 4 + length)));
    x += 4 + length;
  }
  return concat(kept);
}

/** Point a raw central record at its entry's new local header (in the zip64 field when the record uses it). */
function setOffset(central: Uint8Array, offset: number, invalid: (reason: string) => FanjianError): void {
  const view = new DataView(central.buffer, central.byteOffset, central.byteLength);
  if (view.getUint32(42, true) !== MAX32) {
    if (offset >= MAX32) throw invalid('the converted zip would exceed 4 GB');
    view.setUint32(42, offset, true);
    return;
  }
  const nameLength = view.getUint16(28, true), extraLength = view.getUint16(30, true);
  for (let x = 46 + nameLength; x + 4 <= 46 + nameLength + extraLength;) {
    const id = view.getUint16(x, true), length = view.getUint16(x + 2, true);
    if (id === 1) {
      let field = x + 4;
      if (view.getUint32(24, true) === MAX32) field += 8;
      if (view.getUint32(20, true) === MAX32) field += 8;
      view.setUint32(field, offset % 2 ** 32, true);
      view.setUint32(field + 4, Math.floor(offset / 2 ** 32), true);
      return;
    }
    x += 4 + length;
  }
}

class TooLong extends Error {}

/** fflate's streaming inflater fed in slices, stopped as soon as the output passes `size`. */
function inflateSliced(compressed: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let length = 0;
  const inflater = new Inflate((chunk) => {
    if (length + chunk.length > out.length) throw new TooLong();
    out.set(chunk, length);
    length += chunk.length;
  });
  for (let at = 0; at < compressed.length; at += INFLATE_SLICE) {
    inflater.push(compressed.subarray(at, at + INFLATE_SLICE), at + INFLATE_SLICE >= compressed.length);
  }
  if (compressed.length === 0) inflater.push(compressed, true);
  return length === size ? out : out.subarray(0, length);
}

/** Pieces joined into one array. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
