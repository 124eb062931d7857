/**
 * `fanjian review -c CONFIG FILE...`: the spots an editor should check before publishing a conversion — characters
 * converted by their default mapping although they stand for several (后 → 後 or 后, 发 → 發 or 髮).
 */
import { Option, type Command } from 'commander';
import { createConverter } from '../../node/index.js';
import { TEXT_ENCODINGS } from '../../node/encoding.js';
import { EXIT } from '../errors.js';
import { ioOptions, type FileCommandOptions } from '../file-command.js';
import { readInputs } from '../read-inputs.js';
import { contextAround, positions } from '../text-positions.js';
import { configName } from './convert.js';

interface ReviewOptions {
  config?: string;
  json?: boolean;
  encoding: string;
  lenient?: boolean;
  corrections: boolean;
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

export function registerReview(program: Command, run: (action: () => Promise<number>) => Promise<void>): void {
  program
    .command('review')
    .description('list the ambiguous spots of a conversion (line, column, candidates, context) for an editor')
    .argument('[paths...]', 'files; none (or "-") reads standard input')
    .option('-c, --config <name>', 'configuration')
    .option('--json', 'JSON output')
    .option('--no-corrections', "without fanjian's dictionaries/ layer")
    .addOption(new Option('-e, --encoding <name>', 'input encoding').choices(['auto', ...TEXT_ENCODINGS]).default('auto'))
    .option('--lenient', 'replace undecodable bytes instead of failing')
    .action((paths: string[], options: ReviewOptions) =>
      run(async () => {
        const converter = createConverter(configName(options.config), { corrections: options.corrections });
        const io = ioOptions({ ...options, outputEncoding: 'utf8' } as FileCommandOptions);
        const spots: Spot[] = [];
        let failed = false;
        for await (const read of readInputs(paths, io, { extensions: [], globs: [] })) {
          if (!('text' in read)) {
            process.stderr.write(`fanjian: ${'error' in read ? read.error : `skipped ${read.path}: ${read.skipped}`}\n`);
            failed ||= 'error' in read;
            continue;
          }
          const at = positions(read.text);
          for (const span of converter.explain(read.text)) {
            if (!span.ambiguous) continue;
            spots.push({
              path: read.path, ...at(span.index), source: span.source, target: span.target,
              candidates: [...new Set(span.steps.flatMap((s) => s.candidates ?? []))],
              context: contextAround(read.text, span.index, span.source.length),
            });
          }
        }
        if (options.json) process.stdout.write(JSON.stringify(spots, null, 2) + '\n');
        else process.stdout.write(table(spots, process.stdout.isTTY === true));
        return failed ? EXIT.inputFailed : EXIT.ok;
      }));
}
