/**
 * The converter: a configuration's conversion chain plus the user's overrides (user dictionaries and protected
 * terms). Overrides are found first by longest match over the whole text; the text between them goes through
 * the chain, so a user entry always wins over the built-in dictionaries wherever it matches.
 */
import { fromCodeUnits, needsWellFormedCheck, toCodeUnits, unmatchedLength, UnitBuffer } from './code-units.js';
import { isConfigName, NORMALIZATION, resolveConfig, type ConfigDefinition, type ConversionName, type ConversionSpec } from './configs.js';
import { ConversionChain } from './conversion-chain.js';
import { ConversionCuts, type CutConversion } from './conversion-cuts.js';
import type { Segmentation } from './conversion-pass.js';
import { DictionaryStage, type ChainStage, type ChainTrace } from './conversion-stage.js';
import { contextRulesFor } from './context-rules.js';
import { refinementReach } from './conversion-segmentation.js';
import { CORRECTION_REASONS, defaultStore, loadGroup } from './data-source.js';
import { SubsetStage } from './subset-stage.js';
import {
  ALL_DICTIONARIES, CompiledDictionary, MATCH_LENGTH_LIMIT, matchEntry, matchLength,
} from './dictionary/compiled-dictionary.js';
import { mergeGroup } from './dictionary/group-builder.js';
import { toDictionaryEntries, type DictionaryEntry, type DictionarySource } from './dictionary/text-format.js';
import { FanjianError } from './errors.js';
import { explainConversion, type ExplainSpan } from './explain.js';
import { openccDifferences, type OpenccDifference } from './opencc-differences.js';
import { createConversionStream } from './stream.js';

export interface ConverterOptions {
  /** Apply fanjian's dictionaries/ layer on top of OpenCC 1.4.2 (default true). With false the output is
   * byte-identical to opencc-js 1.4.2. */
  readonly corrections?: boolean;
  /** User dictionaries (OpenCC text, [key, value] pairs or { key: value }); earlier ones win, all win over built-in. */
  readonly dictionaries?: readonly DictionarySource[];
  /** Terms copied through unchanged, e.g. personal names. */
  readonly protect?: readonly string[];
}

const OPTION_NAMES = ['corrections', 'dictionaries', 'protect'] as const;

function invalidOption(message: string): FanjianError {
  return new FanjianError('INVALID_OPTION', message, { expected: OPTION_NAMES });
}

function checkOptions(options: ConverterOptions): void {
  if (options === null || typeof options !== 'object') throw invalidOption('Converter options must be an object.');
  for (const key of Object.keys(options)) {
    if (!(OPTION_NAMES as readonly string[]).includes(key)) {
      throw invalidOption(`Unknown converter option "${key}". Valid options: ${OPTION_NAMES.join(', ')}.`);
    }
  }
  if (options.corrections !== undefined && typeof options.corrections !== 'boolean') {
    throw invalidOption('Option "corrections" must be true or false.');
  }
  if (options.dictionaries !== undefined && !Array.isArray(options.dictionaries)) {
    throw invalidOption('Option "dictionaries" must be an array of dictionaries (text, [key, value] pairs or objects).');
  }
  if (options.protect !== undefined &&
      (!Array.isArray(options.protect) || options.protect.some((t) => typeof t !== 'string'))) {
    throw invalidOption('Option "protect" must be an array of strings.');
  }
}

/** Protected terms and user dictionaries as one compiled group: protect first, then the user entries. */
function compileOverrides(options: ConverterOptions): CompiledDictionary | null {
  const protect: DictionaryEntry[] = [];
  (options.protect ?? []).forEach((term, i) => {
    if (term.length === 0) return;
    const [entry] = toDictionaryEntries([[term, term]], `protect[${i}]`);
    protect.push(entry!);
  });
  // Within one dictionary the last line for a key counts (as in OpenCC); across dictionaries the earlier one wins.
  const user = new Map<string, DictionaryEntry>();
  (options.dictionaries ?? []).forEach((dictionary, i) => {
    const own = new Map(toDictionaryEntries(dictionary, `dictionaries[${i}]`).map((e) => [e.key, e]));
    for (const [key, entry] of own) if (!user.has(key)) user.set(key, entry);
  });
  if (protect.length === 0 && user.size === 0) return null;
  const long = [...protect, ...user.values()].find((e) => e.key.length >= MATCH_LENGTH_LIMIT);
  if (long) {
    throw new FanjianError('INVALID_DICTIONARY',
      `A user dictionary key or protected term is ${long.key.length} characters long; the limit is ${MATCH_LENGTH_LIMIT - 1}: ` +
      `${long.key.slice(0, 20)}…`);
  }
  const entries = mergeGroup([
    { name: 'protect', entries: protect },
    { name: 'user', entries: [...user.values()] },
  ]);
  return CompiledDictionary.build(['protect', 'user'], entries);
}

/** Stands in for a step a chained pair lacks: no normalization, and no stage at all for t2t. */
let empty: CompiledDictionary | null = null;
const nothing = () => (empty ??= CompiledDictionary.build([], []));

function buildChain(definition: ConfigDefinition, corrections: boolean): ConversionChain {
  const stages = definition.chain.map((group) => loadGroup(group, corrections));
  if (stages.length === 0) stages.push(nothing());
  let segmentation: Segmentation | null = null;
  if (definition.segmentation) {
    const wanted = definition.segmentation;
    const index = definition.chain.findIndex((group) => wanted.every((name) => group.includes(name)));
    if (index < 0) throw new Error(`${definition.name}: segmentation dictionaries must belong to one stage group`);
    const group = definition.chain[index]!;
    const mask = wanted.reduce((bits, name) => bits | (1 << group.indexOf(name)), 0);
    segmentation = { dictionary: stages[index]!, mask };
  }
  // With corrections, the first pass of the Simplified → Traditional regional configurations (s2tw, s2hk and their
  // phrase variants) segments beyond forward match (conversion-segmentation.ts); its decisions then read further
  // ahead. Not s2t, where it cost 12% of the time (instruction counts) against 5% in the longer regional chains; not
  // Traditional → Simplified, almost one-to-one, where it changed no character of the corpus.
  const refine = corrections && definition.segmentation !== undefined && definition.chain[0]?.[0] === 'STPhrases' &&
    !definition.subsets?.[0];
  const chain: ChainStage[] = stages.map((dictionary, k) => {
    const only = definition.subsets?.[k];
    if (only) return new SubsetStage(dictionary, only);
    return k === 0 && refine ? new DictionaryStage(dictionary, refinementReach(dictionary.maxKeyLength)) : new DictionaryStage(dictionary);
  });
  // fanjian's context rules follow the first stage, whose phrases they defer to (see context-rules.ts); they are
  // written for the 16 configurations, not for opencc-js's extra pairs (config-pairs.ts).
  const rules = corrections && isConfigName(definition.name) ? contextRulesFor(definition.name, stages[0]!) : null;
  if (rules) chain.splice(1, 0, rules);
  return new ConversionChain(new DictionaryStage(definition.normalize ? loadGroup(NORMALIZATION, corrections) : nothing()),
    segmentation, chain, refine);
}

export class Converter {
  readonly config: ConversionName;
  readonly corrections: boolean;
  /** @internal */ readonly chain: ConversionChain;
  /** @internal */ readonly overrides: CompiledDictionary | null;
  private scratch = new Uint16Array(256);
  private readonly output = new UnitBuffer();
  private plain: Converter | null = null;
  private cutMap: ConversionCuts | null = null;

  constructor(spec: ConversionSpec, private readonly options: ConverterOptions = {}) {
    checkOptions(options);
    const definition = resolveConfig(spec);
    this.config = definition.name;
    this.corrections = options.corrections ?? true;
    this.chain = buildChain(definition, this.corrections);
    this.overrides = compileOverrides(options);
  }

  convert(text: string): string {
    if (typeof text !== 'string') throw new TypeError('convert() expects a string');
    const n = text.length;
    if (n === 0) return text;
    if (this.scratch.length < n) this.scratch = new Uint16Array(Math.max(n, this.scratch.length * 2));
    const units = toCodeUnits(text, this.scratch);
    return this.convertToString(units, 0, n, !needsWellFormedCheck() || text.isWellFormed());
  }

  /** @internal convert() of units[start, end); `wellFormed` says they hold no lone surrogate. */
  convertToString(units: Uint16Array, start: number, end: number, wellFormed: boolean): string {
    if (!this.overrides) {
      const result = this.chain.run(units, start, end);
      return fromCodeUnits(result.units, 0, result.length, wellFormed);
    }
    const out = this.output;
    out.reset(end - start + 16);
    this.convertUnits(units, start, end, out, null);
    return fromCodeUnits(out.units, 0, out.length, wellFormed);
  }

  /**
   * @internal Many texts converted in one run of the chain, each exactly as convert() converts it, with cuts in
   * each text mapped to its output (conversion-cuts.ts): text k's cuts are cuts[starts[k], starts[k + 1]),
   * ascending positions in that text. The texts are joined by U+FFFF, which no dictionary key holds, so no match
   * crosses it (see batchConvert); a text holding an ideographic description character (whose sequence could take
   * the separator as an operand) runs alone. Null when this converter cannot map cuts (user dictionaries or
   * protected terms, a chain with a subset stage).
   */
  convertCut(texts: readonly string[], cuts: Int32Array, starts: Int32Array): CutConversion | null {
    if (this.overrides || !this.chain.mapsCuts) return null;
    const at = new Int32Array(cuts.length);
    const inside = new Uint8Array(cuts.length);
    const resized = new Int32Array(cuts.length);
    const out: string[] = new Array(texts.length);
    const cutMap = this.cutMap ??= new ConversionCuts();
    // Runs texts[first, last) joined; a text with an ideographic description character runs alone.
    const runJoined = (first: number, last: number,
      joined = last - first === 1 ? texts[first]! : texts.slice(first, last).join('\uffff')) => {
      if (first >= last) return;
      const n = joined.length;
      if (this.scratch.length < n) this.scratch = new Uint16Array(Math.max(n, this.scratch.length * 2));
      const units = toCodeUnits(joined, this.scratch);
      const wellFormed = !needsWellFormedCheck() || joined.isWellFormed();
      // Each text's cuts, then its end (the separator after it maps to the one unit after that).
      cutMap.reset(starts[last]! - starts[first]! + last - first);
      for (let k = first, base = 0, c = 0; k < last; base += texts[k]!.length + 1, k++) {
        for (let j = starts[k]!; j < starts[k + 1]!; j++) cutMap.at[c++] = base + cuts[j]!;
        cutMap.at[c++] = base + texts[k]!.length;
      }
      const result = n === 0 ? { units, length: 0 } : this.chain.run(units, 0, n, null, cutMap);
      // One decoding for all texts, sliced (V8 shares a slice's characters with the whole).
      const output = fromCodeUnits(result.units, 0, result.length, wellFormed);
      let outStart = 0;
      for (let k = first, c = 0; k < last; k++) {
        for (let j = starts[k]!; j < starts[k + 1]!; j++, c++) {
          at[j] = cutMap.at[c]! - outStart;
          inside[j] = cutMap.inside[c]!;
          resized[j] = cutMap.resized[c]!;
        }
        const outEnd = cutMap.at[c++]!;
        out[k] = last - first === 1 ? output : output.slice(outStart, outEnd);
        outStart = outEnd + 1;
      }
    };
    const all = texts.join('\uffff');
    if (!IDEOGRAPHIC_DESCRIPTION.test(all)) {
      runJoined(0, texts.length, all);
    } else {
      let first = 0;
      for (let k = 0; k < texts.length; k++) {
        if (!IDEOGRAPHIC_DESCRIPTION.test(texts[k]!)) continue;
        runJoined(first, k);
        runJoined(k, k + 1);
        first = k + 1;
      }
      runJoined(first, texts.length);
    }
    return { texts: out, at, inside, resized };
  }

  /** The changes convert() makes, as spans of the input; see ExplainSpan. */
  explain(text: string): ExplainSpan[] {
    if (typeof text !== 'string') throw new TypeError('explain() expects a string');
    return explainConversion(this, text);
  }

  /**
   * Where this converter and OpenCC 1.4.2 (the same configuration and user dictionaries without fanjian's
   * corrections and rules) convert the text differently, with the dictionary or rule that decided and its reason.
   */
  openccDifferences(text: string): OpenccDifference[] {
    if (typeof text !== 'string') throw new TypeError('openccDifferences() expects a string');
    if (!this.corrections) return [];
    const plain = this.plain ?? (this.plain = new Converter(this.config, { ...this.options, corrections: false }));
    return openccDifferences(this, plain, text);
  }

  /**
   * Make the evidence of fanjian's corrections available to explain(), openccDifferences() and review (the reason
   * of each span a correction decided). Node reads it on first use without this call; in browsers it is a data
   * module of its own, fetched once by this call and never by conversion.
   */
  async loadReasons(): Promise<void> {
    await defaultStore().loadFiles([CORRECTION_REASONS]);
  }

  /** A web TransformStream<string, string> whose output equals convert() of the whole input, however it is cut. */
  stream(): TransformStream<string, string> {
    return createConversionStream(this);
  }

  /**
   * @internal Convert units[start, end) into out: override matches emit their value, the stretches between them
   * go through the chain. The observer serves explain().
   */
  convertUnits(
    units: Uint16Array,
    start: number,
    end: number,
    out: UnitBuffer,
    observer: { override(at: number, end: number, entry: number): void; gap(at: number): ChainTrace | null } | null,
  ): void {
    const overrides = this.overrides;
    let gap = start;
    const flushGap = (to: number) => {
      if (to <= gap) return;
      const result = this.chain.run(units, gap, to, observer?.gap(gap) ?? null);
      out.append(result.units, 0, result.length);
    };
    if (overrides) {
      for (let i = start; i < end; ) {
        const found = overrides.match(units, i, end, ALL_DICTIONARIES);
        if (found >= 0) {
          flushGap(i);
          const matched = i + matchLength(found);
          const entry = matchEntry(found);
          observer?.override(i, matched, entry);
          out.append(overrides.valueUnits, overrides.valueStart[entry]!, overrides.valueStart[entry + 1]!);
          i = gap = matched;
        } else {
          i += unmatchedLength(units, i, end);
        }
      }
    }
    flushGap(end);
  }
}

const IDEOGRAPHIC_DESCRIPTION = /[\u2ff0-\u2fff]/;

/** Create a converter once and reuse it: dictionaries load on first use and stay cached. */
export function createConverter(config: ConversionSpec, options: ConverterOptions = {}): Converter {
  return new Converter(config, options);
}

const shared = new Map<string, Converter>();

/** Convert text with a configuration (converters without options are cached per configuration). */
export function convert(text: string, config: ConversionSpec, options?: ConverterOptions): string {
  if (options && Object.keys(options).length > 0) return new Converter(config, options).convert(text);
  const key = resolveConfig(config).name;
  let converter = shared.get(key);
  if (!converter) {
    converter = new Converter(config);
    shared.set(key, converter);
  }
  return converter.convert(text);
}
