/**
 * Where compiled dictionaries come from. The core never touches the file system: the Node entry installs a
 * source that reads dist/data, the browser entry one that decodes embedded data. Loaded groups are cached for
 * the life of the process, so creating many converters costs one load per group.
 */
import { groupKey, type DictionaryGroup } from './configs.js';
import { CompiledDictionary } from './dictionary/compiled-dictionary.js';
import { FanjianError } from './errors.js';

export interface DataSource {
  /** Bytes of a file written by the build (a compiled group or manifest.json); throws when missing. */
  read(file: string): Uint8Array;
  /** Where the files live, for error messages. */
  readonly location: string;
}

export interface DataManifest {
  readonly format: number;
  readonly opencc: string;
  /** Group key → compiled files: upstream OpenCC data, and with fanjian's dictionaries/ layer applied. */
  readonly groups: Record<string, { readonly upstream: string; readonly fanjian: string }>;
}

export const MANIFEST_FILE = 'manifest.json';

let source: DataSource | null = null;
let manifest: DataManifest | null = null;
const groups = new Map<string, CompiledDictionary>();

/** Where the compiled dictionaries are read from (for diagnostics). */
export function dataSourceLocation(): string {
  return source ? source.location : 'no data source installed';
}

export function setDataSource(next: DataSource): void {
  source = next;
  manifest = null;
  groups.clear();
}

function missing(what: string, cause?: unknown): FanjianError {
  const where = source ? source.location : 'no data source installed';
  const reason = cause instanceof Error ? `: ${cause.message}` : '';
  return new FanjianError(
    'DICTIONARY_DATA_MISSING',
    `Cannot load ${what} from ${where}${reason}. Run "npm run build" (or reinstall fanjian) to generate the compiled dictionaries.`,
  );
}

function readFile(file: string): Uint8Array {
  if (!source) throw missing(file);
  try {
    return source.read(file);
  } catch (error) {
    throw missing(file, error);
  }
}

export function loadManifest(): DataManifest {
  if (!manifest) {
    const parsed = JSON.parse(new TextDecoder().decode(readFile(MANIFEST_FILE))) as DataManifest;
    if (!parsed || typeof parsed.groups !== 'object') throw missing(MANIFEST_FILE);
    manifest = parsed;
  }
  return manifest;
}

/** A data file written by the build (beside the compiled groups), as bytes. */
export function loadDataFile(file: string): Uint8Array {
  return readFile(file);
}

/** The compiled group, with or without fanjian's corrections. */
export function loadGroup(group: DictionaryGroup, corrections: boolean): CompiledDictionary {
  const files = loadManifest().groups[groupKey(group)];
  if (!files) throw missing(`dictionary group ${groupKey(group)}`);
  const file = corrections ? files.fanjian : files.upstream;
  let dictionary = groups.get(file);
  if (!dictionary) {
    dictionary = CompiledDictionary.fromBinary(readFile(file), file);
    groups.set(file, dictionary);
  }
  return dictionary;
}
