/**
 * The conversion chain of one configuration, as OpenCC runs it: normalize CJK compatibility ideographs, split the
 * text by maximum forward match on the segmentation dictionaries (unmatched stretches merge into one segment),
 * then apply each stage of the chain to each segment in turn. A stage is any ChainStage (conversion-stage.ts); the
 * dictionary stages, longest match first, run their passes (conversion-pass.ts) directly.
 */
import { UnitBuffer } from './code-units.js';
import { groupKey, NORMALIZATION } from './configs.js';
import { BLOCK, convertPass, segment, startsKey, type Segmentation, type WrittenMarks } from './conversion-pass.js';
import { DictionaryStage, type ChainStage, type ChainTrace } from './conversion-stage.js';
import type { ConversionCuts } from './conversion-cuts.js';
import type { CompiledDictionary } from './dictionary/compiled-dictionary.js';

export interface ChainResult {
  readonly units: Uint16Array;
  readonly length: number;
}

export class ConversionChain {
  private readonly buffers = [new UnitBuffer(), new UnitBuffer()];
  private segmentEnds = new Int32Array(64);
  /** Scratch for the passes: the positions they list per block. */
  private readonly candidates = new Int32Array(BLOCK);
  /**
   * Segmentation and the first stage run as one pass when the segmentation keys belong to the first stage's
   * group and every other key of that group is a single character: then the first stage, applied within each
   * segment, can only reproduce the segmentation match or convert single characters of an unmatched stretch.
   */
  private readonly fused: boolean;

  private readonly passNumbers: readonly number[];
  /** The dictionaries of dictionary stages (null for other stages), so the passes run without indirection. */
  private readonly dictionaries: readonly (CompiledDictionary | null)[];

  /**
   * The first pass segments beyond maximum forward match (conversion-segmentation.ts): asked for with fanjian's
   * corrections, and possible when that pass is the segmentation (fused, or no separate segmentation).
   */
  readonly refining: boolean;

  /** Where the first pass wrote the characters the second stage asked for (ChainStage.watch), or null. */
  private readonly marks: WrittenMarks | null;

  constructor(
    readonly normalization: DictionaryStage,
    readonly segmentation: Segmentation | null,
    readonly stages: readonly ChainStage[],
    refine = false,
  ) {
    if (stages.length === 0) throw new Error('a conversion chain needs a stage');
    this.dictionaries = stages.map((stage) => (stage instanceof DictionaryStage ? stage.dictionary : null));
    // explain()'s stage numbers count the dictionary groups (as OpenCC's chain does); a stage that refines the one
    // before it (context rules) shares its number.
    let number = 0;
    this.passNumbers = this.dictionaries.map((d) => (d || number === 0 ? ++number : number));
    this.fused = segmentation !== null && segmentation.dictionary === this.dictionaries[0] &&
      segmentation.dictionary.longKeysWithin(segmentation.mask);
    this.refining = refine && this.dictionaries[0] !== null && (this.fused || segmentation === null);
    const second = stages[1];
    this.marks = this.dictionaries[0] && second && !this.dictionaries[1] && second.watch && second.rewriteMarked
      ? second.watch(this.dictionaries[0]) : null;
  }

  /** Every stage, normalization first: what the stream asks about context. */
  allStages(): readonly ChainStage[] {
    return [this.normalization, ...this.stages];
  }

  /**
   * Convert units[start, end). The result lives in a buffer reused by the next call. `cuts` (untraced runs only,
   * on a chain that maps cuts: see mapsCuts), positions in units, are mapped to the result's.
   */
  run(units: Uint16Array, start: number, end: number, trace: ChainTrace | null = null,
    cuts: ConversionCuts | null = null): ChainResult {
    if (this.segmentEnds.length < end - start + 1) this.segmentEnds = new Int32Array(end - start + 1);
    // Most text needs no normalization, so the first pass runs without it and gives up when it meets a unit
    // that may start a normalization key (the build keeps those units off every group's fast path). A trace
    // must not see an abandoned pass, so tracing scans for such units first.
    if (trace === null && this.firstPassDictionary()?.meta.slowFor === groupKey(NORMALIZATION)) {
      cuts?.save();
      const result = this.convert(units, start, end, this.normalization.dictionary, null, cuts);
      if (result) return result;
      cuts?.restore();
    } else if (!this.needsNormalization(units, start, end)) {
      return this.convert(units, start, end, null, trace, cuts)!;
    }
    const normalized = this.buffers[1]!;
    normalized.reset(end - start + 16);
    trace?.beginPass(0, this.normalization, units, start, end);
    this.segmentEnds[0] = end;
    convertPass(this.normalization.dictionary, units, start, end, this.segmentEnds, 1, 0, null, normalized, trace,
      this.candidates, false, null, cuts);
    trace?.endPass(normalized.units, normalized.length);
    return this.convert(normalized.units, 0, normalized.length, null, trace, cuts)!;
  }

  /**
   * Whether run() can map cuts: every stage is a dictionary pass or writes one unit for each unit (rewrite), as
   * the 16 configurations' stages are; a stage that replaces text otherwise (a subset of a group) cannot.
   */
  get mapsCuts(): boolean {
    return this.stages.every((stage, k) => this.dictionaries[k] !== null || stage.rewrite !== undefined);
  }

  /** The normalization pass alone over units[start, end), in a buffer reused by the next call. */
  normalize(units: Uint16Array, start: number, end: number): ChainResult {
    if (this.segmentEnds.length < 2) this.segmentEnds = new Int32Array(2);
    const normalized = this.buffers[1]!;
    normalized.reset(end - start + 16);
    this.segmentEnds[0] = end;
    convertPass(this.normalization.dictionary, units, start, end, this.segmentEnds, 1, 0, null, normalized, null,
      this.candidates);
    return { units: normalized.units, length: normalized.length };
  }

  /** Segmentation and the stages; null when `guard` (the normalization dictionary) finds a key start. */
  private convert(
    units: Uint16Array,
    start: number,
    end: number,
    guard: CompiledDictionary | null,
    trace: ChainTrace | null,
    cuts: ConversionCuts | null = null,
  ): ChainResult | null {
    let source = units, from = start, to = end;
    let count = 1;
    this.segmentEnds[0] = to;
    if (this.segmentation && !this.fused) {
      count = segment(this.segmentation, source, from, to, this.segmentEnds, guard, this.candidates);
      if (count < 0) return null;
      guard = null;
    }
    for (let stage = 0; stage < this.stages.length; stage++) {
      const dictionary = this.dictionaries[stage];
      const chainStage = this.stages[stage]!;
      if (!dictionary && trace === null && chainStage.rewrite && this.buffers.some((b) => b.units === source)) {
        // segment ends stay where they are
        if (stage === 1 && this.marks) chainStage.rewriteMarked!(source, from, to, this.marks);
        else chainStage.rewrite(source, from, to, null);
        continue;
      }
      const out = this.buffers[this.buffers[0]!.units === source ? 1 : 0]!; // never the stage's own input
      out.reset(to - from + 16);
      const fusedMask = stage === 0 && this.fused ? this.segmentation!.mask : 0;
      trace?.beginPass(this.passNumbers[stage]!, chainStage, source, from, to);
      if (dictionary) {
        count = convertPass(dictionary, source, from, to, this.segmentEnds, count, fusedMask, guard, out, trace,
          this.candidates, stage === 0 && this.refining, stage === 0 ? this.marks : null, cuts);
        if (count < 0) return null;
      } else {
        if (guard && this.needsNormalization(source, from, to)) return null;
        const outStart = out.length;
        count = chainStage.run(source, from, to, this.segmentEnds, count, out, trace, this.candidates);
        if (cuts) { // a stage with rewrite() writes one unit for each unit (see mapsCuts)
          cuts.begin();
          cuts.end(outStart - from);
        }
      }
      guard = null;
      trace?.endPass(out.units, out.length);
      source = out.units;
      from = 0;
      to = out.length;
    }
    return { units: source, length: to }; // every chain has a stage, so the result starts at 0
  }

  /**
   * The dictionary of the chain's first pass over the text (the segmentation, or the first stage when it also
   * segments), or null when that is not a dictionary stage.
   */
  firstPassDictionary(): CompiledDictionary | null {
    return this.segmentation && !this.fused ? this.segmentation.dictionary : this.dictionaries[0]!;
  }

  /** Whether the chain has one dictionary pass over the text (the first stage, segmenting or not); other stages,
   * if any, are not dictionaries. */
  get singlePass(): boolean {
    return this.dictionaries.filter((d) => d !== null).length === 1 && this.dictionaries[0] !== null &&
      (!this.segmentation || this.fused);
  }

  /** Whether any unit may start a normalization key. */
  needsNormalization(units: Uint16Array, start: number, end: number): boolean {
    const head = this.normalization.dictionary.head;
    for (let i = start; i < end; i++) if (startsKey(head, units[i]!)) return true;
    return false;
  }
}
