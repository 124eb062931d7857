/**
 * Subtitles: only the dialogue is converted. SRT and WebVTT cues are blocks separated by blank lines — an optional
 * identifier, the timing line, then text lines, which are text whatever they look like (a Chinese line made of
 * digits and colons is still dialogue). Markup inside text — HTML-like tags (<i>, <c.yellow>, <v 說話人>) and
 * ASS override blocks ({\an8}) — is kept. WebVTT's header, NOTE, STYLE and REGION blocks are left alone. In ASS/SSA
 * only the Text field of Dialogue lines is converted; styles, timings and the other fields stay.
 *
 * A cue is one paragraph: its lines are read together (with the line break between them) and the text on both
 * sides of a tag ({\i1}, <i>) is one text, so a phrase split by formatting converts as in plain text.
 */
import type { Extraction, Paragraph, Segment, TextFormat } from './format.js';

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

/** The segments of a cue line's text between its markup. */
function cueText(source: string, line: Line, into: Segment[]): void {
  let at = line.start;
  for (const markup of line.text.matchAll(CUE_MARKUP)) {
    const start = line.start + markup.index;
    if (start > at) into.push({ start: at, end: start });
    at = start + markup[0].length;
  }
  if (line.end > at) into.push({ start: at, end: line.end });
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
function extractCues(source: string, vtt: boolean): Extraction {
  const paragraphs: Paragraph[] = [];
  for (const block of blocks(lines(source))) {
    const first = block[0]!.text.trim();
    if (vtt && /^(WEBVTT|NOTE|STYLE|REGION)\b/.test(first)) continue;
    const timing = block.findIndex((line) => TIMING.test(line.text));
    if (timing < 0 || timing > 1) continue; // not a cue (timing is the first or second line)
    const segments: Segment[] = [];
    for (const line of block.slice(timing + 1)) {
      if (segments.length) segments.push({ context: '\n' });
      cueText(source, line, segments);
    }
    if (segments.some((s) => !('context' in s))) paragraphs.push({ segments });
  }
  return { paragraphs, edits: [] };
}

/** ASS/SSA: the Text field (the last of the [Events] Format) of Dialogue lines. */
function extractAss(source: string): Extraction {
  const paragraphs: Paragraph[] = [];
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
      const next = line.text.indexOf(',', at - line.start);
      at = next >= 0 ? line.start + next + 1 : -1; // -1: too few fields, a malformed line left as it is
    }
    if (at <= 0) continue;
    const segments: Segment[] = [];
    cueText(source, { start: at, end: line.end, text: source.slice(at, line.end) }, segments);
    if (segments.length) paragraphs.push({ segments });
  }
  return { paragraphs, edits: [] };
}

const TIMING_LINE = /^(?:[^\r\n]*\r?\n)?\s*\d{1,2}:\d{2}(?::\d{2})?,\d{1,3}\s*-->/;

export const srtFormat: TextFormat = {
  name: 'srt',
  binary: false,
  extensions: ['srt'],
  description: 'SubRip subtitles: dialogue only',
  sniff: (head) => /^\uFEFF?\s*\d+\r?\n/.test(head) && TIMING_LINE.test(head.replace(/^\uFEFF?\s*/, '')),
  extract: (source) => extractCues(source, false),
};

export const vttFormat: TextFormat = {
  name: 'vtt',
  binary: false,
  extensions: ['vtt'],
  description: 'WebVTT subtitles: cue text only',
  sniff: (head) => /^\uFEFF?WEBVTT(?:[ \t]|\r?\n|$)/.test(head),
  extract: (source) => extractCues(source, true),
};

export const assFormat: TextFormat = {
  name: 'ass',
  binary: false,
  extensions: ['ass', 'ssa'],
  description: 'ASS/SSA subtitles: the Text field of Dialogue lines',
  sniff: (head) => /^\uFEFF?\s*\[Script Info\]/i.test(head),
  extract: (source) => extractAss(source),
};
