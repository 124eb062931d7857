/**
 * The documents layer (every format's parser: HTML, Markdown, JSON, YAML, subtitles, EPUB, Office), loaded the first
 * time an input needs it. Plain UTF-8 text, what most jobs convert, never loads it: it is most of the command
 * line's code (about 0.6 MB of the bundle, in a chunk of its own: see build/bundle.ts), and compiling and
 * initialising it was a third of every start-up, on the main thread and again in each worker thread.
 */
import type * as Api from '../node/documents.js';
import type { convertDocumentStream } from '../formats/document.js';
import type { describeFormat } from '../formats/registry.js';

/** fanjian/documents, the registry's names of formats for messages, and documents converted as they are read. */
export type Documents = typeof Api & {
  readonly describeFormat: typeof describeFormat;
  readonly convertDocumentStream: typeof convertDocumentStream;
};

let loaded: Documents | null = null;
let loading: Promise<Documents> | null = null;

/** Load the documents layer (once; later calls get the same module). */
export function loadDocuments(): Promise<Documents> {
  loading ??= Promise.all([import('../node/documents.js'), import('../formats/registry.js'), import('../formats/document.js')])
    .then(([api, registry, document]) => (loaded = {
      ...api, describeFormat: registry.describeFormat, convertDocumentStream: document.convertDocumentStream,
    }));
  return loading;
}

/** The documents layer, which the caller has loaded (loadDocuments) before any input that needs it. */
export function documents(): Documents {
  if (!loaded) throw new Error('internal error: the documents layer is used before it was loaded (loadDocuments)');
  return loaded;
}
