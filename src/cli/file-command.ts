/**
 * The shared body of every command that turns inputs into outputs (convert, repair, …): the common options,
 * their validation, and the run — stdin or files, progress, warnings, failure summary, exit code.
 *
 * To add such a command: declare it in main.ts with addFileOptions(), build a TransformSpec from its own options
 * (transform.ts), and call runFileCommand(paths, options, spec).
 */
import { readFile, rename, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Option, type Command } from 'commander';
import { isTextEncoding, TEXT_ENCODINGS, type TextEncoding } from '../node/encoding.js';
import { DOCUMENT_FORMATS, QUOTE_STYLES, type DocumentFormat, type QuoteStyle } from '../node/documents.js';
import { EXIT, InputError, messageOf, UsageError } from './errors.js';
import type { FileResult } from './file-job.js';
import { collectInputs } from './inputs.js';
import type { IoOptions, OutputPlan } from './io-options.js';
import { runFiles } from './jobs.js';
import { Progress } from './progress.js';
import { convertStdin } from './stdin-job.js';
import { positions } from './text-positions.js';
import { createTransform, formatOf, type ChangeNote, type DictionaryFile, type TransformSpec } from './transform.js';

export interface FileCommandOptions {
  output?: string;
  outDir?: string;
  inPlace?: boolean;
  backup?: string;
  rename?: boolean;
  ext?: string[];
  glob?: string[];
  dict?: string[];
  protect?: string[];
  protectFile?: string[];
  corrections: boolean;
  encoding: string;
  outputEncoding: string;
  bom?: boolean;
  lenient?: boolean;
  jobs?: string;
  quiet?: boolean;
  explain?: boolean;
  format: DocumentFormat | 'auto';
  quotes: QuoteStyle;
  fonts?: boolean;
}

/** The parts of a TransformSpec every file command fills the same way. */
export function commonSpec(options: FileCommandOptions): { corrections: boolean; explain: boolean; format: DocumentFormat | 'auto'; quotes: QuoteStyle; fonts: boolean } {
  return { corrections: options.corrections, explain: options.explain ?? false, format: options.format, quotes: options.quotes, fonts: options.fonts ?? false };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];
const splitList = (value: string, previous: string[] = []) =>
  [...previous, ...value.split(',').map((v) => v.trim().replace(/^\./, '').toLowerCase()).filter(Boolean)];

/** The options shared by every file-processing command (user dictionaries only where the command uses them). */
export function addFileOptions(command: Command, features: { dictionaries: boolean } = { dictionaries: true }): Command {
  if (features.dictionaries) {
    command.option('--dict <file>', 'user dictionary in OpenCC text format, wins over built-in entries (repeatable)', collect);
  }
  return command
    .option('-o, --output <file>', 'write to this file (one input only)')
    .option('--out-dir <dir>', 'write each input into this folder, mirroring folder trees')
    .option('-i, --in-place', 'rewrite the inputs themselves (atomically: temporary file, then rename)')
    .option('--backup <suffix>', 'with --in-place, keep each original as FILE<suffix>')
    .option('--rename', 'with --out-dir or --in-place, also convert file and folder names')
    .option('--ext <list>', 'in folders, only files with these extensions (e.g. txt,md,srt)', splitList)
    .option('--glob <pattern>', 'in folders, only files whose path matches (repeatable, e.g. "**/*.txt")', collect)
    .option('--protect <word>', 'copy this term through unchanged (repeatable)', collect)
    .option('--protect-file <file>', 'terms to protect, one per line (repeatable)', collect)
    .option('--no-corrections', "pure OpenCC 1.4.2 data, without fanjian's dictionaries/ layer")
    .addOption(new Option('-e, --encoding <name>', 'input encoding').choices(['auto', ...TEXT_ENCODINGS]).default('auto'))
    .addOption(new Option('--output-encoding <name>', 'output encoding ("same" = as the input)')
      .choices(['same', ...TEXT_ENCODINGS]).default('utf8'))
    .option('--bom', 'write a byte-order mark (UTF-8 and UTF-16 outputs)')
    .option('--lenient', 'replace undecodable bytes with U+FFFD and unwritable characters with "?" instead of failing')
    .addOption(new Option('--format <name>', 'document format; auto chooses by file extension (plain text when unknown)')
      .choices(['auto', ...DOCUMENT_FORMATS]).default('auto'))
    .addOption(new Option('--quotes <style>', 'quotation marks in converted text: keep, cjk (「」『』) or western (“”‘’)')
      .choices([...QUOTE_STYLES]).default('keep'))
    .option('--fonts', 'Office documents: East Asian font names follow the target (SimSun ↔ PMingLiU, Microsoft YaHei ↔ Microsoft JhengHei…)')
    .option('--explain', 'list every change on standard error (path:line:column: from → to, and why)')
    .option('-j, --jobs <n>', 'threads for folders: this one and N-1 workers (default: one per core, when there is enough input)')
    .option('-q, --quiet', 'no progress bar, no warnings (errors are still reported)');
}

export function ioOptions(options: FileCommandOptions): IoOptions {
  const encoding = options.encoding;
  const outputEncoding = options.outputEncoding;
  if (encoding !== 'auto' && !isTextEncoding(encoding)) throw new UsageError(`unknown encoding ${encoding}`);
  if (outputEncoding !== 'same' && !isTextEncoding(outputEncoding)) throw new UsageError(`unknown output encoding ${outputEncoding}`);
  return {
    encoding: encoding as 'auto' | TextEncoding,
    outputEncoding: outputEncoding as 'same' | TextEncoding,
    bom: options.bom ?? false,
    lenient: options.lenient ?? false,
  };
}

function outputPlan(paths: readonly string[], options: FileCommandOptions, folderInput: boolean): OutputPlan {
  const chosen = [options.output && '-o', options.outDir && '--out-dir', options.inPlace && '--in-place'].filter(Boolean);
  if (chosen.length > 1) throw new UsageError(`${chosen.join(' and ')} cannot be used together; choose one output`);
  if (options.backup !== undefined && !options.inPlace) throw new UsageError('--backup only works with --in-place');
  if (options.backup === '') throw new UsageError('--backup needs a non-empty suffix, e.g. --backup .orig');
  if (options.rename && !options.outDir && !options.inPlace) throw new UsageError('--rename needs --out-dir or --in-place');
  const stdin = paths.length === 0 || (paths.length === 1 && paths[0] === '-');
  if (stdin && (options.outDir || options.inPlace)) {
    throw new UsageError(`${options.outDir ? '--out-dir' : '--in-place'} needs input files or folders, not standard input`);
  }
  if (options.output) {
    if (paths.length > 1 || folderInput) throw new UsageError('-o takes a single input; use --out-dir for several files or folders');
    return { kind: 'file', path: options.output };
  }
  if (options.outDir) return { kind: 'out-dir', dir: options.outDir, rename: options.rename ?? false };
  if (options.inPlace) return { kind: 'in-place', backup: options.backup ?? null, rename: options.rename ?? false };
  if (folderInput) throw new UsageError('a folder needs --out-dir DIR or --in-place');
  return { kind: 'stdout' };
}

async function readOptionFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? messageOf(error)}`);
  }
}

/** User dictionaries and protected terms from the command line. */
export async function overrides(options: FileCommandOptions): Promise<{ dictionaries: DictionaryFile[]; protect: string[] }> {
  const dictionaries = await Promise.all((options.dict ?? []).map(async (path) => ({ path, text: await readOptionFile(path, 'dictionary') })));
  const protect = [...(options.protect ?? [])];
  for (const file of options.protectFile ?? []) {
    for (const line of (await readOptionFile(file, 'protect file')).split(/\r?\n/)) {
      const term = line.trim();
      if (term && !term.startsWith('#')) protect.push(term);
    }
  }
  return { dictionaries, protect };
}

/** Below this much input per thread, starting a worker thread costs more than it saves. */
const BYTES_PER_WORKER = 16 * 1024 * 1024;

/** --jobs, or by default one thread per core as long as each has enough input to be worth starting. */
function jobCount(value: string | undefined, totalBytes: number): number {
  if (value === undefined) return Math.max(1, Math.min(availableParallelism(), Math.ceil(totalBytes / BYTES_PER_WORKER)));
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--jobs needs a positive whole number, not ${JSON.stringify(value)}`);
  return n;
}

export function writeStdout(bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(bytes, (error) => (error ? reject(error) : resolve()));
  });
}

function warn(message: string): void {
  process.stderr.write(`fanjian: ${message}\n`);
}

/** --explain: one line per change on standard error. */
function printNotes(path: string, text: string, notes: readonly ChangeNote[]): void {
  const at = positions(text);
  const lines = notes.map((note) => {
    const { line, column } = at(note.index);
    return `${path}:${line}:${column}: ${note.from} → ${note.to}  (${note.detail})\n`;
  });
  process.stderr.write(lines.join(''));
}

/** Run a file-processing command; returns the exit code. */
export async function runFileCommand(paths: readonly string[], options: FileCommandOptions, spec: TransformSpec): Promise<number> {
  const io = ioOptions(options);
  jobCount(options.jobs, 0); // validate before any work
  const transform = createTransform(spec); // also validates the dictionaries before any work starts
  const quiet = options.quiet ?? false;
  const stdin = paths.length === 0 || (paths.length === 1 && paths[0] === '-');
  if (stdin) {
    const plan = outputPlan([], options, false);
    const progress = new Progress({ stream: process.stderr, enabled: !quiet && process.stderr.isTTY === true, totalBytes: null, totalFiles: null });
    try {
      await convertStdin(process.stdin, transform, formatOf(spec, null), io, {
        path: plan.kind === 'file' ? plan.path : null,
        stdout: writeStdout,
        progress: (bytes) => progress.advance(bytes),
        ...(spec.explain ? { onNotes: (text: string, notes: readonly ChangeNote[]) => printNotes('-', text, notes) } : {}),
      });
      return EXIT.ok;
    } catch (error) {
      progress.finish();
      warn(error instanceof InputError ? error.message : `standard input: ${messageOf(error)}`);
      return EXIT.inputFailed;
    } finally {
      progress.finish();
    }
  }
  const inputs = await collectInputs(paths, { extensions: options.ext ?? [], globs: options.glob ?? [] });
  const plan = outputPlan(paths, options, inputs.roots.length > 0);
  if (!quiet) for (const s of inputs.skipped) warn(`skipped ${s.path}: ${s.why}`);
  const totalBytes = inputs.files.reduce((sum, f) => sum + f.size, 0);
  const progress = new Progress({
    stream: process.stderr,
    enabled: !quiet && process.stderr.isTTY === true,
    totalBytes,
    totalFiles: inputs.files.length,
  });
  const results = await runFiles(inputs.files, spec, io, plan, {
    jobs: spec.explain ? 1 : jobCount(options.jobs, totalBytes), // notes are printed by this thread, in order
    stdout: writeStdout,
    ...(spec.explain ? { onNotes: printNotes } : {}),
    onRead: (bytes) => progress.advance(bytes),
    onResult: (result) => progress.advance(result.skipped || result.error ? result.bytesIn : 0, 1),
  });
  progress.finish();
  if (plan.kind === 'in-place' && plan.rename) await renameFolders(inputs.folders, transform.rename, results);
  return summarize(results, inputs.skipped.length, quiet);
}

/** --in-place --rename: after the files, rename their folders, deepest first. */
async function renameFolders(folders: readonly { root: string; relative: string }[], renameOne: (name: string) => string,
  results: FileResult[]): Promise<void> {
  for (const folder of folders) {
    const from = join(folder.root, folder.relative);
    const to = join(dirname(from), renameOne(basename(from)));
    if (to === from) continue;
    if (await stat(to).catch(() => null)) {
      results.push({ path: from, target: to, bytesIn: 0, bytesOut: 0, error: `${from}: cannot rename to ${to}, which already exists` });
      continue;
    }
    await rename(from, to).catch((error: unknown) =>
      results.push({ path: from, target: to, bytesIn: 0, bytesOut: 0, error: `${from}: cannot rename: ${messageOf(error)}` }));
  }
}

function summarize(results: readonly FileResult[], skippedInputs: number, quiet: boolean): number {
  const failed = results.filter((r) => r.error);
  const skipped = results.filter((r) => r.skipped);
  if (!quiet) for (const r of skipped) warn(`skipped ${r.path}: ${r.skipped}`);
  for (const r of failed) warn(r.error!);
  const converted = results.length - failed.length - skipped.length;
  if (failed.length || (!quiet && (skipped.length || skippedInputs))) {
    warn(`${converted} converted, ${skipped.length + skippedInputs} skipped, ${failed.length} failed` +
      (failed.length ? ':\n' + failed.map((r) => `  ${r.path}`).join('\n') : ''));
  }
  return failed.length ? EXIT.inputFailed : EXIT.ok;
}
