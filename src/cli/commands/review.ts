/**
 * `fanjian review -c CONFIG FILE...`: the spots an editor should check before publishing a conversion — characters
 * converted by their default mapping although they stand for several (后 → 後 or 后, 发 → 發 or 髮). Inputs are
 * read by blocks of lines, so memory follows the spots found, not the size of the text.
 */
import type { Command } from 'commander';
import { choiceOption } from '../choices.js';
import { createConverter } from '../../node/index.js';
import { TEXT_ENCODINGS } from '../encoding.js';
import { writeTo, type CommandContext } from '../cli-io.js';
import { EXIT } from '../errors.js';
import { ioOptions, maxInputOf } from '../file-command.js';
import { DEFAULT_MAX_INPUT, formatSize } from '../limits.js';
import { lineBlocks } from '../pipeline.js';
import { forEachInput } from '../read-inputs.js';
import { contextAround, positions } from '../text-positions.js';
import { configName } from './convert.js';

interface ReviewOptions {
  config?: string;
  json?: boolean;
  encoding: string;
  lenient?: boolean;
  corrections: boolean;
  maxInput?: string;
}

interface Spot {
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly source: string;
  readonly target: string;
  readonly candidates: readonly string[];
  readonly context: string;
}

function table(spots: readonly Spot[], terminal: boolean): string {
  const rows = spots.map((s) => [`${s.path}:${s.line}:${s.column}`, `${s.source} → ${s.target}`, s.candidates.join(' '), s.context]);
  if (!terminal) return rows.map((r) => r.join('\t') + '\n').join('');
  const header = ['WHERE', 'CHANGE', 'CANDIDATES', 'CONTEXT'];
  const width = (i: number) => Math.max(...[header, ...rows].map((r) => [...r[i]!].length));
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - [...s].length));
  return [header, ...rows].map((r) => r.map((cell, i) => (i < 3 ? pad(cell, width(i)) : cell)).join('  ') + '\n').join('');
}

export function registerReview(program: Command, exec: (action: () => Promise<number>) => Promise<void>, { io: cli, log }: CommandContext): void {
  program
    .command('review')
    .description('list the ambiguous spots of a conversion (line, column, candidates, context) for an editor')
    .argument('[paths...]', 'files; none (or "-") reads standard input')
    .option('-c, --config <name>', 'configuration')
    .option('--json', 'JSON output')
    .option('--no-corrections', "without fanjian's dictionaries/ layer")
    .addOption(choiceOption('-e, --encoding <name>', 'input encoding', ['auto', ...TEXT_ENCODINGS], 'auto'))
    .option('--lenient', 'decode undecodable bytes as U+FFFD instead of failing')
    .option('--max-input <size>', `longest single line held in memory (default ${formatSize(DEFAULT_MAX_INPUT)})`)
    .action((paths: string[], options: ReviewOptions) =>
      exec(async () => {
        const converter = createConverter(configName(options.config), { corrections: options.corrections });
        const io = ioOptions(options);
        const maxInput = maxInputOf(options);
        const terminal = cli.stdout.isTTY === true;
        // Tab-separated output streams; the aligned table (a terminal) and JSON wait for all the spots.
        const spots: Spot[] = [];
        const failed = await forEachInput(paths, io, { extensions: [], globs: [] }, cli, log, async (read) => {
          let firstLine = 1;
          for await (const { text, last } of lineBlocks(read.source, read.encoding, io, maxInput, 'one line')) {
            const at = positions(text);
            const found: Spot[] = [];
            for (const span of converter.explain(text)) {
              if (!span.ambiguous) continue;
              const where = at(span.index);
              found.push({
                path: read.path, line: where.line + firstLine - 1, column: where.column, source: span.source, target: span.target,
                candidates: [...new Set(span.steps.flatMap((s) => s.candidates ?? []))],
                context: contextAround(text, span.index, span.source.length),
              });
            }
            if (options.json || terminal) spots.push(...found);
            else if (found.length) await writeTo(cli.stdout, table(found, false));
            if (!last) firstLine += at(text.length).line - 1;
          }
        });
        if (options.json) await writeTo(cli.stdout, JSON.stringify(spots, null, 2) + '\n');
        else if (terminal) await writeTo(cli.stdout, table(spots, true));
        return failed ? EXIT.inputFailed : EXIT.ok;
      }));
}
