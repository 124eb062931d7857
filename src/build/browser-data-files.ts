/**
 * Build step (Node): beside the data modules in dist/browser/data, the default dictionaries as plain bytes
 * (dist/browser/data/<file>, the same bytes their modules carry), which the static build fetches (see
 * browser/binary-data.ts). Run by the bundle step, after the data build.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dataModuleName, dataModuleString } from '../data-source.js';
import { binaryDataFiles } from '../browser/binary-data.js';
import { nodeDataSource } from '../node/data-source.js';

const folder = new URL('../browser/data/', import.meta.url);

/** The bytes a data module carries (its string, one character per byte). */
export function dataModuleBytes(moduleText: string): Buffer {
  return Buffer.from(dataModuleString(moduleText), 'latin1');
}

export function writeBinaryDataFiles(): string[] {
  const files = binaryDataFiles(nodeDataSource.manifest());
  for (const file of files) {
    const text = readFileSync(new URL(dataModuleName(file), folder), 'utf8');
    writeFileSync(new URL(file, folder), dataModuleBytes(text));
  }
  return files;
}
