/**
 * `node dist/bench/documents.js`: speed of convertDocument on each text format (a bench, never run by the tests),
 * on documents built from the corpus with words split by inline markup, and on the hostile documents of issue 9
 * (deep nesting), reporting the best of several runs in characters per second, and the driver's own cost against
 * converting each paragraph's text once.
 *
 * Usage: node dist/bench/documents.js [runs, default 5]
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { batchConvert, convertDocument, convertSource, DEFAULT_LIMITS, textFormatNamed, type TextDocumentFormat } from '../node/documents.js';
import { createConverter } from '../node/index.js';
import { changesFrom } from '../formats/driver.js';

const besideRepository = fileURLToPath(new URL('../../../shared/corpus', import.meta.url));
const corpus = process.env.FANJIAN_CORPUS ?? besideRepository;
const runs = Number(process.argv[2] ?? 5);

const source = existsSync(`${corpus}/data689k.txt`) ? readFileSync(`${corpus}/data689k.txt`, 'utf8')
  : '后来他用鼠标打开了软件，看到了她的头发。这里的干部并没有来。\n'.repeat(10_000);
const lines = source.split('\n').filter((line) => line.trim() !== '').map((line) => line.replace(/[&<>*_`[\]{}\\#|"]/g, ' '));

/** Every `size` characters of a line wrapped by `wrap` (words split by inline markup). */
const split = (line: string, size: number, wrap: (text: string, n: number) => string) =>
  (line.match(new RegExp(`.{1,${size}}`, 'gu')) ?? []).map(wrap).join('');

const cases: [string, TextDocumentFormat, string][] = [
  ['HTML, plain paragraphs', 'html', lines.map((l) => `<p>${l}</p>`).join('\n')],
  ['HTML, inline tags every 12 characters', 'html', lines.map((l) => `<p>${split(l, 12, (t, n) => (n % 2 ? `<b>${t}</b>` : `<a href="#">${t}</a>`))}</p>`).join('\n')],
  ['HTML, inline tags every 60 characters', 'html', lines.map((l) => `<p>${split(l, 60, (t) => `<a href="#">${t}</a>`)}</p>`).join('\n')],
  ['Markdown, paragraphs', 'markdown', lines.join('\n\n')],
  ['SRT, two-line cues', 'srt', lines.map((l, i) => `${i + 1}\n00:00:01,000 --> 00:00:02,000\n${l.slice(0, 40)}\n${l.slice(40, 80)}\n`).join('\n')],
  ['JSON locale file', 'json', JSON.stringify(Object.fromEntries(lines.map((l, i) => [`key${i}`, l])), null, 2)],
  ['YAML locale file', 'yaml', lines.map((l, i) => `key${i}: "${l}"`).join('\n')],
  ['hostile: 1M nested <div>', 'html', '<div>'.repeat(1_000_000) + '汉字' + '</div>'.repeat(1_000_000)],
  ['hostile: 1M nested JSON arrays', 'json', '['.repeat(1_000_000) + '"汉字"' + ']'.repeat(1_000_000)],
  ['hostile: Markdown [ x 32k', 'markdown', '['.repeat(32_000) + '汉字'],
];

// The driver's own cost: converting the extracted paragraphs (convertSource, as convertDocument does) against
// converting each paragraph's text once, in CPU time (less disturbed than wall time on a shared machine).
const converter = createConverter('s2twp');
const convert = (text: string) => converter.convert(text);
// As convertDocument's converter: each paragraph converted once with its pieces' boundaries (convertCut).
const textConverter = {
  convert, changes: changesFrom((text) => converter.explain(text)), convertMany: batchConvert(convert),
  convertCut: (texts: readonly string[], cuts: Int32Array, starts: Int32Array) => converter.convertCut(texts, cuts, starts),
};
const cpu = (f: () => void) => {
  let best = Infinity;
  for (let run = 0; run < runs; run++) {
    const start = process.cpuUsage();
    f();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
};

for (const [name, format, document] of cases) {
  let best = Infinity;
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    convertDocument(document, { format, config: 's2twp' });
    best = Math.min(best, performance.now() - start);
  }
  const rate = document.length / (best / 1000) / 1e6;
  let driver = '';
  if (!name.startsWith('hostile')) {
    const extraction = textFormatNamed(format).extract(document, { retag: null, limits: DEFAULT_LIMITS });
    const texts = extraction.paragraphs.map((p) => p.segments.map((s) => ('context' in s ? s.context : document.slice(s.start, s.end))).join(''));
    const once = cpu(() => texts.forEach(convert));
    const converting = cpu(() => convertSource(document, extraction, textConverter));
    driver = `  driver ${converting.toFixed(0).padStart(4)} ms CPU = ${(converting / once).toFixed(2)}× converting the paragraphs' text once`;
  }
  console.log(`${name.padEnd(40)} ${(document.length / 1e6).toFixed(2).padStart(6)} M chars  ${best.toFixed(0).padStart(6)} ms  ${rate.toFixed(1).padStart(5)} M chars/s${driver}`);
}
