/** Reads the compiled data from dist/data, synchronously (the same relative path from src/node and dist/node). */
import { readFileSync } from 'node:fs';
import { MANIFEST_FILE, type DataManifest, type DataSource } from '../data-source.js';

const dataDirectory = new URL('../../dist/data/', import.meta.url);

export const nodeDataSource: DataSource = {
  // A display path without loading node:url at start-up (start-up time is part of fanjian's promise).
  location: decodeURIComponent(dataDirectory.pathname),
  manifest(): DataManifest {
    return JSON.parse(readFileSync(new URL(MANIFEST_FILE, dataDirectory), 'utf8')) as DataManifest;
  },
  read(file: string): Uint8Array {
    return readFileSync(new URL(file, dataDirectory));
  },
};
