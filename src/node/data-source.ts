/** Reads the compiled dictionaries from dist/data (the same relative path from src/node and dist/node). */
import { readFileSync } from 'node:fs';
import type { DataSource } from '../data-source.js';

const dataDirectory = new URL('../../dist/data/', import.meta.url);

export const nodeDataSource: DataSource = {
  // A display path without loading node:url at start-up (start-up time is part of fanjian's promise).
  location: decodeURIComponent(dataDirectory.pathname),
  read(file: string): Uint8Array {
    return readFileSync(new URL(file, dataDirectory));
  },
};
