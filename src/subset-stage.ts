/**
 * A stage that applies only some dictionaries of a compiled group: longest match among the keys those dictionaries
 * hold, within each segment. opencc-js's chained pairs use groups that are subsets of a configuration's
 * (STPhrases + STCharacters without the regional phrases; TWPhrases alone), so they read the configuration's
 * compiled group through a membership mask instead of shipping a second copy of it. A key's value in a group is
 * that of its first dictionary, so the subset gives the subset group's values whenever no key of a left-out
 * dictionary precedes a kept one in the group order for the same key (a test checks the two subsets in use
 * against opencc-js).
 */
import { codePointLength, idsArity, unmatchedLength, type UnitBuffer } from './code-units.js';
import { DictionaryStage, type ChainStage, type ChainTrace, type StageContext, type StageDecision } from './conversion-stage.js';
import { matchEntry, matchLength, type CompiledDictionary } from './dictionary/compiled-dictionary.js';

export class SubsetStage implements ChainStage {
  readonly label: string;
  readonly context: StageContext;
  private readonly mask: number;
  private readonly full: DictionaryStage;

  constructor(readonly dictionary: CompiledDictionary, only: readonly string[]) {
    this.mask = only.reduce((bits, name) => {
      const index = dictionary.names.indexOf(name);
      if (index < 0) throw new Error(`${name} is not in the group ${dictionary.names.join('+')}`);
      return bits | (1 << index);
    }, 0);
    this.full = new DictionaryStage(dictionary);
    this.label = only.join('+');
    this.context = this.full.context; // the group's units and longest key bound the subset's
  }

  run(source: Uint16Array, from: number, to: number, ends: Int32Array, count: number, out: UnitBuffer,
    trace: ChainTrace | null): number {
    const dictionary = this.dictionary;
    const { valueStart, valueUnits } = dictionary;
    let i = from;
    for (let k = 0; k < count; k++) {
      const end = ends[k]!;
      while (i < end) {
        const found = dictionary.match(source, i, end, this.mask);
        if (found >= 0) {
          const matched = i + matchLength(found);
          const entry = matchEntry(found);
          const at = out.length;
          out.append(valueUnits, valueStart[entry]!, valueStart[entry + 1]!);
          trace?.match(i, matched, at, out.length, entry);
          i = matched;
          continue;
        }
        const ids = idsArity(source[i]!) > 0;
        const n = ids ? unmatchedLength(source, i, end) : codePointLength(source, i, end);
        const at = out.length;
        out.append(source, i, i + n);
        if (ids && n > 1) trace?.match(i, i + n, at, out.length, -1);
        i += n;
      }
      ends[k] = out.length;
    }
    return count;
  }

  decision(entry: number): StageDecision {
    return this.full.decision(entry);
  }
}
