/**
 * Which encoding a file's bytes are in — UTF-8, UTF-16 (byte-order mark), GB18030/GBK or Big5 — or "not sure": the
 * rules the command line (src/cli/encoding.ts, which adds its messages and decodes with iconv-lite) and the
 * playground (src/browser/playground/file-encoding.ts, which decodes with the browser's TextDecoder) share. Pure:
 * the decoding itself comes in as an EncodingCodec. The statistical GB18030-or-Big5 guess is chardet's (a port of
 * ICU's detector).
 */
import chardet from 'chardet';

export type DetectedEncoding = 'utf8' | 'utf16le' | 'utf16be' | 'gb18030' | 'big5';

/** What detection needs of a platform's decoders. */
export interface EncodingCodec {
  /** Whether the bytes decode in the encoding with no malformed or unmapped sequence (with `complete` false, a
   * character cut off by the end of the bytes is no error). */
  decodes(bytes: Uint8Array, encoding: 'gb18030' | 'big5', complete: boolean): boolean;
  /** The bytes decoded, for the previews of messages (undecodable bytes may become U+FFFD). */
  decode(bytes: Uint8Array, encoding: 'utf8' | 'gb18030' | 'big5'): string;
}

export function encodingLabel(encoding: DetectedEncoding | 'gbk'): string {
  return { utf8: 'UTF-8', utf16le: 'UTF-16LE', utf16be: 'UTF-16BE', gb18030: 'GB18030', gbk: 'GBK', big5: 'Big5' }[encoding];
}

const BOMS: readonly [DetectedEncoding, readonly number[]][] = [
  ['utf8', [0xef, 0xbb, 0xbf]],
  ['utf16le', [0xff, 0xfe]],
  ['utf16be', [0xfe, 0xff]],
];

export type EncodingDetection =
  | { readonly kind: 'text'; readonly encoding: DetectedEncoding; readonly bom: boolean; readonly how: string }
  | { readonly kind: 'binary'; readonly why: string }
  /** Text, but which encoding is not certain enough to rewrite a file with: `why`; `foreign` names the encoding
   * (chardet's name) when it looks like one fanjian does not read; `cutOff`, the Chinese encoding it reads as but
   * for a last character cut off by its end (a truncated download or copy). */
  | { readonly kind: 'unsure'; readonly why: string; readonly foreign?: string; readonly cutOff?: 'gb18030' | 'big5' };

export interface DetectOptions {
  /** Undecodable bytes will become U+FFFD (the CLI's --lenient), so damaged UTF-8 is still UTF-8. */
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
export function detectEncoding(sample: Uint8Array, complete: boolean, codec: EncodingCodec, options: DetectOptions = {}): EncodingDetection {
  for (const [encoding, bom] of BOMS) {
    if (sample.length >= bom.length && bom.every((b, i) => sample[i] === b)) {
      return { kind: 'text', encoding, bom: true, how: 'byte-order mark' };
    }
  }
  if (sample.includes(0)) return { kind: 'binary', why: 'it contains NUL bytes' };
  const utf8 = utf8Damage(sample, complete);
  if (utf8.invalid === 0 && !utf8.truncated) {
    if (utf8.longest === 2 && !latinWords(sample)) {
      // Only two-byte sequences (Greek, Cyrillic…), not in Latin words like "café": GBK or Big5 text can look like
      // that by chance (学校 in GBK is "ѧУ"). When a Chinese reading is as plausible, say so.
      const fits = (['gb18030', 'big5'] as const).filter((encoding) => fitsLegacy(sample, encoding, complete, codec));
      const chinese = plausibleChinese(sample, fits);
      if (chinese) {
        return {
          kind: 'unsure',
          why: `it reads as UTF-8 (${preview(codec.decode(sample, 'utf8'))}) and as ${encodingLabel(chinese)} ` +
            `(${preview(codec.decode(sample, chinese))})`,
        };
      }
    }
    return { kind: 'text', encoding: 'utf8', bom: false, how: 'valid UTF-8' };
  }
  // Legacy Chinese text breaks UTF-8 at nearly every character; damaged UTF-8 has far more valid sequences. But a
  // few GBK or Big5 characters can pass as UTF-8 by chance: when their reading is as plausible, say so.
  const damaged = utf8.invalid === 0 || utf8.valid >= 4 * utf8.invalid || (options.lenient && utf8.valid > utf8.invalid);
  if (damaged) {
    const fits = (['gb18030', 'big5'] as const).filter((encoding) => fitsLegacy(sample, encoding, complete, codec));
    const chinese = plausibleChinese(sample, fits);
    if (chinese) {
      return {
        kind: 'unsure', why: `it could be damaged UTF-8 or ${encodingLabel(chinese)} (${preview(codec.decode(sample, chinese))})`,
      };
    }
    return { kind: 'text', encoding: 'utf8', bom: false, how: utf8.invalid === 0 ? 'UTF-8 cut off inside its last character' : 'UTF-8 apart from a few invalid bytes' };
  }
  const legacy = legacyEncoding(sample, complete, codec);
  if (legacy.kind !== 'binary') return legacy;
  const cutOff = complete ? cutOffLegacy(sample, codec) : null;
  if (cutOff) return cutOff;
  // Neither reads it: if it has UTF-8 text at all, decoding as UTF-8 names the first bad byte (or, with
  // --lenient, replaces the bad bytes), which says more than "binary".
  if (utf8.valid === 0) return legacy;
  return { kind: 'text', encoding: 'utf8', bom: false, how: 'UTF-8 with invalid bytes' };
}

/**
 * GBK or Big5 text whose last character is cut off by the end (1 to 3 bytes of a unit): reading it as UTF-8 would
 * name its first byte as invalid, which says nothing useful. Said as "unsure", with the reading up to the cut; never
 * decoded on a guess, since the cut is as likely a sign of some other damage.
 */
function cutOffLegacy(sample: Uint8Array, codec: EncodingCodec): EncodingDetection | null {
  for (let cut = 1; cut <= 3 && cut < sample.length; cut++) {
    const whole = sample.subarray(0, sample.length - cut);
    const fits = (['gb18030', 'big5'] as const).filter((e) => fitsLegacy(whole, e, true, codec));
    // GB18030's four-byte sequences settle it, as for a whole file (legacyEncoding); they count as rare units.
    const encoding = hasFourByteGb18030(whole) && fits.includes('gb18030') ? 'gb18030' : plausibleChinese(whole, fits);
    if (encoding) {
      return {
        kind: 'unsure', cutOff: encoding,
        why: `it reads as ${encodingLabel(encoding)} (${preview(codec.decode(whole, encoding))}) but for its last ${cut === 1 ? 'byte' : `${cut} bytes`}, ` +
          `a character cut off by the end of the file (truncated?)`,
      };
    }
  }
  return null;
}

/** The start of a text for a message: at most 12 characters, control characters shown as U+FFFD. */
function preview(text: string): string {
  const characters = [...text.replace(/[\x00-\x1f\x7f]/g, '\ufffd')];
  return characters.slice(0, 12).join('') + (characters.length > 12 ? '…' : '');
}

/** Encodings chardet knows that fanjian does not read, and how to name them. */
const FOREIGN: Readonly<Record<string, string>> = {
  Shift_JIS: 'Shift_JIS (Japanese)', 'EUC-JP': 'EUC-JP (Japanese)', 'ISO-2022-JP': 'ISO-2022-JP (Japanese)',
  'EUC-KR': 'EUC-KR (Korean)', 'ISO-2022-KR': 'ISO-2022-KR (Korean)', 'ISO-2022-CN': 'ISO-2022-CN',
};

function foreign(name: string): EncodingDetection {
  return { kind: 'unsure', why: `it looks like ${FOREIGN[name] ?? name}, which fanjian does not read`, foreign: name };
}


/** GB18030 or Big5, or unsure, for bytes that are not UTF-8. */
function legacyEncoding(sample: Uint8Array, complete: boolean, codec: EncodingCodec): EncodingDetection {
  const fits = (['gb18030', 'big5'] as const).filter((encoding) => fitsLegacy(sample, encoding, complete, codec));
  if (fits.length === 0) {
    const top = chardet.analyse(sample)[0];
    if (top && FOREIGN[top.name] && top.confidence >= 50) return foreign(top.name);
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
    };
  }
  const ranked = chardet.analyse(sample);
  const confidence = (name: string) => ranked.find((m) => m.name === name)?.confidence ?? 0;
  const chinese = fits.map((encoding) => ({ encoding, confidence: confidence(encoding === 'big5' ? 'Big5' : 'GB18030') }))
    .sort((a, b) => b.confidence - a.confidence);
  const best = chinese[0]!;
  const rival = ranked.find((m) => FOREIGN[m.name]);
  if (rival && rival.confidence >= best.confidence) return foreign(rival.name);
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
  };
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
function structuralChoice(bytes: Uint8Array, fits: readonly DetectedEncoding[]): DetectedEncoding | null {
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
function plausibleChinese(bytes: Uint8Array, fits: readonly DetectedEncoding[]): 'gb18030' | 'big5' | null {
  const rare = rareUnits(bytes);
  return fits.includes('gb18030') && rare.gb === 0 ? 'gb18030' : fits.includes('big5') && rare.big5 === 0 ? 'big5' : null;
}

/**
 * How damaged bytes are as UTF-8: valid multi-byte sequences, invalid ones (a maximal ill-formed subpart counts
 * once, as a decoder replaces it once), and whether the input ends inside a sequence (`complete` only).
 */
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
export function utf8SequenceAt(bytes: Uint8Array, i: number): number {
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


/**
 * The GB18030 / GBK / Big5 unit (one character's bytes) at i, by the byte structure alone: its length, 0 when
 * the bytes end inside it, or -1 when it is malformed.
 */
export function unitAt(bytes: Uint8Array, i: number, encoding: DetectedEncoding | 'gbk'): number {
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

/** Whether the bytes are well-formed units of the encoding throughout (a unit cut off by the end is malformed
 * when `complete`), and decode with no unmapped unit. */
function fitsLegacy(bytes: Uint8Array, encoding: 'gb18030' | 'big5', complete: boolean, codec: EncodingCodec): boolean {
  for (let i = 0; i < bytes.length; ) {
    const length = unitAt(bytes, i, encoding);
    if (length < 0 || (length === 0 && complete)) return false;
    if (length === 0) break;
    i += length;
  }
  return codec.decodes(bytes, encoding, complete);
}

const inRange = (b: number | undefined, low: number, high: number) => b !== undefined && b >= low && b <= high;
