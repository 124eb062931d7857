/** Loading the build's script data (see build/build-script-data.ts), once per process. */
import {
  ATTESTED_SIMPLIFIED, ATTESTED_TRADITIONAL, CHARACTER_CLASSES, loadDataFile, loadDictionaryFile,
} from '../data-source.js';
import type { CompiledDictionary } from '../dictionary/compiled-dictionary.js';
import { CharacterClasses } from './character-classes.js';

export { ATTESTED_SIMPLIFIED, ATTESTED_TRADITIONAL, CHARACTER_CLASSES };

let classes: CharacterClasses | null = null;

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
  return loadDictionaryFile(script === 'traditional' ? ATTESTED_TRADITIONAL : ATTESTED_SIMPLIFIED);
}
