/**
 * `npm run accuracy`: how often fanjian (with its corrections) and opencc-js write the wrong character, side by side,
 * on answer keys written by people. A benchmark, never run by the tests.
 *
 *   npm run accuracy                      the table, development and test parts
 *   npm run accuracy -- --errors [N]      also the N commonest error classes of each measure (development part only)
 *   npm run accuracy -- --json FILE       the figures as JSON
 *   npm run accuracy -- --only cedict,roundtrip,help
 *   npm run accuracy -- --variants FILE   another declared-variant table (e.g. an earlier dictionaries/variants.tsv)
 *   npm run accuracy -- --errors N --unihan Unihan_Variants.txt
 *                                         the listing also says which Unihan field links each class's two forms, and
 *                                         counts the development errors of each measure by that evidence
 *
 * Data: ../shared/accuracy/cedict-dev.tsv (FANJIAN_ACCURACY), ../shared/corpus (FANJIAN_CORPUS), and the
 * LibreOffice help in zh-CN and zh-TW when FANJIAN_LOHELP names the folder (see README, "Accuracy").
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js';
import { CONFIGS, createConverter, type ConfigName } from '../node/index.js';
import { big5Han, interval, sharedFolder, SPLITS, VariantTable, type Split, type Tally } from './accuracy-data.js';
import {
  helpFolder, loadCedict, loadHelpSegments, measureCedict, measureParallel, measureRoundTrip, outsideStandardForms, traditionalLines, writableFrom,
  type Convert, type ErrorRecord, type Explain, type MeasureResult,
} from './accuracy-measures.js';
import { formatTable } from './measure.js';
import { EVIDENCE, UnihanLinks } from './accuracy-evidence.js';

export interface System {
  readonly name: string;
  readonly converter: (config: ConfigName) => Convert;
  /** How the system explains a conversion, if it can: the error listing then says what decided each error. */
  readonly explainer?: (config: ConfigName) => Explain;
}

export const SYSTEMS: readonly System[] = [
  {
    name: 'fanjian',
    converter: (config) => { const c = createConverter(config); return (text) => c.convert(text); },
    explainer: (config) => { const c = createConverter(config); return (text) => c.explain(text); },
  },
  {
    name: 'opencc-js',
    converter: (config) => {
      const info = CONFIGS.find((c) => c.name === config)!;
      return OpenCC.Converter({ from: info.from, to: info.to });
    },
  },
];

/** One line of the table: a measure in one direction, run by every system. */
export interface Row {
  readonly measure: string;
  readonly direction: string;
  /** 'words' (accuracy, higher is better) or 'han' (errors per 10,000 Han characters, lower is better). */
  readonly kind: 'words' | 'han';
  readonly results: Record<string, MeasureResult>;
}

function merge(results: readonly MeasureResult[]): MeasureResult {
  const merged: MeasureResult = { tallies: { dev: { errors: 0, units: 0, clusters: [] }, test: { errors: 0, units: 0, clusters: [] } }, devErrors: [],
    ...(results.some((r) => r.lost) ? { lost: { dev: 0, test: 0 } } : {}) };
  for (const r of results) {
    for (const split of SPLITS) {
      merged.tallies[split].errors += r.tallies[split].errors;
      merged.tallies[split].units += r.tallies[split].units;
      merged.tallies[split].clusters.push(...r.tallies[split].clusters);
      if (merged.lost && r.lost) merged.lost[split] += r.lost[split];
    }
    merged.devErrors.push(...r.devErrors);
  }
  return merged;
}

function figure(kind: Row['kind'], tally: Tally): string {
  const [low, high] = interval(tally);
  if (kind === 'words') {
    const rate = 1 - tally.errors / tally.units;
    return `${(rate * 100).toFixed(2)}% (${((1 - high) * 100).toFixed(2)}–${((1 - low) * 100).toFixed(2)})`;
  }
  const per = (x: number) => (x * 10_000).toFixed(1);
  return `${per(tally.errors / tally.units)} (${per(low)}–${per(high)})`;
}

function comparison(kind: Row['kind'], ours: Tally, theirs: Tally): string {
  if (kind === 'words') return `${(((theirs.errors / theirs.units) - (ours.errors / ours.units)) * 100).toFixed(2)} pt`;
  return theirs.errors === 0 ? '–' : `${((ours.errors / ours.units) / (theirs.errors / theirs.units)).toFixed(2)}×`;
}

export function printTable(rows: readonly Row[]): void {
  const [ours, theirs] = [SYSTEMS[0]!.name, SYSTEMS[1]!.name];
  const lines: string[][] = [];
  for (const row of rows) {
    for (const split of SPLITS) {
      const a = row.results[ours]!.tallies[split], b = row.results[theirs]!.tallies[split];
      const units = row.kind === 'words' ? `${a.units} words` : `${a.units} Han`;
      lines.push([row.measure, row.direction, split, units, figure(row.kind, a), figure(row.kind, b), comparison(row.kind, a, b)]);
    }
  }
  console.log(formatTable(['measure', 'direction', 'split', 'size', `${ours}`, `${theirs}`, 'fanjian vs opencc-js'], lines));
  console.log('\nWords: exact word accuracy (95% Wilson interval); "pt" = percentage points better than opencc-js.' +
    '\nHan: wrong characters per 10,000 Han characters (95% interval, clustered by line or page); "×" = fanjian\'s rate over opencc-js\'s.');
  printLost(rows);
}

/**
 * The round-trip errors at positions the first trip lost (counted in the table too): the Simplified character the
 * first trip wrote is one that no entry of OpenCC's Simplified→Traditional data writes back as the original.
 */
function printLost(rows: readonly Row[]): void {
  const lines: string[][] = [];
  for (const row of rows) {
    if (!Object.values(row.results).every((r) => r.lost)) continue;
    for (const split of SPLITS) {
      lines.push([row.measure, row.direction, split, ...SYSTEMS.map((s) => {
        const r = row.results[s.name]!;
        const lost = r.lost![split], errors = r.tallies[split].errors, units = r.tallies[split].units;
        return `${lost} of ${errors} (without them: ${(((errors - lost) / units) * 10_000).toFixed(1)})`;
      }), (() => {
        const [a, b] = SYSTEMS.map((s) => row.results[s.name]!);
        const rate = (r: MeasureResult) => (r.tallies[split].errors - r.lost![split]) / r.tallies[split].units;
        return rate(b!) === 0 ? '–' : `${(rate(a!) / rate(b!)).toFixed(2)}×`;
      })()]);
    }
  }
  if (lines.length === 0) return;
  console.log('\nRound-trip errors at positions the first trip lost (no entry of OpenCC\'s Simplified→Traditional data writes the' +
    '\noriginal back for the Simplified character there), and the rate per 10,000 Han without them:\n');
  console.log(formatTable(['measure', 'direction', 'split', ...SYSTEMS.map((s) => `${s.name}: lost of errors`), 'fanjian vs opencc-js without them'], lines));
}

/** The commonest error classes (reference → written) of the development part, with examples. */
export function printErrors(rows: readonly Row[], top: number, unihan: UnihanLinks | null = null): void {
  for (const row of rows) {
    const classes = (errors: readonly ErrorRecord[]) => {
      const byClass = new Map<string, ErrorRecord[]>();
      for (const e of errors) {
        const key = `${e.expected}→${e.got}`;
        if (!byClass.has(key)) byClass.set(key, []);
        byClass.get(key)!.push(e);
      }
      return byClass;
    };
    const ours = classes(row.results[SYSTEMS[0]!.name]!.devErrors);
    const theirs = classes(row.results[SYSTEMS[1]!.name]!.devErrors);
    const total = row.results[SYSTEMS[0]!.name]!.devErrors.length;
    console.log(`\n## ${row.measure} ${row.direction}: ${total} errors of fanjian on the development part (opencc-js: ${row.results[SYSTEMS[1]!.name]!.devErrors.length})`);
    if (unihan) {
      // The errors left, by what Unihan says of their two forms (see accuracy-evidence.ts).
      const counts = SYSTEMS.map((s) => unihan.count(row.results[s.name]!.devErrors));
      for (const kind of EVIDENCE) console.log(`  Unihan: ${kind}: ${SYSTEMS.map((s, i) => `${s.name} ${counts[i]!.get(kind)}`).join(', ')}`);
    }
    const sorted = [...ours].sort((a, b) => b[1].length - a[1].length).slice(0, top);
    for (const [key, errors] of sorted) {
      const examples = [...new Set(errors.map((e) => e.context))].slice(0, 4).join('  ');
      // What wrote the wrong forms: a phrase (the entry or the segmentation is wrong) or a character's default (a
      // phrase could decide it, or context must).
      const by = new Map<string, number>();
      for (const e of errors) if (e.decidedBy) by.set(e.decidedBy, (by.get(e.decidedBy) ?? 0) + 1);
      const decided = by.size === 0 ? '' : `  [${[...by].sort((a, b) => b[1] - a[1]).map(([d, n]) => `${d} ${n}`).join(', ')}]`;
      const [expected, got] = [errors[0]!.expected, errors[0]!.got];
      const link = unihan ? `  {Unihan: ${unihan.link(expected, got).join(' ') || 'none'}}` : '';
      console.log(`${String(errors.length).padStart(5)} ${key}  (opencc-js ${theirs.get(key)?.length ?? 0})${decided}${link}  ${examples}`);
    }
    // Where the corrections changed something: errors fanjian makes and opencc-js does not (regressions, by their
    // context), and the reverse (fixed).
    const contexts = (errors: readonly ErrorRecord[]) => {
      const counts = new Map<string, number>();
      for (const e of errors) counts.set(e.context, (counts.get(e.context) ?? 0) + 1);
      return counts;
    };
    const mine = contexts(row.results[SYSTEMS[0]!.name]!.devErrors), other = contexts(row.results[SYSTEMS[1]!.name]!.devErrors);
    const only = (a: Map<string, number>, b: Map<string, number>) => [...a].filter(([c, n]) => n > (b.get(c) ?? 0)).map(([c]) => c);
    const worse = only(mine, other), better = only(other, mine);
    if (worse.length > 0) console.log(`  new errors (${worse.length}): ${worse.slice(0, top).join('  ')}`);
    if (better.length > 0) console.log(`  fixed (${better.length}): ${better.slice(0, top).join('  ')}`);
  }
}

interface Options {
  errors: number;
  json: string | null;
  only: Set<string>;
  /** A declared-variant table other than dictionaries/variants.tsv (to show what a change of the table moves). */
  variants: string | null;
  /** Unihan_Variants.txt: the error listing then says which Unihan field links each class's two forms. */
  unihan: string | null;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { errors: 0, json: null, only: new Set(['cedict', 'roundtrip', 'help']), variants: null, unihan: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--errors') {
      const n = Number(argv[i + 1]);
      options.errors = Number.isInteger(n) && n > 0 ? (i++, n) : 30;
    } else if (arg === '--json') {
      options.json = argv[++i] ?? null;
      if (!options.json) throw new Error('--json needs a file name');
    } else if (arg === '--variants') {
      options.variants = argv[++i] ?? null;
      if (!options.variants) throw new Error('--variants needs a file name');
    } else if (arg === '--unihan') {
      options.unihan = argv[++i] ?? null;
      if (!options.unihan) throw new Error('--unihan needs the path of Unihan_Variants.txt');
    } else if (arg === '--only') {
      options.only = new Set((argv[++i] ?? '').split(','));
    } else {
      throw new Error(`unknown argument ${arg}; usage: npm run accuracy -- [--errors N] [--json FILE] [--only cedict,roundtrip,help] [--variants FILE] [--unihan FILE]`);
    }
  }
  return options;
}

/** An OpenCC 1.4.2 dictionary as bundled in opencc-js: [key, ...values] entries. */
async function openccDictionary(name: string): Promise<string[][]> {
  const data = ((await import(`opencc-js/dict/${name}`)) as { default: string }).default;
  return data.split('|').map((entry) => entry.split(' '));
}

/** The characters each side of a conversion may write for one another, from the OpenCC character tables. */
async function sameUpToScript(variants: VariantTable): Promise<(s: string, t: string) => boolean> {
  const pairs = new Map<string, string[]>();
  const add = (a: string, b: string) => {
    if (!pairs.has(a)) pairs.set(a, []);
    pairs.get(a)!.push(b);
  };
  for (const [key, ...values] of await openccDictionary('STCharacters')) for (const value of values) add(key!, value);
  for (const [key, ...values] of await openccDictionary('TSCharacters')) for (const value of values) add(value, key!);
  return (s, t) => variants.same(s, t) || (pairs.get(s)?.some((c) => variants.same(c, t)) ?? false);
}

export async function runAccuracy(options: Options): Promise<Row[]> {
  const variants = options.variants ? new VariantTable(readFileSync(options.variants, 'utf8')) : VariantTable.load();
  const converters = new Map<string, Convert>();
  const convert = (system: System, config: ConfigName) => {
    const key = `${system.name}:${config}`;
    if (!converters.has(key)) converters.set(key, system.converter(config));
    return converters.get(key)!;
  };
  const explainers = new Map<string, Explain>();
  const explain = (system: System, config: ConfigName): Explain | undefined => {
    if (!system.explainer) return undefined;
    const key = `${system.name}:${config}`;
    if (!explainers.has(key)) explainers.set(key, system.explainer(config));
    return explainers.get(key)!;
  };
  const rows: Row[] = [];
  const run = (measure: string, direction: string, kind: Row['kind'], f: (system: System) => MeasureResult) => {
    const results: Record<string, MeasureResult> = {};
    for (const system of SYSTEMS) results[system.name] = f(system);
    rows.push({ measure, direction, kind, results });
  };

  if (options.only.has('cedict')) {
    const folder = sharedFolder('accuracy', 'FANJIAN_ACCURACY');
    const file = folder && join(folder, 'cedict-dev.tsv');
    if (!file || !existsSync(file)) {
      console.error('fanjian accuracy: cedict-dev.tsv not found (set FANJIAN_ACCURACY to the folder holding it); CC-CEDICT skipped.');
    } else {
      const cedict = loadCedict(file);
      run('CC-CEDICT', 's2tw', 'words', (s) => measureCedict(cedict, 'toTraditional', convert(s, 's2tw'), variants));
      run('CC-CEDICT', 't2s', 'words', (s) => measureCedict(cedict, 'toSimplified', convert(s, 't2s'), variants));
      run('CC-CEDICT', 'tw2s', 'words', (s) => measureCedict(cedict, 'toSimplified', convert(s, 'tw2s'), variants));
    }
  }

  if (options.only.has('roundtrip')) {
    const corpus = sharedFolder('corpus', 'FANJIAN_CORPUS');
    const texts = ['gutenberg-25328.txt', 'data689k.txt'].filter((f) => corpus && existsSync(join(corpus, f)));
    if (texts.length === 0) console.error('fanjian accuracy: corpus not found (set FANJIAN_CORPUS); round trips skipped.');
    const lines = new Map(texts.map((f) => [f, traditionalLines(readFileSync(join(corpus!, f), 'utf8'))]));
    const stCharacters = await openccDictionary('STCharacters');
    const stOutputs = [...stCharacters, ...await openccDictionary('STPhrases')].flatMap(([, ...values]) => values);
    // The Traditional forms TSCharacters folds that are not in Big5, Taiwan's standard character sets (録, 産 are
    // Japanese and old glyphs of 錄, 產; CNS 11643 plane 3 in Unihan), count as outside too: TSCharacters also folds
    // standard characters (脩, 濛) that a round trip loses, and those stay errors.
    const big5 = big5Han();
    const nonStandard = (await openccDictionary('TSCharacters')).filter(([key]) => !big5.has(key!));
    const outsideStandard = outsideStandardForms([...stCharacters, ...nonStandard], stOutputs);
    // What the return trip's data can write back (OpenCC's, the same for both libraries): to count the lost positions.
    const writable = writableFrom([...stCharacters, ...await openccDictionary('STPhrases')]);
    for (const [f, text] of lines) {
      const left = [...text.join('')].filter(outsideStandard).length;
      if (left > 0) console.error(`fanjian accuracy: ${f}: ${left} characters in forms outside the Traditional standard (内, 彦, 録, 産…) left out`);
    }
    for (const back of ['s2t', 's2tw'] as const) {
      const perText = new Map<string, Record<string, MeasureResult>>();
      for (const f of texts) {
        run(f, `t2s→${back}`, 'han', (s) => {
          const r = measureRoundTrip(lines.get(f)!, convert(s, 't2s'), convert(s, back), variants, outsideStandard, explain(s, back), writable);
          if (!perText.has(s.name)) perText.set(s.name, {});
          perText.get(s.name)![f] = r;
          return r;
        });
      }
      if (texts.length > 1) run('both texts', `t2s→${back}`, 'han', (s) => merge(Object.values(perText.get(s.name)!)));
    }
  }

  if (options.only.has('help')) {
    const root = process.env.FANJIAN_LOHELP;
    const folder = root ? helpFolder(root) : null;
    if (!folder) {
      console.error('fanjian accuracy: LibreOffice help not measured (FANJIAN_LOHELP does not name a folder with zh-CN/ and zh-TW/; see README).');
    } else {
      const { segments, pages, blocks } = loadHelpSegments(folder, await sameUpToScript(variants));
      console.error(`fanjian accuracy: LibreOffice help, ${pages} pages, ${blocks} paragraphs in both, ${segments.length} clauses the same up to script`);
      run('LibreOffice help', 's2tw', 'han', (s) => measureParallel(segments, 'toTraditional', convert(s, 's2tw'), variants, explain(s, 's2tw')));
      run('LibreOffice help', 's2t', 'han', (s) => measureParallel(segments, 'toTraditional', convert(s, 's2t'), variants, explain(s, 's2t')));
      // Taiwan's vocabulary (軟體, 檔案) only where the translators wrote the same words: it measures the words s2twp
      // rewrites that Taiwan's translators kept, not the ones it gets right where they differ (those clauses are unpaired).
      run('LibreOffice help', 's2twp', 'han', (s) => measureParallel(segments, 'toTraditional', convert(s, 's2twp'), variants, explain(s, 's2twp')));
      run('LibreOffice help', 'tw2s', 'han', (s) => measureParallel(segments, 'toSimplified', convert(s, 'tw2s'), variants, explain(s, 'tw2s')));
      run('LibreOffice help', 't2s', 'han', (s) => measureParallel(segments, 'toSimplified', convert(s, 't2s'), variants, explain(s, 't2s')));
    }
  }
  return rows;
}

function toJson(rows: readonly Row[]): unknown {
  return rows.map((row) => ({
    measure: row.measure,
    direction: row.direction,
    kind: row.kind,
    results: Object.fromEntries(Object.entries(row.results).map(([system, r]) => [system,
      Object.fromEntries(SPLITS.map((split: Split) => {
        const t = r.tallies[split];
        return [split, { errors: t.errors, units: t.units, interval: interval(t), ...(r.lost ? { lost: r.lost[split] } : {}) }];
      }))])),
  }));
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  console.log(`fanjian accuracy — fanjian (corrections on) against opencc-js 1.4.2; Node ${process.version}`);
  const rows = await runAccuracy(options);
  if (rows.length === 0) {
    console.error('fanjian accuracy: no data found, nothing measured (see the messages above).');
    process.exit(2);
  }
  console.log('');
  printTable(rows);
  if (options.errors > 0) printErrors(rows, options.errors, options.unihan ? UnihanLinks.load(options.unihan) : null);
  if (options.json) writeFileSync(options.json, JSON.stringify(toJson(rows), null, 2) + '\n');
  console.error(`\n(${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(`fanjian accuracy: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  });
}
