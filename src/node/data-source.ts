/**
 * Reads the compiled data from dist/data, synchronously (the same relative path from src/node and dist/node); the
 * files the manifest lists as packed come from their data modules in dist/browser/data.
 */
import { readFileSync } from 'node:fs';
import {
  DATA_MODULE_PREFIX, DATA_MODULE_SUFFIX, dataModuleName, MANIFEST_FILE, type DataFile, type DataManifest, type DataSource,
} from '../data-source.js';
import type { PackedDictionary } from '../dictionary/packed-format.js';

const dataDirectory = new URL('../../dist/data/', import.meta.url);
const moduleDirectory = new URL('../../dist/browser/data/', import.meta.url);

let packed: ReadonlySet<string> | null = null;

function readManifest(): DataManifest {
  const manifest = JSON.parse(readFileSync(new URL(MANIFEST_FILE, dataDirectory), 'utf8')) as DataManifest;
  packed = new Set(manifest.packed ?? []);
  return manifest;
}

/** The JSON a data module exports (the build writes them as DATA_MODULE_PREFIX + JSON + DATA_MODULE_SUFFIX). */
function readDataModule(file: string): PackedDictionary {
  const url = new URL(dataModuleName(file), moduleDirectory);
  const text = readFileSync(url, 'utf8');
  if (!text.startsWith(DATA_MODULE_PREFIX) || !text.endsWith(DATA_MODULE_SUFFIX)) {
    throw new Error(`${decodeURIComponent(url.pathname)} is not a data module written by fanjian's build`);
  }
  return JSON.parse(text.slice(DATA_MODULE_PREFIX.length, -DATA_MODULE_SUFFIX.length)) as PackedDictionary;
}

export const nodeDataSource: DataSource = {
  // A display path without loading node:url at start-up (start-up time is part of fanjian's promise).
  location: decodeURIComponent(dataDirectory.pathname),
  remedy: 'Run "npm run build" (or reinstall fanjian) to generate the compiled dictionaries.',
  manifest: readManifest,
  read(file: string): DataFile {
    return (packed ?? new Set(readManifest().packed ?? [])).has(file) ? readDataModule(file) : readFileSync(new URL(file, dataDirectory));
  },
};
