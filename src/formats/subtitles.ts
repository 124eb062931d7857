/**
 * Subtitles: only the dialogue is converted. SRT and WebVTT cues are blocks separated by blank lines — an optional
 * identifier, the timing line, then text lines, which are text whatever they look like (a Chinese line made of
 * digits and colons is still dialogue). Markup inside text — HTML-like tags (<i>, <c.yellow>, <v 說話人>) and
 * ASS override blocks ({\an8}) — is kept. WebVTT's header, NOTE, STYLE and REGION blocks are left alone. In ASS/SSA
 * only the Text field of Dialogue lines is converted; styles, timings and the other fields stay.
 */
import { applyEdits, convertRange, type Edit } from './splice.js';

const TIMING = /^\s*\d{1,2}:\d{2}(?::\d{2})?[,.]\d{1,3}\s*-->\s*\d{1,2}:\d{2}(?::\d{2})?[,.]\d{1,3}/;
/** Markup inside a cue's text: tags, override blocks, VTT timestamps. */
const CUE_MARKUP = /<[^<>\n]*>|\{\\[^{}\n]*\}/g;

interface Line {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

function lines(source: string): Line[] {
  const result: Line[] = [];
  const pattern = /[^\r\n]*(?:\r\n|\n|\r|$)/g;
  for (let match = pattern.exec(source); match && match[0] !== ''; match = pattern.exec(source)) {
    const text = match[0].replace(/[\r\n]+$/, '');
    result.push({ start: match.index, end: match.index + text.length, text });
  }
  return result;
}

/** Edits converting the text of a cue line between its markup. */
function cueText(source: string, line: Line, convert: (text: string) => string, edits: Edit[]): void {
  let at = line.start;
  for (const markup of line.text.matchAll(CUE_MARKUP)) {
    const start = line.start + markup.index;
    edits.push(convertRange(source, at, start, convert));
    at = start + markup[0].length;
  }
  edits.push(convertRange(source, at, line.end, convert));
}

/** Blocks of non-blank lines. */
function blocks(all: readonly Line[]): Line[][] {
  const result: Line[][] = [];
  let current: Line[] = [];
  for (const line of all) {
    if (line.text.trim() === '') {
      if (current.length) result.push(current);
      current = [];
    } else {
      current.push(line);
    }
  }
  if (current.length) result.push(current);
  return result;
}

/** SRT and WebVTT: the lines after each cue's timing line are its text. */
function convertCues(source: string, convert: (text: string) => string, vtt: boolean): string {
  const edits: Edit[] = [];
  for (const block of blocks(lines(source))) {
    const first = block[0]!.text.trim();
    if (vtt && /^(WEBVTT|NOTE|STYLE|REGION)\b/.test(first)) continue;
    const timing = block.findIndex((line) => TIMING.test(line.text));
    if (timing < 0 || timing > 1) continue; // not a cue (timing is the first or second line)
    for (const line of block.slice(timing + 1)) cueText(source, line, convert, edits);
  }
  return applyEdits(source, edits);
}

export function convertSrt(source: string, convert: (text: string) => string): string {
  return convertCues(source, convert, false);
}

export function convertVtt(source: string, convert: (text: string) => string): string {
  return convertCues(source, convert, true);
}

/** ASS/SSA: the Text field (the last of the [Events] Format) of Dialogue lines. */
export function convertAss(source: string, convert: (text: string) => string): string {
  const edits: Edit[] = [];
  let inEvents = false;
  let fields = 10; // the ASS default: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
  for (const line of lines(source)) {
    const trimmed = line.text.trim();
    if (/^\[.*\]$/.test(trimmed)) {
      inEvents = trimmed.toLowerCase() === '[events]';
      continue;
    }
    if (!inEvents) continue;
    const format = /^Format\s*:(.*)$/i.exec(trimmed);
    if (format) {
      fields = format[1]!.split(',').length;
      continue;
    }
    const dialogue = /^(Dialogue\s*:)/i.exec(line.text.trimStart());
    if (!dialogue) continue;
    // The text starts after the (fields - 1)th comma; it may itself contain commas.
    let at = line.start + (line.text.length - line.text.trimStart().length) + dialogue[1]!.length;
    for (let commas = 0; commas < fields - 1 && at > 0; commas++) {
      const next = source.indexOf(',', at);
      at = next >= 0 && next < line.end ? next + 1 : -1; // -1: too few fields, a malformed line left as it is
    }
    if (at > 0) cueText(source, { start: at, end: line.end, text: source.slice(at, line.end) }, convert, edits);
  }
  return applyEdits(source, edits);
}
