/**
 * The encoding of a dropped file, in the browser, by the command line's rules (src/encoding-detection.ts: a
 * byte-order mark, strict UTF-8, GB18030 (GBK) or Big5 by what decodes, by byte structure and by chardet's
 * statistics, and "not sure" when the evidence is not clear — the user then chooses, seeing each reading: a wrong
 * guess would save mojibake). Decoding is the browser's own TextDecoder in fatal mode, so a byte no encoding
 * explains is an error, never a silent U+FFFD. The guess and how it was made are shown to the user, who can choose
 * another encoding.
 */
import { detectEncoding, type DetectedEncoding, type EncodingCodec } from '../../encoding-detection.js';

import {
  ENCODING_NAMES, UndecodableFileError, UnsureEncodingError, type DecodedFile, type FileEncoding,
} from './file-encodings.js';

export * from './file-encodings.js';

/** The browser's decoders, as the shared detection asks for them. */
const codec: EncodingCodec = {
  // Detection needs the legacy encodings' verdict on whole files only; a cut-off last character is malformed.
  decodes: (bytes, encoding) => tryDecode(bytes, encoding) !== null,
  decode: (bytes, encoding) => new TextDecoder(encoding === 'utf8' ? 'utf-8' : encoding).decode(bytes),
};

const AS_FILE_ENCODING: Readonly<Record<DetectedEncoding, FileEncoding>> = {
  utf8: 'utf-8', utf16le: 'utf-16le', utf16be: 'utf-16be', gb18030: 'gb18030', big5: 'big5',
};

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
  const detection = detectEncoding(bytes, true, codec);
  if (detection.kind === 'binary') throw new UndecodableFileError(`${name} looks binary (${detection.why}): choose its encoding if it is text.`);
  if (detection.kind === 'unsure') {
    const readings = (['utf-8', 'gb18030', 'big5'] as const)
      .map((encoding) => ({ encoding, text: tryDecode(bytes, encoding) }))
      .filter((reading): reading is { encoding: FileEncoding & ('utf-8' | 'gb18030' | 'big5'); text: string } => reading.text !== null);
    if (readings.length === 0) throw new UndecodableFileError(`${name}: ${detection.why}; choose its encoding.`);
    throw new UnsureEncodingError(name, readings.map((r) => ({ encoding: r.encoding, preview: r.text.slice(0, 40) })));
  }
  const encoding = AS_FILE_ENCODING[detection.encoding];
  const text = tryDecode(bytes, encoding);
  if (text === null) {
    const reason = detection.bom ? `it starts with a ${ENCODING_NAMES[encoding]} byte-order mark but is not valid ${ENCODING_NAMES[encoding]}`
      : `it is damaged: ${detection.how}`;
    throw new UndecodableFileError(`${name} is neither UTF-8 nor GBK/GB18030 nor Big5 (${reason}): choose its encoding.`);
  }
  return { text, encoding, how: detection.how };
}

