/**
 * Incremental conversion as a web TransformStream<string, string>. Text is held back only as far as the last
 * safe cut (see Converter.safeCut), so the output equals whole-text conversion for any chunking, including cuts
 * inside phrases, surrogate pairs and CRLF. Memory stays bounded: text is cut after a character no dictionary
 * key contains (line breaks, spaces, most punctuation) or, in long stretches without one, at a segment boundary.
 */
import { toCodeUnits } from './code-units.js';
import type { Converter } from './converter.js';

/** Convert once this much text is pending; smaller chunks wait, so tiny writes do not each run the chain. */
const MIN_BATCH = 16 * 1024;
/** Past this much pending text without a breaking character, cut at a segment boundary instead. */
const MAX_PENDING = 256 * 1024;

export function createConversionStream(converter: Converter): TransformStream<string, string> {
  let pending = '';
  // The code units of `pending`, kept in step with it so that each chunk is encoded once.
  let units = new Uint16Array(MIN_BATCH * 2);
  let scanned = 0; // the safe-cut scan of `pending` resumes here
  return new TransformStream<string, string>({
    transform(chunk, controller) {
      if (typeof chunk !== 'string') {
        throw new TypeError(`fanjian stream expects string chunks, got ${chunk === null ? 'null' : typeof chunk}`);
      }
      const held = pending.length;
      pending += chunk;
      if (units.length < pending.length) {
        const grown = new Uint16Array(Math.max(pending.length, units.length * 2));
        grown.set(units.subarray(0, held));
        units = grown;
      }
      toCodeUnits(chunk, units.subarray(held));
      if (pending.length < MIN_BATCH) return;
      let [cut, resumeAt] = converter.safeCut(units, 0, pending.length, scanned);
      if (cut === 0 && pending.length >= MAX_PENDING) {
        cut = converter.boundaryCut(units, 0, pending.length);
        resumeAt = cut;
      }
      scanned = resumeAt - cut;
      if (cut === 0) return;
      controller.enqueue(converter.convert(pending.slice(0, cut)));
      units.copyWithin(0, cut, pending.length);
      pending = pending.slice(cut);
    },
    flush(controller) {
      if (pending.length > 0) controller.enqueue(converter.convert(pending));
      pending = '';
    },
  });
}
