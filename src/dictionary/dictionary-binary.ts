/**
 * The binary form of a compiled dictionary group: a header, JSON metadata and typed-array sections, each 4-byte
 * aligned so that loading makes views over the file's bytes instead of parsing. The 64K-entry `alphabet` and
 * `head` tables are mostly defaults, so they are stored as (unit, value) pairs and rebuilt on load, which keeps
 * small groups small; where a group's pairs crowd the CJK Unified Ideographs block, that block is stored whole
 * instead and copied in one native `set` (rebuilding the s2t group's 12,000 pairs one by one took 0.85 ms of cold
 * code at start-up; the copy reads 160 kB more).
 */
import { FanjianError } from '../errors.js';
import { emptyHead } from './head-table.js';
import type { DictionaryMeta, DictionaryTables } from './compiled-dictionary.js';

const MAGIC = 0x314a4446; // "FDJ1" read as a little-endian word
const FORMAT_VERSION = 7;

type TypedArray = Uint8Array | Uint16Array | Int32Array | Uint32Array;
type TypedArrayType = (new (buffer: ArrayBuffer, offset: number, length: number) => TypedArray) & { BYTES_PER_ELEMENT: number };

/** Tables stored as they are, in file order. */
const DIRECT: readonly [keyof DictionaryTables, TypedArrayType][] = [
  ['base', Int32Array], ['check', Uint16Array], ['symbolBase', Int32Array], ['terminal', Int32Array],
  ['valueStart', Uint32Array], ['valueUnits', Uint16Array], ['entryFlags', Uint8Array],
  ['candidateEntries', Int32Array], ['candidateStart', Uint32Array], ['candidateUnits', Uint16Array],
];

/** The units stored whole when dense enough: CJK Extension A and the Unified Ideographs (U+3400–U+9FFF). */
const BLOCK_START = 0x3400;
const BLOCK_END = 0xa000;

/**
 * Whether to store the block whole: when its pairs would cost more to rebuild in cold code (about 70 ns each,
 * measured) than the whole block costs to read (under a nanosecond a byte).
 */
function blockIsDense(pairsInBlock: number, bytesPerUnit: number): boolean {
  return pairsInBlock * 100 > (BLOCK_END - BLOCK_START) * bytesPerUnit;
}

/** The units where a table differs from its default, split into the block (when dense) and the rest. */
function differing(table: Uint16Array | Int32Array, empty: Uint16Array | Int32Array): { dense: boolean; units: number[] } {
  const units: number[] = [];
  let inBlock = 0;
  table.forEach((value, unit) => {
    if (value === empty[unit]) return;
    units.push(unit);
    if (unit >= BLOCK_START && unit < BLOCK_END) inBlock++;
  });
  const dense = blockIsDense(inBlock, table.BYTES_PER_ELEMENT);
  return { dense, units: dense ? units.filter((u) => u < BLOCK_START || u >= BLOCK_END) : units };
}

function sparseAlphabet(alphabet: Uint16Array): [Uint32Array, Uint16Array] {
  const { dense, units } = differing(alphabet, new Uint16Array(0x10000));
  return [Uint32Array.from(units, (unit) => unit * 0x10000 + alphabet[unit]!),
    dense ? alphabet.slice(BLOCK_START, BLOCK_END) : new Uint16Array(0)];
}

function sparseHead(head: Int32Array): [Int32Array, Int32Array] {
  const { dense, units } = differing(head, emptyHead());
  return [Int32Array.from(units.flatMap((unit) => [unit, head[unit]!])), dense ? head.slice(BLOCK_START, BLOCK_END) : new Int32Array(0)];
}

export function toBinary(meta: DictionaryMeta, tables: DictionaryTables): Uint8Array {
  const sections: ArrayBufferView[] = [
    new TextEncoder().encode(JSON.stringify(meta)),
    ...sparseAlphabet(tables.alphabet),
    ...sparseHead(tables.head),
    ...DIRECT.map(([name]) => tables[name]),
  ];
  return joinSections([MAGIC, FORMAT_VERSION], sections);
}

/**
 * Sections into one buffer: a header of 32-bit words (`head`, then each section's byte length), then the sections,
 * each starting at a multiple of 4 bytes so that it can be viewed in place. Shared by the packed format.
 */
export function joinSections(head: readonly number[], sections: readonly ArrayBufferView[]): Uint8Array {
  const pad4 = (n: number) => (n + 3) & ~3;
  const headerWords = head.length + sections.length;
  let size = headerWords * 4;
  for (const s of sections) size += pad4(s.byteLength);
  const out = new Uint8Array(size);
  const header = new Uint32Array(out.buffer, 0, headerWords);
  header.set(head);
  let offset = headerWords * 4;
  sections.forEach((s, i) => {
    header[head.length + i] = s.byteLength;
    out.set(new Uint8Array(s.buffer, s.byteOffset, s.byteLength), offset);
    offset += pad4(s.byteLength);
  });
  return out;
}

/** Read a blob written by toBinary; the direct sections are views over `bytes` (copied once only if misaligned). */
export function fromBinary(bytes: Uint8Array, source: string): { meta: DictionaryMeta; tables: DictionaryTables } {
  if (bytes.byteOffset % 4 !== 0) bytes = bytes.slice();
  const bad = (why: string) => new FanjianError('INVALID_DATA',
    `${source} is not a fanjian dictionary of format ${FORMAT_VERSION} (${why}); run "npm run build" to regenerate it.`);
  const headerWords = 2 + 5 + DIRECT.length;
  if (bytes.byteLength < headerWords * 4) throw bad('too short');
  const header = new Uint32Array(bytes.buffer, bytes.byteOffset, headerWords);
  if (header[0] !== MAGIC) throw bad('bad magic number or byte order');
  if (header[1] !== FORMAT_VERSION) throw bad(`format ${header[1]}`);
  let offset = bytes.byteOffset + headerWords * 4;
  const end = bytes.byteOffset + bytes.byteLength;
  let index = 2;
  const section = <T extends TypedArray>(Type: TypedArrayType): T => {
    const byteLength = header[index++]!;
    if (offset + byteLength > end || byteLength % Type.BYTES_PER_ELEMENT !== 0) throw bad('truncated');
    const view = new Type(bytes.buffer as ArrayBuffer, offset, byteLength / Type.BYTES_PER_ELEMENT) as T;
    offset += (byteLength + 3) & ~3;
    return view;
  };
  const meta = JSON.parse(new TextDecoder().decode(section<Uint8Array>(Uint8Array))) as DictionaryMeta;
  const alphabetPairs = section<Uint32Array>(Uint32Array);
  const alphabetBlock = section<Uint16Array>(Uint16Array);
  const headPairs = section<Int32Array>(Int32Array);
  const headBlock = section<Int32Array>(Int32Array);
  const blockLength = BLOCK_END - BLOCK_START;
  if ((alphabetBlock.length !== 0 && alphabetBlock.length !== blockLength) || (headBlock.length !== 0 && headBlock.length !== blockLength)) {
    throw bad('block size');
  }
  const alphabet = new Uint16Array(0x10000);
  if (alphabetBlock.length !== 0) alphabet.set(alphabetBlock, BLOCK_START);
  for (let i = 0; i < alphabetPairs.length; i++) alphabet[alphabetPairs[i]! >>> 16] = alphabetPairs[i]! & 0xffff;
  const head = emptyHead();
  if (headBlock.length !== 0) head.set(headBlock, BLOCK_START);
  for (let i = 0; i < headPairs.length; i += 2) head[headPairs[i]!] = headPairs[i + 1]!;
  const direct: Partial<Record<keyof DictionaryTables, TypedArray>> = {};
  for (const [name, Type] of DIRECT) direct[name] = section(Type);
  return { meta, tables: { ...direct, alphabet, head } as DictionaryTables };
}
