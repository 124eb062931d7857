/**
 * Cuts carried through a conversion: positions of the input (where a document's paragraph, converted as one text,
 * changes from one piece of markup to the next) mapped to the output by the same run of the chain, so that the
 * driver converts each paragraph once and still knows where each piece's output ends.
 *
 * Each pass maps every cut from its input to its output as the driver's placement rule says (formats/driver.ts,
 * place()): a cut inside a replacement of equal length moves with it one to one; one inside a replacement of
 * another length goes to the replacement's end (the replacement stays in the piece where it starts); any other
 * cut moves by the shift so far. A pass calls replace() only at its matches, in text order, so the cost is per
 * match, not per character, and nothing is allocated per call.
 *
 * Besides its position, each cut records whether it ever fell strictly inside a replacement (`inside`), and how many
 * replacements of another length than their source every pass made before it (`resized`, so the difference between
 * two cuts counts those between them). explain() merges the replacements of successive passes that overlap into one
 * span, and the driver places by those spans: where a paragraph has no replacement of another length, or none of
 * its cuts fell inside a replacement, the mapping here is exactly that placement; otherwise the driver falls back.
 */
export class ConversionCuts {
  at = new Int32Array(64);
  inside = new Uint8Array(64);
  resized = new Int32Array(64);
  count = 0;
  private savedAt = new Int32Array(0);
  private savedInside = new Uint8Array(0);
  private savedResized = new Int32Array(0);
  private cursor = 0;
  private passResized = 0;

  /** Room for `count` cuts, cleared; fill `at` with input positions (ascending) after this. */
  reset(count: number): void {
    if (this.at.length < count) {
      const size = Math.max(count, this.at.length * 2);
      this.at = new Int32Array(size);
      this.inside = new Uint8Array(size);
      this.resized = new Int32Array(size);
    }
    this.inside.fill(0, 0, count);
    this.resized.fill(0, 0, count);
    this.count = count;
  }

  /** Keep the state, for a run that may give up and start again (see ConversionChain.run). */
  save(): void {
    const n = this.count;
    if (this.savedAt.length < n) {
      this.savedAt = new Int32Array(this.at.length);
      this.savedInside = new Uint8Array(this.at.length);
      this.savedResized = new Int32Array(this.at.length);
    }
    this.savedAt.set(this.at.subarray(0, n));
    this.savedInside.set(this.inside.subarray(0, n));
    this.savedResized.set(this.resized.subarray(0, n));
  }

  restore(): void {
    const n = this.count;
    this.at.set(this.savedAt.subarray(0, n));
    this.inside.set(this.savedInside.subarray(0, n));
    this.resized.set(this.savedResized.subarray(0, n));
  }

  /** A pass begins: cuts are in its input's coordinates. */
  begin(): void {
    this.cursor = 0;
    this.passResized = 0;
  }

  /**
   * The pass replaced input[start, end) by `length` units written at start + shift (shift: output position minus
   * input position before this replacement). Calls come in text order.
   */
  replace(start: number, end: number, length: number, shift: number): void {
    const { at, count } = this;
    let c = this.cursor;
    while (c < count && at[c]! <= start) {
      at[c] = at[c]! + shift;
      this.resized[c] = this.resized[c]! + this.passResized;
      c++;
    }
    const grow = length - (end - start);
    while (c < count && at[c]! < end) {
      this.inside[c] = 1;
      at[c] = grow === 0 ? at[c]! + shift : start + shift + length;
      this.resized[c] = this.resized[c]! + this.passResized;
      c++;
    }
    if (grow !== 0) this.passResized++;
    this.cursor = c;
  }

  /** The pass ended with output position = input position + shift after its last replacement. */
  end(shift: number): void {
    const { at, count } = this;
    for (let c = this.cursor; c < count; c++) {
      at[c] = at[c]! + shift;
      this.resized[c] = this.resized[c]! + this.passResized;
    }
    this.cursor = count;
  }
}

/** Paragraphs converted with their cuts (see Converter.convertCut and TextConverter.convertCut in the driver). */
export interface CutConversion {
  /** Each text converted, exactly as convert() converts it. */
  readonly texts: readonly string[];
  /** Each cut's position in its text's output (the cuts as given: text k's are cuts[starts[k], starts[k + 1])). */
  readonly at: Int32Array;
  /** 1 where the cut fell strictly inside a replacement of some pass. */
  readonly inside: Uint8Array;
  /** Replacements of another length than their source before the cut, over every pass (compare within a text). */
  readonly resized: Int32Array;
}
