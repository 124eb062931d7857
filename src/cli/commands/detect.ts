/**
 * `fanjian detect [PATH...]`: the script of each input (or of each line), as text or JSON. --lines reads its
 * inputs by blocks of lines, in bounded memory; the summary and JSON weigh the whole text (up to --max-input).
 */
import type { Command } from 'commander';
import { detect, type Detection } from '../../node/index.js';
import { characterClasses } from '../../script/script-data.js';
import { classify, countScripts, splitLines } from '../../script/text-lines.js';
import { writeTo, type CommandContext } from '../cli-io.js';
import { EXIT } from '../errors.js';
import { addInputOptions, ioOptions, maxInputOf } from '../file-command.js';
import { lineBlocks, wholeText } from '../pipeline.js';
import { forEachInput } from '../read-inputs.js';

interface DetectOptions {
  lines?: boolean;
  json?: boolean;
  encoding: string;
  lenient?: boolean;
  ext?: string[];
  glob?: string[];
  maxInput?: string;
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The script of each line, as detect() gives it in `lines`, without the whole-text analysis (outliers, standard). */
function lineScripts(text: string): { line: number; script: string; confidence: number }[] {
  const classes = characterClasses();
  return splitLines(text).map((line) => ({ line: line.number, ...classify(countScripts(text, classes, line.start, line.end)) }));
}

function summary(path: string, d: Detection): string {
  const script = d.variant ? `${d.script} (${d.variant})` : d.script;
  const c = d.counts;
  return `${path}: ${script} ${percent(d.confidence)}; ${c.han} Han: ${c.simplified} simplified-only, ${c.traditional} traditional-only, ` +
    `${c.common} common; ${d.outliers.length} outliers` +
    (d.outliers.length ? ` (${[...new Set(d.outliers.map((o) => o.char))].slice(0, 20).join('')})` : '');
}

export function registerDetect(program: Command, exec: (action: () => Promise<number>) => Promise<void>, { io: cli, log }: CommandContext): void {
  const command = program
    .command('detect')
    .description('tell the script (Simplified, Traditional, mixed…) and Traditional standard of texts')
    .argument('[paths...]', 'files or folders; none (or "-") reads standard input')
    .option('--lines', 'one result per line of each input')
    .option('--json', 'JSON output (with outliers and per-line results)');
  addInputOptions(command).action((paths: string[], options: DetectOptions) =>
    exec(async () => {
      const io = ioOptions(options);
      const maxInput = maxInputOf(options);
      const results: unknown[] = [];
      const filter = { extensions: options.ext ?? [], globs: options.glob ?? [] };
      const failed = await forEachInput(paths, io, filter, cli, log, async (read) => {
        if (options.lines && !options.json) {
          let first = 1;
          for await (const block of lineBlocks(read.source, read.encoding, io, maxInput, 'one line')) {
            const lines = lineScripts(block.text);
            // A block but the last ends with a line break: the empty "line" after it is the next block's first. As in
            // editors, a final line break ends the last line rather than starting another (a 4-line file has 4).
            const whole = block.last && !block.text.endsWith('\n') && block.text !== '' ? lines : lines.slice(0, -1);
            await writeTo(cli.stdout, whole.map((line) => `${read.path}:${line.line + first - 1}: ${line.script} ${percent(line.confidence)}\n`).join(''));
            first += whole.length;
          }
        } else {
          const detection = detect(await wholeText(read.source, read.encoding, io, maxInput, 'detect (without --lines)'));
          if (options.json) results.push({ path: read.path, ...detection });
          else await writeTo(cli.stdout, summary(read.path, detection) + '\n');
        }
      });
      if (options.json) await writeTo(cli.stdout, JSON.stringify(results, null, 2) + '\n');
      return failed ? EXIT.inputFailed : EXIT.ok;
    }));
}
