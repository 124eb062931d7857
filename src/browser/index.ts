/**
 * The package entry for browsers and bundlers: the core API with the compiled dictionaries embedded (base64,
 * decoded lazily, one group at a time, the first time a configuration needs it).
 */
import { EMBEDDED_FILES } from '#embedded-data';
import { setDataSource } from '../data-source.js';
import { decodeBase64 } from './base64.js';

setDataSource({
  location: 'the embedded dictionaries (dist/data/embedded.js)',
  read(file: string): Uint8Array {
    const encoded = EMBEDDED_FILES[file];
    if (encoded === undefined) throw new Error(`no embedded file ${file}`);
    return decodeBase64(encoded);
  },
});

export * from '../index.js';
