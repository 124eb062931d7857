/** Replacing ranges of a source text while keeping every other character exactly as it was. */

export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Apply edits (any order, non-overlapping); unchanged edits cost nothing. */
export function applyEdits(source: string, edits: readonly Edit[]): string {
  return spliceEdits(source, edits.filter((e) => source.slice(e.start, e.end) !== e.text));
}

/**
 * applyEdits() of edits known to change their range (the driver's): no comparison with the source, and no sort
 * when they come in order, as a document's paragraphs do.
 */
export function spliceEdits(source: string, edits: readonly Edit[]): string {
  let sorted = edits;
  for (let i = 1; i < edits.length; i++) {
    if (edits[i]!.start < edits[i - 1]!.start) {
      sorted = [...edits].sort((a, b) => a.start - b.start);
      break;
    }
  }
  let out = '';
  let at = 0;
  for (const edit of sorted) {
    if (edit.start < at) throw new Error(`overlapping edits at ${edit.start}`);
    out += source.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + source.slice(at);
}

/** An edit converting source[start, end) with `convert` (skipped when there is nothing to convert). */
export function convertRange(source: string, start: number, end: number, convert: (text: string) => string): Edit {
  return { start, end, text: convert(source.slice(start, end)) };
}
