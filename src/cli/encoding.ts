/**
 * Text encodings at the edge: detecting, decoding and encoding the bytes of files and streams. Legacy Chinese
 * encodings go through iconv-lite, the statistical GB18030-or-Big5 guess through chardet (a port of ICU's
 * detector); what this module adds is exactness: every undecodable byte and unrepresentable character is reported
 * with its position instead of silently becoming U+FFFD or "?".
 */
import { isUtf8 } from 'node:buffer';
import chardet from 'chardet';
import iconv from 'iconv-lite';

const utf8Encoder = new TextEncoder();
const ENCODE_INTO_LIMIT = 4 << 20;

export const TEXT_ENCODINGS = ['utf8', 'utf16le', 'utf16be', 'gb18030', 'gbk', 'big5'] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

export function isTextEncoding(name: string): name is TextEncoding {
  return (TEXT_ENCODINGS as readonly string[]).includes(name);
}

/** Bytes that are not valid in the encoding: where, and how to get past it. */
export class DecodeError extends Error {
  constructor(readonly encoding: TextEncoding, readonly offset: number, detail: string) {
    super(`invalid ${encodingLabel(encoding)} at byte offset ${offset} (${detail}); ` +
      'pass --encoding with the right encoding, or --lenient to replace undecodable bytes with U+FFFD');
    this.name = 'DecodeError';
  }
}

/** A character the output encoding has no code for. */
export class UnrepresentableError extends Error {
  constructor(readonly encoding: TextEncoding, readonly character: string, readonly index: number) {
    const cp = character.codePointAt(0)!;
    const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    const replacement = encoding === 'gbk' || encoding === 'big5' || encoding === 'gb18030' ? '"?"' : 'U+FFFD';
    const lone = cp >= 0xd800 && cp <= 0xdfff;
    super(lone
      ? `character ${index} is a lone surrogate (${code}: half of a UTF-16 pair, from damaged UTF-16 input), which ` +
        `${encodingLabel(encoding)} cannot write; write UTF-16 (--output-encoding utf16le) to keep it as it is, or ` +
        `--lenient to write ${replacement} in its place`
      : `${JSON.stringify(character)} (${code}, character ${index}) cannot be written in ${encodingLabel(encoding)}; ` +
        `choose an --output-encoding that has it (utf8 and gb18030 have every character), or --lenient to write ${replacement} in its place`);
    this.name = 'UnrepresentableError';
  }
}

/** The WHATWG label of an encoding, as HTML and XML declare it. */
export function charsetLabel(encoding: TextEncoding): string {
  return { utf8: 'utf-8', utf16le: 'utf-16le', utf16be: 'utf-16be', gb18030: 'gb18030', gbk: 'gbk', big5: 'big5' }[encoding];
}

export function encodingLabel(encoding: TextEncoding): string {
  return { utf8: 'UTF-8', utf16le: 'UTF-16LE', utf16be: 'UTF-16BE', gb18030: 'GB18030', gbk: 'GBK', big5: 'Big5' }[encoding];
}

const BOMS: readonly [TextEncoding, readonly number[]][] = [
  ['utf8', [0xef, 0xbb, 0xbf]],
  ['utf16le', [0xff, 0xfe]],
  ['utf16be', [0xfe, 0xff]],
];

export function bomLength(bytes: Uint8Array, encoding: TextEncoding): number {
  const bom = BOMS.find(([name]) => name === encoding)?.[1];
  return bom && bom.every((b, i) => bytes[i] === b) ? bom.length : 0;
}

export type Detection =
  | { readonly kind: 'text'; readonly encoding: TextEncoding; readonly bom: boolean; readonly how: string }
  | { readonly kind: 'binary'; readonly why: string }
  /** Text, but which encoding is not certain enough to rewrite a file with: `why`, and the `fix` to suggest. */
  | { readonly kind: 'unsure'; readonly why: string; readonly fix: string };

export interface DetectOptions {
  /** --lenient: undecodable bytes will become U+FFFD, so damaged UTF-8 is still UTF-8. */
  readonly lenient?: boolean;
}

/**
 * What encoding the bytes are in, or "unsure". In order: a byte-order mark; NUL bytes mean binary; valid UTF-8;
 * UTF-8 with a little damage (a cut-off last character, a bad sector) is UTF-8, so that decoding names the
 * offset instead of a legacy encoding reading it as nonsense; then GB18030 or Big5, by chardet's statistics for
 * longer inputs and by where the bytes fall for short ones. Whenever the evidence is not clear — another East
 * Asian encoding ranks first (Shift_JIS, EUC-KR…), or both Chinese encodings fit equally — the answer is
 * "unsure", naming the candidates, because a wrong guess rewrites a file as mojibake. `complete` says the sample
 * is the whole input (else a sequence cut at its end is no error).
 */
export function detectEncoding(sample: Uint8Array, complete: boolean, options: DetectOptions = {}): Detection {
  for (const [encoding, bom] of BOMS) {
    if (sample.length >= bom.length && bom.every((b, i) => sample[i] === b)) {
      return { kind: 'text', encoding, bom: true, how: 'byte-order mark' };
    }
  }
  if (sample.includes(0)) return { kind: 'binary', why: 'it contains NUL bytes' };
  // Most inputs: valid UTF-8 with characters of three bytes or more (no chance reading of GBK or Big5), told by the
  // native validator — per file, a tenth of the time of the byte-by-byte count below.
  if (hasLongSequence(sample) && isUtf8(completeSequences(sample, complete))) return { kind: 'text', encoding: 'utf8', bom: false, how: 'valid UTF-8' };
  const utf8 = utf8Damage(sample, complete);
  if (utf8.invalid === 0 && !utf8.truncated) {
    if (utf8.longest === 2 && !latinWords(sample)) {
      // Only two-byte sequences (Greek, Cyrillic…), not in Latin words like "café": GBK or Big5 text can look like
      // that by chance (学校 in GBK is "ѧУ"). When a Chinese reading is as plausible, say so.
      const fits = (['gb18030', 'big5'] as const).filter((encoding) => invalidUnitOffset(sample, encoding, complete) < 0);
      const chinese = plausibleChinese(sample, fits);
      if (chinese) {
        return {
          kind: 'unsure',
          why: `it reads as UTF-8 (${preview(decodeUnits(sample, 'utf8'))}) and as ${encodingLabel(chinese)} ` +
            `(${preview(decodeUnits(sample, chinese))})`,
          fix: ASK_ENCODING,
        };
      }
    }
    return { kind: 'text', encoding: 'utf8', bom: false, how: 'valid UTF-8' };
  }
  // Legacy Chinese text breaks UTF-8 at nearly every character; damaged UTF-8 has far more valid sequences. But a
  // few GBK or Big5 characters can pass as UTF-8 by chance: when their reading is as plausible, say so.
  const damaged = utf8.invalid === 0 || utf8.valid >= 4 * utf8.invalid || (options.lenient && utf8.valid > utf8.invalid);
  if (damaged) {
    const fits = (['gb18030', 'big5'] as const).filter((encoding) => invalidUnitOffset(sample, encoding, complete) < 0);
    const chinese = plausibleChinese(sample, fits);
    if (chinese) {
      return {
        kind: 'unsure', why: `it could be damaged UTF-8 or ${encodingLabel(chinese)} (${preview(decodeUnits(sample, chinese))})`,
        fix: ASK_ENCODING,
      };
    }
    return { kind: 'text', encoding: 'utf8', bom: false, how: utf8.invalid === 0 ? 'UTF-8 cut off inside its last character' : 'UTF-8 apart from a few invalid bytes' };
  }
  const legacy = legacyEncoding(sample, complete);
  // Neither reads it: if it has UTF-8 text at all, decoding as UTF-8 names the first bad byte (or, with
  // --lenient, replaces the bad bytes), which says more than "binary".
  if (legacy.kind !== 'binary' || utf8.valid === 0) return legacy;
  return { kind: 'text', encoding: 'utf8', bom: false, how: 'UTF-8 with invalid bytes' };
}

/** The start of a text for a message: at most 12 characters, control characters shown as U+FFFD. */
function preview(text: string): string {
  const characters = [...text.replace(/[\x00-\x1f\x7f]/g, '\ufffd')];
  return characters.slice(0, 12).join('') + (characters.length > 12 ? '…' : '');
}

const ASK_ENCODING = 'Pass --encoding with the right one (gb18030, big5, utf8…)';

/** Encodings chardet knows that fanjian does not read, and how to name them. */
const FOREIGN: Readonly<Record<string, string>> = {
  Shift_JIS: 'Shift_JIS (Japanese)', 'EUC-JP': 'EUC-JP (Japanese)', 'ISO-2022-JP': 'ISO-2022-JP (Japanese)',
  'EUC-KR': 'EUC-KR (Korean)', 'ISO-2022-KR': 'ISO-2022-KR (Korean)', 'ISO-2022-CN': 'ISO-2022-CN',
};

function foreign(name: string, iconvName: string): Detection {
  return {
    kind: 'unsure', why: `it looks like ${FOREIGN[name] ?? name}, which fanjian does not read`,
    fix: `Convert it to UTF-8 first (iconv -f ${iconvName} -t UTF-8), or pass --encoding gb18030 or big5 if it is Chinese`,
  };
}

/** GB18030 or Big5, or unsure, for bytes that are not UTF-8. */
function legacyEncoding(sample: Uint8Array, complete: boolean): Detection {
  const decodes = (encoding: TextEncoding) => invalidUnitOffset(sample, encoding, complete) < 0;
  const fits = (['gb18030', 'big5'] as const).filter(decodes);
  if (fits.length === 0) {
    const top = chardet.analyse(sample)[0];
    if (top && FOREIGN[top.name] && top.confidence >= 50) return foreign(top.name, top.name.toUpperCase());
    return { kind: 'binary', why: 'it is neither UTF-8 nor decodable as GB18030 or Big5' };
  }
  if (hasFourByteGb18030(sample) && fits.includes('gb18030')) {
    return { kind: 'text', encoding: 'gb18030', bom: false, how: 'GB18030 four-byte sequences' };
  }
  const structure = structuralChoice(sample, fits);
  if (doubleByteUnits(sample) < STATISTICS_MINIMUM) {
    if (structure) return { kind: 'text', encoding: structure, bom: false, how: `its byte structure suggests ${encodingLabel(structure)}` };
    return {
      kind: 'unsure', why: `it is too short to tell ${fits.map(encodingLabel).join(' from ')}` +
        (fits.length === 1 ? ' from other East Asian encodings' : ''),
      fix: ASK_ENCODING,
    };
  }
  const ranked = chardet.analyse(sample);
  const confidence = (name: string) => ranked.find((m) => m.name === name)?.confidence ?? 0;
  const chinese = fits.map((encoding) => ({ encoding, confidence: confidence(encoding === 'big5' ? 'Big5' : 'GB18030') }))
    .sort((a, b) => b.confidence - a.confidence);
  const best = chinese[0]!;
  const rival = ranked.find((m) => FOREIGN[m.name]);
  if (rival && rival.confidence >= best.confidence) return foreign(rival.name, rival.name.toUpperCase());
  const second = chinese[1];
  const clear = best.confidence >= 30 && (!second || best.confidence - second.confidence >= 10);
  if (clear && (!structure || structure === best.encoding)) {
    return { kind: 'text', encoding: best.encoding, bom: false, how: `statistics (chardet) favour ${encodingLabel(best.encoding)}` };
  }
  if (!clear && structure) {
    return { kind: 'text', encoding: structure, bom: false, how: `its byte structure suggests ${encodingLabel(structure)}` };
  }
  return {
    kind: 'unsure', why: `it could be ${fits.map(encodingLabel).join(' or ')} and the evidence is not clear`,
    fix: ASK_ENCODING,
  };
}
/**
 * Offset of the first byte that does not start a well-formed UTF-8 sequence, or -1. With `complete` false, a
 * sequence cut off by the end of the bytes is not an error.
 */
export function invalidUtf8Offset(bytes: Uint8Array, complete = true, from = 0): number {
  if (from === 0 && isUtf8(bytes)) return -1; // native check first; the loop below only locates an error
  const n = bytes.length;
  for (let i = from; i < n; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number, min: number, max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1, min = 0x80;
    else if (b === 0xe0) need = 2, min = 0xa0;
    else if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) need = 2, min = 0x80;
    else if (b === 0xed) need = 2, min = 0x80, max = 0x9f; // no surrogates
    else if (b === 0xf0) need = 3, min = 0x90;
    else if (b >= 0xf1 && b <= 0xf3) need = 3, min = 0x80;
    else if (b === 0xf4) need = 3, min = 0x80, max = 0x8f;
    else return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return complete ? i : -1;
      const c = bytes[i + k]!;
      if (c < (k === 1 ? min : 0x80) || c > (k === 1 ? max : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

/**
 * Below this many double-byte characters chardet's statistics mostly pick Big5 for GBK text (of 200 GBK samples
 * of 8 characters, 31 were recognised), so short inputs are judged by byte structure instead.
 */
const STATISTICS_MINIMUM = 16;

function doubleByteUnits(bytes: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! >= 0x80) {
      count++;
      i++;
    }
  }
  return count;
}

function hasFourByteGb18030(bytes: Uint8Array): boolean {
  for (let i = 0; i + 3 < bytes.length; i++) {
    const lead = bytes[i]!;
    if (lead < 0x81) continue;
    if (inRange(bytes[i + 1], 0x30, 0x39) && inRange(bytes[i + 2], 0x81, 0xfe) && inRange(bytes[i + 3], 0x30, 0x39)) return true;
    i++;
  }
  return false;
}

/**
 * GB18030 or Big5 by where the bytes fall, or null when that does not settle it. Everyday text keeps to each
 * standard's frequent characters and punctuation: GB2312's level 1 (first byte 0xB0–0xD7: the 3,755 commonest
 * Simplified characters) and rows 0xA1–0xA3 (punctuation, full-width forms); Big5's level 1 (0xA440–0xC67E: the
 * 5,401 commonest Traditional characters) and punctuation (0xA140–0xA3BF). Text in one encoding read as the
 * other lands outside those ranges at some character (GBK's 的 is B5C4, in Big5's level 2; Big5's 的 is AABA, in
 * GBK's user-defined rows). One reading wholly inside and the other not is evidence; both inside or both outside
 * is not.
 */
function structuralChoice(bytes: Uint8Array, fits: readonly TextEncoding[]): TextEncoding | null {
  const { gb, big5 } = rareUnits(bytes);
  const gbOnly = fits.includes('gb18030') && gb === 0 && big5 > 0;
  const big5Only = fits.includes('big5') && big5 === 0 && gb > 0;
  return gbOnly ? 'gb18030' : big5Only ? 'big5' : null;
}

/** Double-byte units outside each encoding's frequent characters and punctuation (see structuralChoice). */
function rareUnits(bytes: Uint8Array): { gb: number; big5: number } {
  let gbRare = 0, big5Rare = 0;
  for (let i = 0; i < bytes.length; i++) {
    const lead = bytes[i]!;
    if (lead < 0x80) continue;
    const trail = bytes[i + 1] ?? 0;
    const gbCommon = ((lead >= 0xb0 && lead <= 0xd7) || (lead >= 0xa1 && lead <= 0xa3)) && trail >= 0xa1 && trail <= 0xfe;
    const code = lead * 256 + trail;
    const big5Common = ((code >= 0xa440 && code <= 0xc67e) || (code >= 0xa140 && code <= 0xa3bf)) &&
      ((trail >= 0x40 && trail <= 0x7e) || (trail >= 0xa1 && trail <= 0xfe));
    if (!gbCommon) gbRare++;
    if (!big5Common) big5Rare++;
    i++;
  }
  return { gb: gbRare, big5: big5Rare };
}

/** Whether every run of non-ASCII bytes touches an ASCII letter, as accented letters in Latin words do. */
function latinWords(bytes: Uint8Array): boolean {
  const letter = (b: number | undefined) => b !== undefined && ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! < 0x80) continue;
    const start = i;
    while (i < bytes.length && bytes[i]! >= 0x80) i++;
    if (!letter(bytes[start - 1]) && !letter(bytes[i])) return false;
  }
  return true;
}

/** The Chinese encoding whose reading of the bytes stays within frequent characters, or null. */
function plausibleChinese(bytes: Uint8Array, fits: readonly TextEncoding[]): TextEncoding | null {
  const rare = rareUnits(bytes);
  return fits.includes('gb18030') && rare.gb === 0 ? 'gb18030' : fits.includes('big5') && rare.big5 === 0 ? 'big5' : null;
}

/**
 * How damaged bytes are as UTF-8: valid multi-byte sequences, invalid ones (a maximal ill-formed subpart counts
 * once, as a decoder replaces it once), and whether the input ends inside a sequence (`complete` only).
 */
/** Whether the bytes hold a lead byte of a UTF-8 sequence of three or four bytes. */
function hasLongSequence(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0xe0) return true;
  return false;
}

/** A sample cut off inside a UTF-8 sequence (when more follows), without that sequence's first bytes. */
function completeSequences(bytes: Uint8Array, complete: boolean): Uint8Array {
  if (complete) return bytes;
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if (b < 0x80) break;
    if (b >= 0xc0) {
      const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return length > back ? bytes.subarray(0, bytes.length - back) : bytes;
    }
  }
  return bytes;
}

function utf8Damage(bytes: Uint8Array, complete: boolean): { valid: number; invalid: number; truncated: boolean; longest: number } {
  let valid = 0, invalid = 0, truncated = false, longest = 1;
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = utf8SequenceAt(bytes, i);
    if (length > 0) {
      valid++;
      i += length;
      if (length > longest) longest = length;
    } else if (length === 0) {
      truncated = complete;
      break;
    } else {
      invalid++;
      i += -length;
    }
  }
  return { valid, invalid, truncated, longest };
}

/** The UTF-8 sequence at i: its length; 0 when the bytes end inside it; -n for an ill-formed part of n bytes. */
function utf8SequenceAt(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  let need: number, min = 0x80, max = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) need = 1;
  else if (b === 0xe0) need = 2, min = 0xa0;
  else if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) need = 2;
  else if (b === 0xed) need = 2, max = 0x9f;
  else if (b === 0xf0) need = 3, min = 0x90;
  else if (b >= 0xf1 && b <= 0xf3) need = 3;
  else if (b === 0xf4) need = 3, max = 0x8f;
  else return -1;
  for (let k = 1; k <= need; k++) {
    if (i + k >= bytes.length) return 0;
    const c = bytes[i + k]!;
    if (c < (k === 1 ? min : 0x80) || c > (k === 1 ? max : 0xbf)) return -k;
  }
  return need + 1;
}

const inRange = (b: number | undefined, low: number, high: number) => b !== undefined && b >= low && b <= high;

/**
 * The GB18030 / GBK / Big5 unit (one character's bytes) at i, by the byte structure alone: its length, 0 when
 * the bytes end inside it, or -1 when it is malformed.
 */
function unitAt(bytes: Uint8Array, i: number, encoding: TextEncoding): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  if (b === 0x80) return encoding === 'big5' ? -1 : 1; // € in GBK and GB18030
  if (b === 0xff) return -1;
  const second = bytes[i + 1];
  if (second === undefined) return 0;
  if (encoding === 'gb18030' && inRange(second, 0x30, 0x39)) {
    if (i + 3 >= bytes.length) return i + 2 < bytes.length && !inRange(bytes[i + 2], 0x81, 0xfe) ? -1 : 0;
    return inRange(bytes[i + 2], 0x81, 0xfe) && inRange(bytes[i + 3], 0x30, 0x39) ? 4 : -1;
  }
  const trailOk = encoding === 'big5'
    ? inRange(second, 0x40, 0x7e) || inRange(second, 0xa1, 0xfe)
    : inRange(second, 0x40, 0x7e) || inRange(second, 0x80, 0xfe);
  return trailOk ? 2 : -1;
}

const REPLACEMENT = '\ufffd';

/**
 * Offset of the first byte sequence that is malformed or has no Unicode mapping in the encoding, or -1. With
 * `complete` false, a character cut off by the end of the bytes is not an error. For the legacy encodings every
 * well-formed unit decodes to exactly one code point, so decoded text and units are walked side by side.
 */
export function invalidUnitOffset(bytes: Uint8Array, encoding: TextEncoding, complete = true): number {
  if (encoding === 'utf8') return invalidUtf8Offset(bytes, complete);
  if (encoding === 'utf16le' || encoding === 'utf16be') return complete && bytes.length % 2 ? bytes.length - 1 : -1;
  const units: number[] = [];
  for (let i = 0; i < bytes.length; ) {
    const length = unitAt(bytes, i, encoding);
    if (length < 0) return i;
    if (length === 0) {
      if (complete) return i;
      break;
    }
    units.push(i);
    i += length;
  }
  const decoded = iconv.decode(toBuffer(bytes), encoding);
  if (!decoded.includes(REPLACEMENT)) return -1;
  const replacementBytes = iconv.encode(REPLACEMENT, encoding);
  let at = 0;
  for (let u = 0; u < units.length; u++) {
    const cp = decoded.codePointAt(at)!;
    if (cp === 0xfffd) {
      const end = u + 1 < units.length ? units[u + 1]! : bytes.length;
      if (!replacementBytes.equals(toBuffer(bytes.subarray(units[u]!, end)))) return units[u]!;
    }
    at += cp > 0xffff ? 2 : 1;
  }
  return -1;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** How many leading bytes form complete units (the rest waits for the next chunk). */
function completePrefix(bytes: Uint8Array, encoding: TextEncoding): number {
  const n = bytes.length;
  if (encoding === 'utf16le' || encoding === 'utf16be') return n - (n % 2);
  if (encoding === 'utf8') {
    for (let back = 1; back <= Math.min(3, n); back++) {
      if ((bytes[n - back]! & 0xc0) === 0x80) continue; // continuation byte: keep looking for its lead
      // Held back only when it is the well-formed start of a sequence; anything else is for the decoder to report.
      return utf8SequenceAt(bytes, n - back) === 0 ? n - back : n;
    }
    return n;
  }
  let i = 0;
  while (i < n) {
    const length = unitAt(bytes, i, encoding);
    if (length === 0) break;
    i += Math.max(length, 1); // a malformed unit is left for the decoder to report
  }
  return i;
}

function decodeUnits(bytes: Uint8Array, encoding: TextEncoding): string {
  const buffer = toBuffer(bytes);
  switch (encoding) {
    case 'utf8':
      return buffer.toString('utf8');
    case 'utf16le':
      return buffer.toString('utf16le');
    case 'utf16be':
      return Buffer.from(buffer).swap16().toString('utf16le');
    default:
      return iconv.decode(buffer, encoding);
  }
}

/**
 * Incremental decoder: feed byte chunks, get text. A character split between chunks waits for its remaining
 * bytes; offsets in errors count from the first byte of the input (BOM included).
 */
export class StreamDecoder {
  private pending: Uint8Array = new Uint8Array(0);
  private offset = 0;
  private first = true;

  /** `offset`: the bytes before these were read elsewhere (messages count from the start; no byte-order mark here). */
  constructor(readonly encoding: TextEncoding, private readonly lenient: boolean, offset = 0) {
    this.offset = offset;
    this.first = offset === 0;
  }

  write(chunk: Uint8Array): string {
    let bytes = this.pending.length ? concat(this.pending, chunk) : chunk;
    if (this.first && bytes.length >= 3) {
      const bom = bomLength(bytes, this.encoding);
      bytes = bytes.subarray(bom);
      this.offset += bom;
      this.first = false;
    }
    const cut = this.first ? 0 : completePrefix(bytes, this.encoding);
    this.pending = bytes.slice(cut);
    return this.decode(bytes.subarray(0, cut), false);
  }

  end(): string {
    if (this.first) {
      const bom = bomLength(this.pending, this.encoding);
      this.offset += bom;
      this.pending = this.pending.subarray(bom);
    }
    const rest = this.pending;
    this.pending = new Uint8Array(0);
    return this.decode(rest, true);
  }

  private decode(bytes: Uint8Array, complete: boolean): string {
    if (!this.lenient) {
      const bad = invalidUnitOffset(bytes, this.encoding, complete);
      if (bad >= 0) {
        const cut = complete && this.encoding === 'utf8' && utf8SequenceAt(bytes, bad) === 0;
        const detail = describeBytes(bytes, bad) + (cut ? ' at the very end: the input is cut off inside its last character' : '');
        throw new DecodeError(this.encoding, this.offset + bad, detail);
      }
    }
    this.offset += bytes.length;
    return decodeUnits(bytes, this.encoding);
  }
}

function describeBytes(bytes: Uint8Array, at: number): string {
  const shown = Array.from(bytes.subarray(at, at + 4), (b) => b.toString(16).padStart(2, '0'));
  return `bytes ${shown.join(' ')}`;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Decode a whole input (BOM removed); DecodeError on invalid bytes unless lenient. */
export function decodeText(bytes: Uint8Array, encoding: TextEncoding, lenient: boolean): string {
  const decoder = new StreamDecoder(encoding, lenient);
  return decoder.write(bytes) + decoder.end();
}

/**
 * Incremental encoder with exact checks: a character the encoding cannot represent is an UnrepresentableError
 * (or "?" when lenient). `bom` writes a byte-order mark first (UTF-8 and UTF-16 only).
 */
export class StreamEncoder {
  private index = 0;
  private started = false;

  constructor(readonly encoding: TextEncoding, private readonly bom: boolean, private readonly lenient: boolean) {}

  write(text: string): Uint8Array {
    let prefix: Uint8Array | null = null;
    if (!this.started) {
      this.started = true;
      const mark = this.bom ? BOMS.find(([name]) => name === this.encoding)?.[1] : undefined;
      if (mark) prefix = Uint8Array.from(mark);
    }
    const bytes = this.encode(text);
    this.index += text.length;
    return prefix ? concat(prefix, bytes) : bytes;
  }

  private encode(text: string): Uint8Array {
    if (!this.lenient) {
      const bad = unrepresentable(text, this.encoding);
      if (bad >= 0) {
        const cp = text.codePointAt(bad)!;
        throw new UnrepresentableError(this.encoding, String.fromCodePoint(cp), this.index + bad);
      }
    }
    switch (this.encoding) {
      case 'utf8': {
        // Streamed chunks: encodeInto a buffer of the largest possible size takes half the time of Buffer.from on
        // CJK text; a whole large text is encoded to its exact size, not to three bytes per unit.
        if (text.length > ENCODE_INTO_LIMIT) return Buffer.from(text, 'utf8');
        const out = Buffer.allocUnsafe(text.length * 3);
        return out.subarray(0, utf8Encoder.encodeInto(text, out).written);
      }
      case 'utf16le':
        return Buffer.from(text, 'utf16le');
      case 'utf16be':
        return Buffer.from(text, 'utf16le').swap16();
      default:
        return iconv.encode(text, this.encoding);
    }
  }
}

/** Index of the first character the encoding cannot represent, or -1. */
function unrepresentable(text: string, encoding: TextEncoding): number {
  if (encoding === 'utf16le' || encoding === 'utf16be') return -1; // lone surrogates survive UTF-16 as they are
  if (encoding === 'utf8' || encoding === 'gb18030') {
    if (text.isWellFormed()) return -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
      else if (c >= 0xd800 && c <= 0xdfff) return i;
    }
    return -1;
  }
  if (/^[\x00-\x7f]*$/.test(text)) return -1;
  const roundTrip = iconv.decode(iconv.encode(text, encoding), encoding);
  if (roundTrip === text) return -1;
  let i = 0;
  while (i < text.length && text[i] === roundTrip[i]) i++;
  // A mismatch inside a surrogate pair points at its first half.
  if (i > 0 && (text.charCodeAt(i) & 0xfc00) === 0xdc00) i--;
  return i;
}

export function encodeText(text: string, encoding: TextEncoding, bom: boolean, lenient: boolean): Uint8Array {
  return new StreamEncoder(encoding, bom, lenient).write(text);
}
