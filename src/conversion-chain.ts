/**
 * The conversion chain of one configuration, as OpenCC runs it: normalize CJK compatibility ideographs, split the
 * text by maximum forward match on the segmentation dictionaries (unmatched stretches merge into one segment),
 * then apply each dictionary group of the chain to each segment in turn, longest match first. The passes
 * themselves are in conversion-pass.ts.
 */
import { idsArity, idsReachedLimit, unmatchedLength, UnitBuffer } from './code-units.js';
import { groupKey, NORMALIZATION } from './configs.js';
import { ALL_DICTIONARIES, type CompiledDictionary } from './dictionary/compiled-dictionary.js';
import { BLOCK, convertPass, segment, startsKey, type ChainTrace, type Segmentation } from './conversion-pass.js';

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

  constructor(
    readonly normalization: CompiledDictionary,
    readonly segmentation: Segmentation | null,
    readonly stages: readonly CompiledDictionary[],
  ) {
    this.fused = segmentation !== null && segmentation.dictionary === stages[0] &&
      segmentation.dictionary.longKeysWithin(segmentation.mask);
  }

  /** Convert units[start, end). The result lives in a buffer reused by the next call. */
  run(units: Uint16Array, start: number, end: number, trace: ChainTrace | null = null): ChainResult {
    if (this.segmentEnds.length < end - start + 1) this.segmentEnds = new Int32Array(end - start + 1);
    // Most text needs no normalization, so the first pass runs without it and gives up when it meets a unit
    // that may start a normalization key (the build keeps those units off every group's fast path). A trace
    // must not see an abandoned pass, so tracing scans for such units first.
    if (trace === null && this.firstPassDictionary().meta.slowFor === groupKey(NORMALIZATION)) {
      const result = this.convert(units, start, end, this.normalization, null);
      if (result) return result;
    } else if (!this.needsNormalization(units, start, end)) {
      return this.convert(units, start, end, null, trace)!;
    }
    const normalized = this.buffers[1]!;
    normalized.reset(end - start + 16);
    trace?.beginPass(0, this.normalization, units, start, end);
    this.segmentEnds[0] = end;
    convertPass(this.normalization, units, start, end, this.segmentEnds, 1, 0, null, normalized, trace, this.candidates);
    trace?.endPass(normalized.units, normalized.length);
    return this.convert(normalized.units, 0, normalized.length, null, trace)!;
  }

  /** Segmentation and the stages; null when `guard` (the normalization dictionary) finds a key start. */
  private convert(
    units: Uint16Array,
    start: number,
    end: number,
    guard: CompiledDictionary | null,
    trace: ChainTrace | null,
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
      const out = this.buffers[stage & 1]!;
      out.reset(to - from + 16);
      const fusedMask = stage === 0 && this.fused ? this.segmentation!.mask : 0;
      trace?.beginPass(stage + 1, this.stages[stage]!, source, from, to);
      count = convertPass(this.stages[stage]!, source, from, to, this.segmentEnds, count, fusedMask, guard, out, trace,
        this.candidates);
      if (count < 0) return null;
      guard = null;
      trace?.endPass(out.units, out.length);
      source = out.units;
      from = 0;
      to = out.length;
    }
    return { units: source, length: to }; // every chain has a stage, so the result starts at 0
  }

  /**
   * For streams whose text has no breaking character for a long stretch: the last position p in (start, end)
   * at which converting units[start, p) and units[p, …) apart equals converting them together, or `start` when
   * there is none. p must be a boundary of the first pass's greedy scan (a segment boundary next to a
   * segmentation match, or any step with no segmentation) reached with every decision before it final: each
   * decision looks at most maxKeyLength units ahead, so the scan stops that far before `end`. Text that may need
   * normalization is left to the breaking-character rule.
   */
  lastSafeBoundary(units: Uint16Array, start: number, end: number): number {
    if (this.needsNormalization(units, start, end)) return start;
    if (!this.segmentation && this.stages.length > 1) return start;
    const dictionary = this.firstPassDictionary();
    const mask = this.segmentation ? this.segmentation.mask : ALL_DICTIONARIES;
    const stop = end - dictionary.maxKeyLength - 1;
    let safe = start;
    for (let i = start; i < stop; ) {
      const matched = dictionary.match(units, i, end, mask);
      if (matched > 0) {
        if (this.segmentation) safe = i; // the segment before this match ends here
        i = matched;
        safe = i;
        continue;
      }
      const step = unmatchedLength(units, i, end);
      if (idsArity(units[i]!) > 0 && idsReachedLimit) break; // the IDS might continue past `end`
      i += step;
      if (!this.segmentation) safe = i;
    }
    return safe;
  }

  private firstPassDictionary(): CompiledDictionary {
    return this.segmentation && !this.fused ? this.segmentation.dictionary : this.stages[0]!;
  }

  /** Whether any unit may start a normalization key. */
  private needsNormalization(units: Uint16Array, start: number, end: number): boolean {
    const head = this.normalization.head;
    for (let i = start; i < end; i++) if (startsKey(head, units[i]!)) return true;
    return false;
  }
}
