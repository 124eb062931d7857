/**
 * Where compiled data comes from, and the store that holds what has been loaded. The core never touches the file
 * system or the network: a platform entry installs the default store with its source — src/node reads dist/data
 * synchronously, src/browser imports one module per file on demand. Loading is explicit: `loadFiles` (used by
 * loadConverter and loadDetector, see loaders.ts) brings a configuration's files in, and the synchronous accessors
 * then find them; a synchronous source (Node) also loads on first use, so Node keeps its synchronous API.
 * Loaded files are cached in the store, so creating many converters costs one load per dictionary group.
 */
import { allDictionaryGroups, groupKey, NORMALIZATION, type ConfigDefinition, type DictionaryGroup } from './configs.js';
import { CompiledDictionary } from './dictionary/compiled-dictionary.js';
import { FanjianError } from './errors.js';

/** Group key → compiled files: upstream OpenCC data, and with fanjian's dictionaries/ layer applied. */
export type GroupFiles = Readonly<Record<string, { readonly upstream: string; readonly fanjian: string }>>;

export interface DataManifest {
  readonly format: number;
  readonly opencc: string;
  readonly groups: GroupFiles;
}

/** A data file as a source delivers it: the bytes of a compiled file, or an already decoded dictionary. */
export type DataFile = Uint8Array | CompiledDictionary;

export interface DataSource {
  /** Where the files live, for error messages. */
  readonly location: string;
  /** The table of compiled groups. */
  manifest(): DataManifest;
  /** A file synchronously (Node); absent where data can only arrive asynchronously. Throws when missing. */
  read?(file: string): DataFile;
  /** A file asynchronously (browsers). */
  load?(file: string): Promise<DataFile>;
}

export const MANIFEST_FILE = 'manifest.json';

/** The files behind detect() and repair() (written by build/build-script-data.ts). */
export const CHARACTER_CLASSES = 'script-classes.bin';
export const ATTESTED_TRADITIONAL = 'attested-traditional.bin';
export const ATTESTED_SIMPLIFIED = 'attested-simplified.bin';
export const SCRIPT_FILES = [CHARACTER_CLASSES, ATTESTED_TRADITIONAL, ATTESTED_SIMPLIFIED] as const;

export class DataStore {
  private manifestCache: DataManifest | null = null;
  private readonly files = new Map<string, DataFile>();
  private readonly dictionaries = new Map<string, CompiledDictionary>();
  private readonly pending = new Map<string, Promise<void>>();

  constructor(readonly source: DataSource) {}

  get location(): string {
    return this.source.location;
  }

  manifest(): DataManifest {
    if (!this.manifestCache) {
      let parsed: DataManifest;
      try {
        parsed = this.source.manifest();
      } catch (error) {
        throw this.missing(MANIFEST_FILE, error);
      }
      if (!parsed || typeof parsed.groups !== 'object') throw this.missing(MANIFEST_FILE);
      this.manifestCache = parsed;
    }
    return this.manifestCache;
  }

  /** The file holding a group, with or without fanjian's corrections. */
  groupFile(group: DictionaryGroup, corrections: boolean): string {
    const files = this.manifest().groups[groupKey(group)];
    if (!files) throw this.missing(`dictionary group ${groupKey(group)}`);
    return corrections ? files.fanjian : files.upstream;
  }

  /** Every file a configuration needs. */
  configFiles(definition: ConfigDefinition, corrections: boolean): string[] {
    return unique([NORMALIZATION, ...definition.chain].map((group) => this.groupFile(group, corrections)));
  }

  /** Every file of every configuration (the CLI and tests preload everything). */
  allFiles(): string[] {
    const groups = allDictionaryGroups();
    return unique([true, false].flatMap((corrections) => groups.map((group) => this.groupFile(group, corrections))));
  }

  has(file: string): boolean {
    return this.files.has(file) || this.dictionaries.has(file);
  }

  /** Bring files into the store; each is requested from the source once, however many callers wait for it. */
  async loadFiles(files: readonly string[]): Promise<void> {
    await Promise.all(files.map((file) => {
      if (this.has(file)) return undefined;
      let loading = this.pending.get(file);
      if (!loading) {
        loading = this.fetch(file).finally(() => this.pending.delete(file));
        this.pending.set(file, loading);
      }
      return loading;
    }));
  }

  private async fetch(file: string): Promise<void> {
    let data: DataFile;
    try {
      data = this.source.load ? await this.source.load(file) : this.readSync(file);
    } catch (error) {
      throw error instanceof FanjianError ? error : this.missing(file, error);
    }
    this.files.set(file, data);
  }

  private readSync(file: string): DataFile {
    if (!this.source.read) {
      throw new FanjianError('DATA_NOT_LOADED',
        `${file} has not been loaded from ${this.source.location}: await loadConverter(config) (or loadDetector() ` +
        'for detect and repair) before converting synchronously.');
    }
    try {
      return this.source.read(file);
    } catch (error) {
      throw this.missing(file, error);
    }
  }

  private file(file: string): DataFile {
    let data = this.files.get(file);
    if (data === undefined) {
      data = this.readSync(file);
      this.files.set(file, data);
    }
    return data;
  }

  /** A compiled dictionary file (a group or an attested-word list), decoded once. */
  dictionary(file: string): CompiledDictionary {
    let dictionary = this.dictionaries.get(file);
    if (!dictionary) {
      const data = this.file(file);
      dictionary = data instanceof CompiledDictionary ? data : CompiledDictionary.fromBinary(data, file);
      this.dictionaries.set(file, dictionary);
      this.files.delete(file);
    }
    return dictionary;
  }

  /** A data file's bytes (script classes). */
  bytes(file: string): Uint8Array {
    const data = this.file(file);
    if (data instanceof CompiledDictionary) throw new FanjianError('INVALID_DATA', `${file} is a dictionary, not a data file`);
    return data;
  }

  group(group: DictionaryGroup, corrections: boolean): CompiledDictionary {
    return this.dictionary(this.groupFile(group, corrections));
  }

  missing(what: string, cause?: unknown): FanjianError {
    const reason = cause instanceof Error ? `: ${cause.message}` : '';
    return new FanjianError(
      'DICTIONARY_DATA_MISSING',
      `Cannot load ${what} from ${this.source.location}${reason}. Run "npm run build" (or reinstall fanjian) to generate the compiled dictionaries.`,
    );
  }
}

function unique(files: readonly string[]): string[] {
  return [...new Set(files)];
}

const NO_SOURCE: DataSource = {
  location: 'no data source installed',
  manifest() {
    throw new Error('import fanjian through its package entry (fanjian, fanjian/browser) to get its data');
  },
};

let store = new DataStore(NO_SOURCE);

/** The store converters, detect and repair use unless given another (each package entry installs one). */
export function defaultStore(): DataStore {
  return store;
}

export function setDataSource(next: DataSource): DataStore {
  store = new DataStore(next);
  return store;
}

/** Where the compiled dictionaries are read from (for diagnostics). */
export function dataSourceLocation(): string {
  return store.location;
}

/** The compiled group, with or without fanjian's corrections, from the default store. */
export function loadGroup(group: DictionaryGroup, corrections: boolean): CompiledDictionary {
  return store.group(group, corrections);
}

/** A compiled dictionary file of the default store (the attested-word lists). */
export function loadDictionaryFile(file: string): CompiledDictionary {
  return store.dictionary(file);
}

/** A data file of the default store, as bytes. */
export function loadDataFile(file: string): Uint8Array {
  return store.bytes(file);
}
