/**
 * The encoding of a dropped file, in the browser: a byte-order mark, else strict UTF-8, else whichever of
 * GB18030 (GBK) and Big5 decodes every byte, chardet's statistics deciding when both do and they are clear (else the
 * user chooses, seeing both readings: a wrong guess would save mojibake). Decoding is the
 * browser's own TextDecoder in fatal mode, so a byte no encoding explains is an error, never a silent U+FFFD.
 * The guess and how it was made are shown to the user, who can choose another encoding.
 */
import chardet from 'chardet';

export const FILE_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'gb18030', 'big5'] as const;
export type FileEncoding = (typeof FILE_ENCODINGS)[number];

export const ENCODING_NAMES: Readonly<Record<FileEncoding, string>> = {
  'utf-8': 'UTF-8', 'utf-16le': 'UTF-16LE', 'utf-16be': 'UTF-16BE', gb18030: 'GBK / GB18030', big5: 'Big5',
};

export interface DecodedFile {
  readonly text: string;
  readonly encoding: FileEncoding;
  /** How the encoding was chosen, for the user. */
  readonly how: string;
}

export class UndecodableFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UndecodableFileError';
  }
}

const BOMS: readonly [FileEncoding, readonly number[]][] = [
  ['utf-8', [0xef, 0xbb, 0xbf]],
  ['utf-16le', [0xff, 0xfe]],
  ['utf-16be', [0xfe, 0xff]],
];

/** The text, or null when some byte sequence is invalid in the encoding. The BOM is dropped. */
function tryDecode(bytes: Uint8Array, encoding: FileEncoding): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/** Decode `bytes` of file `name`; `forced` skips detection. Throws UndecodableFileError with the reason. */
export function decodeFile(bytes: Uint8Array, name: string, forced?: FileEncoding): DecodedFile {
  if (forced) {
    const text = tryDecode(bytes, forced);
    if (text === null) throw new UndecodableFileError(`${name} is not valid ${ENCODING_NAMES[forced]}: choose another encoding.`);
    return { text, encoding: forced, how: 'chosen by you' };
  }
  for (const [encoding, bom] of BOMS) {
    if (bytes.length >= bom.length && bom.every((b, i) => bytes[i] === b)) {
      const text = tryDecode(bytes, encoding);
      if (text === null) throw new UndecodableFileError(`${name} starts with a ${ENCODING_NAMES[encoding]} byte-order mark but is not valid ${ENCODING_NAMES[encoding]}.`);
      return { text, encoding, how: 'byte-order mark' };
    }
  }
  if (bytes.includes(0)) throw new UndecodableFileError(`${name} looks binary (it contains NUL bytes): nothing to convert.`);
  const utf8 = tryDecode(bytes, 'utf-8');
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8', how: 'valid UTF-8' };
  const legacy = (['gb18030', 'big5'] as const)
    .map((encoding) => ({ encoding, text: tryDecode(bytes, encoding) }))
    .filter((c): c is { encoding: 'gb18030' | 'big5'; text: string } => c.text !== null);
  if (legacy.length === 0) {
    throw new UndecodableFileError(`${name} is neither UTF-8 nor GBK/GB18030 nor Big5 (or it is damaged): choose its encoding.`);
  }
  if (legacy.length === 1) {
    return { ...legacy[0]!, how: `only ${ENCODING_NAMES[legacy[0]!.encoding]} decodes every byte` };
  }
  // Both decode. chardet's statistics decide only when they clearly do (the CLI's threshold); short texts tie.
  const ranked = chardet.analyse(bytes);
  const confidence = (encoding: string) => ranked.find((m) => m.name === (encoding === 'big5' ? 'Big5' : 'GB18030'))?.confidence ?? 0;
  const [best, second] = legacy.map((c) => ({ ...c, confidence: confidence(c.encoding) })).sort((a, b) => b.confidence - a.confidence);
  if (best!.confidence >= 30 && best!.confidence - second!.confidence >= 10) {
    return { text: best!.text, encoding: best!.encoding, how: `statistics favour ${ENCODING_NAMES[best!.encoding]}` };
  }
  throw new UnsureEncodingError(name, legacy.map((c) => ({ encoding: c.encoding, preview: c.text.slice(0, 40) })));
}

/** Bytes that read as more than one encoding with no clear evidence: the user chooses, seeing each reading. */
export class UnsureEncodingError extends UndecodableFileError {
  constructor(name: string, readonly readings: readonly { readonly encoding: FileEncoding; readonly preview: string }[]) {
    super(`${name} could be ${readings.map((r) => ENCODING_NAMES[r.encoding]).join(' or ')} and the evidence is not clear: choose its encoding.`);
    this.name = 'UnsureEncodingError';
  }
}
