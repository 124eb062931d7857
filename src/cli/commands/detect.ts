/** `fanjian detect [PATH...]`: the script of each input (or of each line), as text or JSON. */
import { Option, type Command } from 'commander';
import { detect, type Detection } from '../../node/index.js';
import { TEXT_ENCODINGS } from '../../node/encoding.js';
import { EXIT } from '../errors.js';
import { ioOptions, type FileCommandOptions } from '../file-command.js';
import { readInputs } from '../read-inputs.js';

interface DetectOptions {
  lines?: boolean;
  json?: boolean;
  encoding: string;
  lenient?: boolean;
  ext?: string[];
  glob?: string[];
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

function summary(path: string, d: Detection): string {
  const script = d.variant ? `${d.script} (${d.variant})` : d.script;
  const c = d.counts;
  return `${path}: ${script} ${percent(d.confidence)}; ${c.han} Han: ${c.simplified} simplified-only, ${c.traditional} traditional-only, ` +
    `${c.common} common; ${d.outliers.length} outliers` +
    (d.outliers.length ? ` (${[...new Set(d.outliers.map((o) => o.char))].slice(0, 20).join('')})` : '');
}

export function registerDetect(program: Command, run: (action: () => Promise<number>) => Promise<void>): void {
  program
    .command('detect')
    .description('tell the script (Simplified, Traditional, mixed…) and Traditional standard of texts')
    .argument('[paths...]', 'files or folders; none (or "-") reads standard input')
    .option('--lines', 'one result per line of each input')
    .option('--json', 'JSON output (with outliers and per-line results)')
    .addOption(new Option('-e, --encoding <name>', 'input encoding').choices(['auto', ...TEXT_ENCODINGS]).default('auto'))
    .option('--lenient', 'replace undecodable bytes instead of failing')
    .option('--ext <list>', 'in folders, only these extensions', (v: string, p: string[] = []) => [...p, ...v.split(',').map((s) => s.trim().replace(/^\./, '').toLowerCase())])
    .option('--glob <pattern>', 'in folders, only matching paths (repeatable)', (v: string, p: string[] = []) => [...p, v])
    .action((paths: string[], options: DetectOptions) =>
      run(async () => {
        const io = ioOptions({ ...options, outputEncoding: 'utf8' } as FileCommandOptions);
        const results: unknown[] = [];
        let failed = false;
        for await (const read of readInputs(paths, io, { extensions: options.ext ?? [], globs: options.glob ?? [] })) {
          if ('error' in read) {
            process.stderr.write(`fanjian: ${read.error}\n`);
            failed = true;
            continue;
          }
          if ('skipped' in read) {
            process.stderr.write(`fanjian: skipped ${read.path}: ${read.skipped}\n`);
            continue;
          }
          const detection = detect(read.text);
          if (options.json) {
            results.push({ path: read.path, ...detection });
          } else if (options.lines) {
            for (const line of detection.lines) {
              process.stdout.write(`${read.path}:${line.line}: ${line.script} ${percent(line.confidence)}\n`);
            }
          } else {
            process.stdout.write(summary(read.path, detection) + '\n');
          }
        }
        if (options.json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
        return failed ? EXIT.inputFailed : EXIT.ok;
      }));
}
