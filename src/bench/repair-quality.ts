/**
 * How well repair() restores correct Traditional text into which leftovers were injected, next to the plain
 * round trip (t2s then s2tw). Injection imitates a character-level converter: where a Simplified character is
 * valid in both scripts and stands for several Traditional ones (干, 里, 后, 于) it is left unconverted half of the
 * time; any other character that converts is left unconverted 3% of the time (a gap in its table). Character-level
 * precision (changed characters that are now right) and recall (injected characters restored). Fixed seed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { convert, createConverter, detect, repair, type RepairTarget } from '../node/index.js';
import { characterClasses } from '../script/script-data.js';
import { formatTable } from './measure.js';

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Injected {
  readonly text: string;
  /** UTF-16 positions where a leftover was injected. */
  readonly positions: Set<number>;
}

/** Leftovers injected into correct Traditional text, character for character (equal-length spans only). */
export function injectLeftovers(traditional: string, seed: number): Injected {
  const classes = characterClasses();
  const next = random(seed);
  const toSimplified = createConverter('t2s');
  const positions = new Set<number>();
  let text = '';
  let at = 0;
  for (const span of toSimplified.explain(traditional)) {
    text += traditional.slice(at, span.index);
    const source = [...span.source], target = [...span.target];
    if (source.length !== target.length) {
      text += span.source;
    } else {
      let index = span.index;
      source.forEach((t, k) => {
        const s = target[k]!;
        const cp = s.codePointAt(0)!;
        const oneToMany = classes.validIn(cp, 'traditional') && classes.converts(cp, 'traditional');
        if (s !== t && s.length === t.length && next() < (oneToMany ? 0.5 : 0.03)) {
          text += s;
          positions.add(index);
        } else {
          text += t;
        }
        index += t.length;
      });
    }
    at = span.index + span.source.length;
  }
  return { text: text + traditional.slice(at), positions };
}

interface Score {
  readonly precision: number;
  readonly recall: number;
  readonly changed: number;
  /** Lines left out because a conversion changed their length (a phrase of another length). */
  readonly unaligned: number;
}

/** Character-level scores of `output` against the truth, line by line (lines whose length changed are left out). */
export function score(truth: string, damaged: Injected, output: string): Score {
  const truthLines = truth.split('\n'), damagedLines = damaged.text.split('\n'), outputLines = output.split('\n');
  let changed = 0, right = 0, restored = 0, injected = 0, unaligned = 0, offset = 0;
  truthLines.forEach((line, n) => {
    const before = damagedLines[n]!, after = outputLines[n] ?? '';
    if (after.length !== line.length || before.length !== line.length) {
      unaligned++;
    } else {
      for (let i = 0; i < line.length; i++) {
        if (after[i] !== before[i]) {
          changed++;
          if (after[i] === line[i]) right++;
        }
        if (damaged.positions.has(offset + i)) {
          injected++;
          if (after[i] === line[i]) restored++;
        }
      }
    }
    offset += line.length + 1;
  });
  return { precision: changed ? right / changed : 1, recall: injected ? restored / injected : 1, changed, unaligned };
}

/** Without the lines the detector finds in Simplified (Wikisource's notices in data689k.txt): correct text only. */
function traditionalLines(text: string): string {
  const lines = text.split('\n');
  const scripts = detect(text).lines;
  return lines.filter((_, i) => scripts[i]!.script !== 'simplified' && scripts[i]!.script !== 'mixed').join('\n');
}

export function benchRepairQuality(corpus: string): void {
  const texts: [string, string, RepairTarget][] = [
    ['data3185k.txt, s2tw (modern)', convert(readFileSync(join(corpus, 'data3185k.txt'), 'utf8').slice(0, 400_000), 's2tw'), 'tw'],
    ['gutenberg-25328.txt (vernacular)', readFileSync(join(corpus, 'gutenberg-25328.txt'), 'utf8'), 'tw'],
    ['data689k.txt (classical)', traditionalLines(readFileSync(join(corpus, 'data689k.txt'), 'utf8')), 'tw'],
  ];
  const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
  const rows: string[][] = [];
  for (const [name, truth, to] of texts) {
    const damaged = injectLeftovers(truth, 2017);
    const repaired = repair(damaged.text, { to }).text;
    const roundTrip = convert(convert(damaged.text, 't2s'), 's2tw');
    const ours = score(truth, damaged, repaired);
    const theirs = score(truth, damaged, roundTrip);
    rows.push([name, String(damaged.positions.size), percent(ours.precision), percent(ours.recall), String(ours.changed),
      percent(theirs.precision), percent(theirs.recall), String(theirs.changed), String(ours.unaligned + theirs.unaligned)]);
  }
  console.log('\nRepair quality: leftovers injected into correct Traditional text (character level, seed 2017)\n');
  console.log(formatTable(['text', 'injected', 'repair precision', 'repair recall', 'repair changes',
    'round-trip precision', 'round-trip recall', 'round-trip changes', 'lines not scored'], rows));
}
