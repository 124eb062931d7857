/**
 * The encodings a dropped file may be read in, their names, and the errors of reading one: what the page needs
 * before any file arrives (the detection itself, with chardet's tables, loads with the first file: file-encoding.ts).
 */

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

/** Bytes that read as more than one encoding with no clear evidence: the user chooses, seeing each reading. */
export class UnsureEncodingError extends UndecodableFileError {
  constructor(name: string, readonly readings: readonly { readonly encoding: FileEncoding; readonly preview: string }[]) {
    super(`${name} could be ${readings.map((r) => ENCODING_NAMES[r.encoding]).join(' or ')} and the evidence is not clear: choose its encoding.`);
    this.name = 'UnsureEncodingError';
  }
}
