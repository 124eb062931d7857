/**
 * The choices made in the playground, as a user dictionary per configuration: kept in localStorage, given to the
 * converter as OpenCC text, exported as a file that the CLI takes with --dict.
 */
import type { ConfigName } from '../index.js';

export interface UserEntry {
  readonly key: string;
  readonly value: string;
}

const STORAGE_KEY = 'fanjian.playground.dictionary.v1';

type Stored = Partial<Record<ConfigName, UserEntry[]>>;

function load(storage: Storage | null): Stored {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(STORAGE_KEY) ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Stored) : {};
  } catch {
    return {};
  }
}

export class UserDictionary {
  private entries: Stored;

  constructor(private readonly storage: Storage | null) {
    this.entries = load(storage);
  }

  list(config: ConfigName): readonly UserEntry[] {
    return this.entries[config] ?? [];
  }

  /** Adds or replaces the entry for `key` (a newer choice wins). */
  set(config: ConfigName, key: string, value: string): void {
    const kept = this.list(config).filter((e) => e.key !== key);
    this.entries[config] = [...kept, { key, value }];
    this.save();
  }

  remove(config: ConfigName, key: string): void {
    this.entries[config] = this.list(config).filter((e) => e.key !== key);
    this.save();
  }

  clear(config: ConfigName): void {
    delete this.entries[config];
    this.save();
  }

  /** OpenCC text (key<TAB>value a line) for the converter, or null when there is nothing. */
  text(config: ConfigName): string | null {
    const entries = this.list(config);
    return entries.length ? entries.map((e) => `${e.key}\t${e.value}`).join('\n') + '\n' : null;
  }

  /** The file to download: OpenCC text with a header saying how to use it. */
  exportText(config: ConfigName): string {
    return `# fanjian user dictionary for ${config}, made in the fanjian playground.\n` +
      `# Use it with: fanjian convert -c ${config} --dict THIS_FILE input.txt\n` +
      (this.text(config) ?? '');
  }

  private save(): void {
    try {
      this.storage?.setItem(STORAGE_KEY, JSON.stringify(this.entries));
    } catch {
      // Private browsing or a full quota: the choices still hold for this visit.
    }
  }
}
