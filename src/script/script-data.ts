/** Loading the build's script data (see build/build-script-data.ts), once per process. */
import { loadDataFile } from '../data-source.js';
import { CompiledDictionary } from '../dictionary/compiled-dictionary.js';
import { CharacterClasses } from './character-classes.js';

export const CHARACTER_CLASSES = 'script-classes.bin';
export const ATTESTED_TRADITIONAL = 'attested-traditional.bin';
export const ATTESTED_SIMPLIFIED = 'attested-simplified.bin';

let classes: CharacterClasses | null = null;
const attested = new Map<string, CompiledDictionary>();

export function characterClasses(): CharacterClasses {
  if (!classes) {
    const bytes = loadDataFile(CHARACTER_CLASSES);
    const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
    classes = new CharacterClasses(new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 4));
  }
  return classes;
}

/** Words attested in the dictionaries, written in the given script (two characters or more). */
export function attestedWords(script: 'traditional' | 'simplified'): CompiledDictionary {
  const file = script === 'traditional' ? ATTESTED_TRADITIONAL : ATTESTED_SIMPLIFIED;
  let dictionary = attested.get(file);
  if (!dictionary) {
    dictionary = CompiledDictionary.fromBinary(loadDataFile(file), file);
    attested.set(file, dictionary);
  }
  return dictionary;
}
