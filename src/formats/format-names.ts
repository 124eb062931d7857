// The names of the document formats, apart from the formats themselves (registry.ts, which loads every parser): the
// command line lists them in its options and --help without loading a parser it may not need.

/** The names of the formats of text documents (converted as strings). */
export const TEXT_DOCUMENT_FORMATS = ['text', 'jsonl', 'csv', 'tsv', 'html', 'xhtml', 'markdown', 'json', 'yaml', 'srt', 'vtt', 'ass'] as const;
/** The names of the formats of binary documents (converted as bytes). */
export const BINARY_DOCUMENT_FORMATS = ['epub', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp'] as const;
/** Every format name, in the order --help lists them. */
export const DOCUMENT_FORMATS = [...TEXT_DOCUMENT_FORMATS, ...BINARY_DOCUMENT_FORMATS] as const;

export type TextDocumentFormat = (typeof TEXT_DOCUMENT_FORMATS)[number];
export type BinaryDocumentFormat = (typeof BINARY_DOCUMENT_FORMATS)[number];
export type DocumentFormat = TextDocumentFormat | BinaryDocumentFormat;

/** The extensions of plain text, which needs no parser (registry.ts's textFormat has these). */
export const PLAIN_TEXT_EXTENSIONS: readonly string[] = ['txt', 'text'];
