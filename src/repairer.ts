/**
 * repair(): make a text consistent in one script with the smallest change the dictionaries justify.
 *
 * The rule. A character-level converter leaves characters of the other script behind where one character maps to
 * several (干 → 幹/乾, 里 → 裡/里) or where it misses a word (注册 → 注冊 instead of 註冊). Repair compares the text with
 * its round trip (to the other script and back, as OpenCC converts it) and changes a character only when:
 *  1. it is not valid in the target script at all (并, 们 in Traditional text) — "out-of-script-character";
 *  2. it is valid in both scripts but the target script writes it otherwise here, by a dictionary phrase
 *     (干部 → 幹部) or by its only default (加征 → 加徵), and no dictionary word keeps it as written (征程) —
 *     "dictionary-phrase" / "character-default";
 *  3. it is common to both scripts, a phrase writes the word otherwise (注冊 → 註冊), and the word as written holds a
 *     character only the target script uses (冊), which shows it came out of a character-level conversion —
 *     "converted-word". Without such evidence the word stands (了解, 公布, 局限 are valid Traditional).
 * A character that is itself valid in the target script is never replaced by another valid form (匯報 stays,
 * though 彙報 is the phrase's choice), and regional variants are left as written.
 * Whole lines written in the other script are converted ("out-of-script-line"). Rules 1–3 apply only when the
 * text shows the density of leftovers a half conversion leaves (at least one candidate per 500 Han characters):
 * otherwise isolated forms are taken as deliberate (the rare Traditional characters of a Simplified edition of 左传).
 */
import { toCodeUnits } from './code-units.js';
import { createConverter, type Converter } from './converter.js';
import { ALL_DICTIONARIES, matchLength, type CompiledDictionary } from './dictionary/compiled-dictionary.js';
import { FanjianError } from './errors.js';
import type { ExplainSpan } from './explain.js';
import type { CharacterClasses } from './script/character-classes.js';
import { attestedWords, characterClasses } from './script/script-data.js';
import { countScripts, isHan, splitLines, type TextLine } from './script/text-lines.js';

export const REPAIR_TARGETS = ['tw', 'hk', 't', 'cn', 's'] as const;
export type RepairTarget = (typeof REPAIR_TARGETS)[number];

export type RepairRule =
  | 'out-of-script-line'
  | 'out-of-script-character'
  | 'dictionary-phrase'
  | 'character-default'
  | 'converted-word';

export interface RepairChange {
  /** UTF-16 index in the input. */
  readonly index: number;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
  readonly rule: RepairRule;
}

export interface RepairOptions {
  readonly to: RepairTarget;
  /** Terms never changed, e.g. personal names. */
  readonly protect?: readonly string[];
  /** fanjian's dictionary layer (default true), as for converters. */
  readonly corrections?: boolean;
}

export interface RepairResult {
  readonly text: string;
  readonly changes: RepairChange[];
}

/** Candidates per Han character below which in-line leftovers are taken as deliberate (see the rule above). */
export const LEFTOVER_DENSITY = 1 / 500;
/** A line is in the other script when at least this many of its characters belong only to it, twice as many as to the target. */
const LINE_MINIMUM = 3;
const LINE_MAJORITY = 2;

type Script = 'traditional' | 'simplified';

interface Plan {
  readonly script: Script;
  readonly other: Script;
  /** Converts text of the other script into the target (s2tw, …, t2s). */
  readonly toTarget: Converter;
  /** Converts into the other script, for the round trip. */
  readonly toOther: Converter;
  /** OpenCC's Traditional forms to Taiwan's and Hong Kong's (t2tw, t2hk), to recognise regional variants. */
  readonly regional: readonly Converter[];
  readonly label: string;
  readonly otherLabel: string;
}

function plan(options: RepairOptions): Plan {
  if (!options || !(REPAIR_TARGETS as readonly string[]).includes(options.to)) {
    throw new FanjianError('INVALID_OPTION',
      `Unknown repair target ${JSON.stringify(options?.to)}. Valid targets: ${REPAIR_TARGETS.join(', ')}.`, { expected: REPAIR_TARGETS });
  }
  const converterOptions = { corrections: options.corrections ?? true, protect: options.protect ?? [] };
  const traditional = options.to === 'tw' || options.to === 'hk' || options.to === 't';
  const toTarget = { tw: 's2tw', hk: 's2hk', t: 's2t', cn: 't2s', s: 't2s' } as const;
  return {
    script: traditional ? 'traditional' : 'simplified',
    other: traditional ? 'simplified' : 'traditional',
    toTarget: createConverter(toTarget[options.to], converterOptions),
    toOther: createConverter(traditional ? 't2s' : 's2t', converterOptions),
    regional: traditional ? [createConverter('t2tw'), createConverter('t2hk')] : [],
    label: traditional ? 'Traditional' : 'Simplified',
    otherLabel: traditional ? 'Simplified' : 'Traditional',
  };
}

interface Candidate extends RepairChange {
  /** Decided by a dictionary phrase or by a character invalid in the target (counts as evidence). */
  readonly evidence: boolean;
}

/** Positions covered by protected terms (leftmost longest), which repair never touches. */
function protectedPositions(text: string, terms: readonly string[]): Uint8Array {
  const covered = new Uint8Array(text.length);
  const sorted = [...new Set(terms.filter((t) => t.length > 0))].sort((a, b) => b.length - a.length);
  for (let i = 0; i < text.length; ) {
    const term = sorted.find((t) => text.startsWith(t, i));
    if (term) {
      covered.fill(1, i, i + term.length);
      i += term.length;
    } else {
      i++;
    }
  }
  return covered;
}

/** Whether a dictionary word written exactly as the text has it covers `position` (so the text is valid there). */
function attestedAt(units: Uint16Array, position: number, words: CompiledDictionary): boolean {
  for (let start = Math.max(0, position - words.maxKeyLength + 1); start <= position; start++) {
    const found = words.match(units, start, units.length, ALL_DICTIONARIES);
    if (found >= 0 && start + matchLength(found) > position) return true;
  }
  return false;
}

/** Map each position of a conversion's output back to the input, from explain() spans. */
function outputToInput(input: string, output: string, spans: readonly ExplainSpan[]): Int32Array {
  const map = new Int32Array(output.length + 1);
  let i = 0, o = 0;
  for (const span of spans) {
    while (i < span.index) map[o++] = i++;
    const sameLength = span.source.length === span.target.length;
    for (let k = 0; k < span.target.length; k++) map[o++] = sameLength ? i + k : i;
    i += span.source.length;
  }
  while (o < output.length) map[o++] = i++;
  map[output.length] = input.length;
  return map;
}

function describe(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase()}`;
}

/** Candidates for one line in the target script: compare it with its round trip. */
function lineCandidates(line: string, offset: number, target: Plan, classes: CharacterClasses, words: CompiledDictionary): Candidate[] {
  const other = target.toOther.convert(line);
  const toOther = outputToInput(line, other, target.toOther.explain(line));
  const units = toCodeUnits(line);
  const candidates: Candidate[] = [];
  for (const span of target.toTarget.explain(other)) {
    const from = toOther[span.index]!, to = toOther[span.index + span.source.length]!;
    const written = line.slice(from, to);
    if (written === span.target) continue;
    const writtenChars = [...written], targetChars = [...span.target];
    const phraseStep = span.steps.find((s) => /Phrases/.test(s.dictionary));
    const phrase = phraseStep !== undefined;
    const dictionary = phraseStep?.dictionary ?? span.dictionary;
    if (writtenChars.length !== targetChars.length) {
      if (writtenChars.some((c) => !classes.validIn(c.codePointAt(0)!, target.script))) {
        candidates.push({ index: offset + from, from: written, to: span.target, rule: 'dictionary-phrase', evidence: true,
          reason: `${written} is written ${span.target} in ${target.label} (${dictionary})` });
      }
      continue;
    }
    const wordHasEvidence = writtenChars.some((c) => isHan(c) && classes.converts(c.codePointAt(0)!, target.other) &&
      !classes.validIn(c.codePointAt(0)!, target.other));
    // A phrase that decides a leftover (a character the target script does not use) decides its whole word: the
    // other characters the target writes otherwise take the phrase's form too, even where a word keeps them.
    const leftover = phrase ? writtenChars.find((c) => isHan(c) && !classes.validIn(c.codePointAt(0)!, target.script)) : undefined;
    let position = from;
    writtenChars.forEach((w, k) => {
      const t = targetChars[k]!;
      const at = position;
      position += w.length;
      if (w === t || !isHan(w)) return;
      const cp = w.codePointAt(0)!;
      const index = offset + at;
      if (!classes.validIn(cp, target.script)) {
        candidates.push({ index, from: w, to: t, rule: 'out-of-script-character', evidence: true,
          reason: `${w} (${describe(w)}) is not used in ${target.label} text; ${written} → ${span.target}` });
      } else if (leftover !== undefined) {
        if (target.regional.some((r) => r.convert(t) === w)) return;
        candidates.push({ index, from: w, to: t, rule: 'dictionary-phrase', evidence: true,
          reason: `${written} is written ${span.target} in ${target.label} (${dictionary}); its ${leftover} is a leftover` });
      } else if (classes.converts(cp, target.script)) {
        // A regional standard's form of the target character (群, Taiwan's for OpenCC's 羣) is a variant, not a leftover.
        if (target.regional.some((r) => r.convert(t) === w) || attestedAt(units, at, words)) return;
        candidates.push(phrase
          ? { index, from: w, to: t, rule: 'dictionary-phrase', evidence: true,
              reason: `${written} is written ${span.target} in ${target.label} (${dictionary})` }
          : { index, from: w, to: t, rule: 'character-default', evidence: false,
              reason: `${w} is written ${t} in ${target.label} text by default and no word keeps it` });
      } else if (phrase && wordHasEvidence && !classes.converts(cp, target.other)) {
        if (attestedAt(units, at, words)) return;
        candidates.push({ index, from: w, to: t, rule: 'converted-word', evidence: true,
          reason: `${written} mixes scripts (a character-level conversion); the ${target.label} word is ${span.target} (${dictionary})` });
      }
    });
  }
  return candidates;
}

/** The changes repair would make (shared with detect, whose outliers they are). */
export function findRepairs(text: string, options: RepairOptions): RepairChange[] {
  const target = plan(options);
  const classes = characterClasses();
  const words = attestedWords(target.script);
  const protect = protectedPositions(text, options.protect ?? []);
  const changes: RepairChange[] = [];
  const inLine: Candidate[] = [];
  let inLineHan = 0;
  for (const line of splitLines(text)) {
    const counts = countScripts(text, classes, line.start, line.end);
    const otherOnly = target.script === 'traditional' ? counts.simplified : counts.traditional;
    const targetOnly = target.script === 'traditional' ? counts.traditional : counts.simplified;
    if (otherOnly >= LINE_MINIMUM && otherOnly >= LINE_MAJORITY * targetOnly) {
      changes.push(...lineConversion(text, line, target));
    } else if (counts.han > 0) {
      inLineHan += counts.han;
      inLine.push(...lineCandidates(text.slice(line.start, line.end), line.start, target, classes, words));
    }
  }
  const evidence = inLine.filter((c) => c.evidence).length;
  if (inLineHan > 0 && evidence / inLineHan >= LEFTOVER_DENSITY) {
    changes.push(...inLine.map(({ evidence: _, ...change }) => change));
  }
  return changes
    .filter((c) => !protect.subarray(c.index, c.index + c.from.length).some((p) => p === 1))
    .sort((a, b) => a.index - b.index);
}

/** A whole line in the other script, converted; one change per converted character (or phrase of another length). */
function lineConversion(text: string, line: TextLine, target: Plan): RepairChange[] {
  const content = text.slice(line.start, line.end);
  const changes: RepairChange[] = [];
  const reason = `the line is written in ${target.otherLabel}`;
  for (const span of target.toTarget.explain(content)) {
    if (span.source === span.target) continue;
    const from = [...span.source], to = [...span.target];
    if (from.length !== to.length) {
      changes.push({ index: line.start + span.index, from: span.source, to: span.target, reason, rule: 'out-of-script-line' });
      continue;
    }
    let at = line.start + span.index;
    from.forEach((f, k) => {
      if (f !== to[k]) changes.push({ index: at, from: f, to: to[k]!, reason, rule: 'out-of-script-line' });
      at += f.length;
    });
  }
  return changes;
}

/** Apply non-overlapping changes (sorted by index) to the text. */
export function applyChanges(text: string, changes: readonly RepairChange[]): string {
  let out = '';
  let at = 0;
  for (const change of changes) {
    if (change.index < at) continue;
    out += text.slice(at, change.index) + change.to;
    at = change.index + change.from.length;
  }
  return out + text.slice(at);
}

export function repair(text: string, options: RepairOptions): RepairResult {
  if (typeof text !== 'string') throw new TypeError('repair() expects a string');
  const changes = findRepairs(text, options);
  return { text: applyChanges(text, changes), changes };
}
