/**
 * Reads the compiled data from dist/data, synchronously (the same relative path from src/node and dist/node); the
 * files the manifest lists as packed come from their data modules in dist/browser/data.
 */
import { dataModuleName, dataModuleString, MANIFEST_FILE, type DataFile, type DataManifest, type DataSource } from '../data-source.js';

// Taken from process.getBuiltinModule, not imported: an ES import of node:fs builds its whole namespace, which
// loads Node's stream modules (about 1.7 ms of every start-up; Node >= 20.16, the package needs 20.19).
const { readFileSync } = process.getBuiltinModule('node:fs');
const { join } = process.getBuiltinModule('node:path');

// Paths as strings from import.meta.dirname (Node >= 20.11; __dirname in the CommonJS bundles): a process's first
// `new URL` costs about 0.3 ms (measured in fresh processes), and every read through a URL converts it back.
const here = import.meta.dirname;
const dataDirectory = join(here, '../../dist/data');
const moduleDirectory = join(here, '../../dist/browser/data');

let packed: ReadonlySet<string> | null = null;

function readManifest(): DataManifest {
  const manifest = JSON.parse(readFileSync(join(dataDirectory, MANIFEST_FILE), 'utf8')) as DataManifest;
  packed = new Set(manifest.packed ?? []);
  return manifest;
}

/** The bytes a data module carries (see dataModuleText). */
function readDataModule(file: string): Uint8Array {
  const path = join(moduleDirectory, dataModuleName(file));
  try {
    return Buffer.from(dataModuleString(readFileSync(path, 'utf8')), 'latin1');
  } catch (error) {
    throw new Error(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export const nodeDataSource: DataSource = {
  location: dataDirectory,
  remedy: 'Run "npm run build" (or reinstall fanjian) to generate the compiled dictionaries.',
  manifest: readManifest,
  read(file: string): DataFile {
    return (packed ?? new Set(readManifest().packed ?? [])).has(file) ? readDataModule(file) : readFileSync(join(dataDirectory, file));
  },
};
