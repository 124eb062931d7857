/**
 * Reads the compiled data from dist/data, synchronously (the same relative path from src/node and dist/node); the
 * files the manifest lists as packed come from their data modules in dist/browser/data.
 */
import { dataModuleName, dataModuleString, MANIFEST_FILE, type DataFile, type DataManifest, type DataSource } from '../data-source.js';

// Taken from process.getBuiltinModule, not imported: an ES import of node:fs builds its whole namespace, which
// loads Node's stream modules (about 1.7 ms of every start-up; Node >= 20.16, the package needs 20.19).
const { readFileSync } = process.getBuiltinModule('node:fs');

const dataDirectory = new URL('../../dist/data/', import.meta.url);
const moduleDirectory = new URL('../../dist/browser/data/', import.meta.url);

let packed: ReadonlySet<string> | null = null;

function readManifest(): DataManifest {
  const manifest = JSON.parse(readFileSync(new URL(MANIFEST_FILE, dataDirectory), 'utf8')) as DataManifest;
  packed = new Set(manifest.packed ?? []);
  return manifest;
}

/** The bytes a data module carries (see dataModuleText). */
function readDataModule(file: string): Uint8Array {
  const url = new URL(dataModuleName(file), moduleDirectory);
  try {
    return Buffer.from(dataModuleString(readFileSync(url, 'utf8')), 'latin1');
  } catch (error) {
    throw new Error(`${decodeURIComponent(url.pathname)}: ${error instanceof Error ? error.message : String(error)}`);
  }
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
