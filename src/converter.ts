/**
 * The converter: a configuration's conversion chain plus the user's overrides (user dictionaries and protected
 * terms). Overrides are found first by longest match over the whole text; the text between them goes through
 * the chain, so a user entry always wins over the built-in dictionaries wherever it matches.
 */
import {
  fromCodeUnits, idsArity, idsEnd, idsReachedLimit, isHighSurrogate, needsWellFormedCheck, toCodeUnits, unmatchedLength,
  UnitBuffer,
} from './code-units.js';
import { NORMALIZATION, resolveConfig, type ConfigDefinition, type ConversionName, type ConversionSpec } from './configs.js';
import { ConversionChain } from './conversion-chain.js';
import type { ChainTrace, Segmentation } from './conversion-pass.js';
import { loadGroup } from './data-source.js';
import { ALL_DICTIONARIES, CompiledDictionary } from './dictionary/compiled-dictionary.js';
import { mergeGroup } from './dictionary/group-builder.js';
import { toDictionaryEntries, type DictionaryEntry, type DictionarySource } from './dictionary/text-format.js';
import { FanjianError } from './errors.js';
import { explainConversion, type ExplainSpan } from './explain.js';
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
  return new ConversionChain(definition.normalize ? loadGroup(NORMALIZATION, corrections) : nothing(), segmentation, stages);
}

export class Converter {
  readonly config: ConversionName;
  readonly corrections: boolean;
  /** @internal */ readonly chain: ConversionChain;
  /** @internal */ readonly overrides: CompiledDictionary | null;
  private scratch = new Uint16Array(256);
  private readonly output = new UnitBuffer();
  private breakers: Uint8Array | null = null;

  constructor(spec: ConversionSpec, options: ConverterOptions = {}) {
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
    const wellFormed = !needsWellFormedCheck() || text.isWellFormed();
    if (!this.overrides) {
      const result = this.chain.run(units, 0, n);
      return fromCodeUnits(result.units, 0, result.length, wellFormed);
    }
    const out = this.output;
    out.reset(n + 16);
    this.convertUnits(units, 0, n, out, null);
    return fromCodeUnits(out.units, 0, out.length, wellFormed);
  }

  /** The changes convert() makes, as spans of the input; see ExplainSpan. */
  explain(text: string): ExplainSpan[] {
    if (typeof text !== 'string') throw new TypeError('explain() expects a string');
    return explainConversion(this, text);
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
        const matched = overrides.match(units, i, end, ALL_DICTIONARIES);
        if (matched > 0) {
          flushGap(i);
          const entry = overrides.matchedEntry;
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

  /**
   * @internal The largest cut ≤ end such that converting units[start, cut) and what follows separately gives the
   * same text as converting them together. A cut goes after a character that no dictionary key contains and that
   * is not inside an IDS; a scan from start (itself such a cut) finds where units begin, as every pass sees them.
   * `scanFrom` resumes an earlier scan that stopped for lack of text. Returns [cut, resumeAt].
   */
  safeCut(units: Uint16Array, start: number, end: number, scanFrom = start): [number, number] {
    const breakers = this.breakers ?? (this.breakers = this.computeBreakers());
    const overrides = this.overrides;
    let cut = start;
    let i = scanFrom;
    while (i < end) {
      const unit = units[i]!;
      if (overrides && overrides.alphabet[unit] !== 0) {
        if (i + overrides.maxKeyLength >= end) break; // a longer override might match with more text
        const matched = overrides.match(units, i, end, ALL_DICTIONARIES);
        if (matched > 0) {
          i = matched;
          continue;
        }
      }
      if (idsArity(unit) > 0) {
        const idsStop = idsEnd(units, i, end);
        if (idsReachedLimit) break;
        i = idsStop > i ? idsStop : i + 1;
        continue;
      }
      if (isHighSurrogate(unit)) {
        if (i + 1 >= end) break;
        i += unmatchedLength(units, i, end);
        continue;
      }
      i++;
      if (breakers[unit] === 1) cut = i;
    }
    return [cut, i];
  }

  /**
   * @internal A safe cut for text without breaking characters, or `start` when there is none. Without overrides,
   * a boundary of the chain's greedy scan (ConversionChain.lastSafeBoundary). With them, convertUnits' greedy
   * override scan from `start` decides each position from at most maxKeyLength units ahead, so every decision it
   * takes that far before `end` is final: the end of an override match is a safe cut, and so is a chain boundary
   * inside the stretch after the last match, up to where the scan got.
   */
  boundaryCut(units: Uint16Array, start: number, end: number): number {
    const overrides = this.overrides;
    if (!overrides) return this.chain.lastSafeBoundary(units, start, end);
    const limit = end - overrides.maxKeyLength - 1;
    let stretch = start;
    let i = start;
    while (i < limit) {
      const matched = overrides.match(units, i, end, ALL_DICTIONARIES);
      if (matched > 0) {
        i = stretch = matched;
        continue;
      }
      const step = unmatchedLength(units, i, end);
      if (idsArity(units[i]!) > 0 && idsReachedLimit) break; // the IDS might continue past `end`
      i += step;
    }
    const boundary = this.chain.lastSafeBoundary(units, stretch, Math.min(i, end));
    return boundary > stretch ? boundary : stretch;
  }

  private computeBreakers(): Uint8Array {
    const dictionaries = [this.chain.normalization, ...this.chain.stages];
    if (this.overrides) dictionaries.push(this.overrides);
    const breakers = new Uint8Array(0x10000);
    for (let u = 0; u < 0x10000; u++) {
      if (idsArity(u) > 0 || (u >= 0xd800 && u <= 0xdfff)) continue;
      if (dictionaries.every((d) => d.alphabet[u] === 0)) breakers[u] = 1;
    }
    return breakers;
  }
}

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
