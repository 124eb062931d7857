/**
 * OpenCC's text dictionary format: one entry a line, `key<TAB>value[ alternative…]`, `#` starts a comment line.
 * User dictionaries may also be given as entry pairs; both end up as DictionaryEntry lists.
 */
import { FanjianError } from '../errors.js';

export interface DictionaryEntry {
  readonly key: string;
  /** The first value is the conversion; the rest are alternatives (they inform ambiguity, never output). */
  readonly values: readonly string[];
  /** The 1-based line of an entry read from OpenCC text (for messages). */
  readonly line?: number;
}

/** What a user may pass as a dictionary: OpenCC text, `[key, value]` pairs or a `{ key: value }` record. */
export type DictionarySource = string | ReadonlyArray<readonly [string, string]> | Readonly<Record<string, string>>;

function malformed(source: string, line: number, why: string): FanjianError {
  const where = line > 0 ? `${source}, line ${line}` : source;
  return new FanjianError('INVALID_DICTIONARY', `Malformed dictionary entry (${where}): ${why}`, { source, line });
}

function checkKey(key: string, source: string, line: number): void {
  if (key.length === 0) throw malformed(source, line, 'the key is empty');
  if (/\s/u.test(key)) throw malformed(source, line, `the key ${JSON.stringify(key)} contains whitespace`);
  if (!key.isWellFormed()) throw malformed(source, line, 'the key contains a lone surrogate');
}

/** Parse OpenCC text. Throws FanjianError INVALID_DICTIONARY naming the 1-based line of the first bad entry. */
export function parseDictionaryText(text: string, source = 'dictionary'): DictionaryEntry[] {
  const entries: DictionaryEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#')) continue;
    const tab = line.indexOf('\t');
    if (tab < 0) throw malformed(source, i + 1, 'expected "key<TAB>value", found no tab');
    const key = line.slice(0, tab);
    checkKey(key, source, i + 1);
    const values = line.slice(tab + 1).trim().split(/ +/).filter((v) => v.length > 0);
    if (values.length === 0) throw malformed(source, i + 1, `no value for ${JSON.stringify(key)}`);
    for (const v of values) {
      if (!v.isWellFormed()) throw malformed(source, i + 1, 'a value contains a lone surrogate');
    }
    entries.push({ key, values, line: i + 1 });
  }
  return entries;
}

/** Normalise any accepted dictionary form into entries. */
export function toDictionaryEntries(dictionary: DictionarySource, source: string): DictionaryEntry[] {
  if (typeof dictionary === 'string') return parseDictionaryText(dictionary, source);
  const pairs: ReadonlyArray<readonly [unknown, unknown]> = Array.isArray(dictionary)
    ? (dictionary as ReadonlyArray<readonly [unknown, unknown]>)
    : dictionary && typeof dictionary === 'object'
      ? Object.entries(dictionary)
      : [];
  if (!Array.isArray(dictionary) && (dictionary === null || typeof dictionary !== 'object')) {
    throw malformed(source, 0, 'expected OpenCC text, [key, value] pairs or a { key: value } object');
  }
  return pairs.map((pair, index) => {
    const [key, value] = Array.isArray(pair) ? pair : [undefined, undefined];
    if (typeof key !== 'string' || typeof value !== 'string') {
      throw malformed(source, index + 1, 'expected a [key, value] pair of strings');
    }
    checkKey(key, source, index + 1);
    // As in the text format: an empty value would silently delete every occurrence of the key.
    if (value.length === 0) throw malformed(source, index + 1, `no value for ${JSON.stringify(key)}`);
    if (!value.isWellFormed()) throw malformed(source, index + 1, 'the value contains a lone surrogate');
    return { key, values: [value] };
  });
}
