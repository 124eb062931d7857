/** Reads the compiled dictionaries from dist/data (the same relative path from src/node and dist/node). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DataSource } from '../data-source.js';

const dataDirectory = new URL('../../dist/data/', import.meta.url);

export const nodeDataSource: DataSource = {
  location: fileURLToPath(dataDirectory),
  read(file: string): Uint8Array {
    return readFileSync(new URL(file, dataDirectory));
  },
};
