/**
 * The shared body of every command that turns inputs into outputs (convert, repair, …): the common options,
 * their validation, and the run — inputs, the output plan, the pipeline per input, progress, failure summary,
 * exit code.
 *
 * To add such a command: declare it in main.ts with addFileOptions(), build a TransformSpec from its own options
 * (transform.ts), and call runFileCommand(paths, options, spec, context).
 */
import { lstat, open, realpath, rename, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { choiceOption } from './choices.js';
import { writerHooks } from './atomic-write.js';
import type { CommandContext } from './cli-io.js';
import { invalidUtf8Offset, isTextEncoding, TEXT_ENCODINGS, type TextEncoding } from './encoding.js';
import type { DocumentFormat, DocumentLimits, QuoteStyle } from '../node/documents.js';
import { DEFAULT_LIMITS } from '../formats/format.js';
import { DOCUMENT_FORMATS } from '../formats/format-names.js';
import { QUOTE_STYLES } from '../formats/quotes.js';
import { structureRiskMessage } from './dictionary-risk.js';
import { EXIT, InputError, messageOf, UsageError } from './errors.js';
import type { FileResult } from './file-job.js';
import { formatByContent, inputFormat, isBinaryFormat, loadFormatsFor } from './input-format.js';
import { loadDocuments } from './documents-layer.js';
import { collectInputs, type CollectedInputs, type InputFile } from './inputs.js';
import type { IoOptions, OutputMode } from './io-options.js';
import { runFiles, WorkerPool } from './jobs.js';
import { defaultJobs } from './early-workers.js';
import { DEFAULT_MAX_INPUT, formatSize, maxJobs, parseSize } from './limits.js';
import type { Logger } from './logger.js';
import { byteSize, duration, type Progress } from './progress.js';
import { planOutputs, type FolderRename } from './output-plan.js';
import { convertSource } from './pipeline.js';
import { SAMPLE_SIZE, stdinSource } from './source.js';
import { positions } from './text-positions.js';
import { createTransform, type ChangeNote, type DictionaryFile, type TextTransform, type TransformSpec } from './transform.js';

export interface FileCommandOptions {
  input?: string[];
  output?: string;
  outDir?: string;
  inPlace?: boolean;
  backup?: string;
  rename?: boolean;
  force?: boolean;
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
  maxInput?: string;
  maxDepth?: string;
  maxEntrySize?: string;
  maxInflatedSize?: string;
  maxDocument?: string;
  quiet?: boolean;
  explain?: boolean;
  format: DocumentFormat | 'auto';
  quotes: QuoteStyle;
  fonts?: boolean;
  field?: string[];
  column?: string[];
}

/** The parts of a TransformSpec every file command fills the same way. */
export function commonSpec(options: FileCommandOptions): Pick<TransformSpec, 'corrections' | 'explain' | 'format' | 'quotes' | 'limits' | 'records' | 'fonts'> {
  const records = { fields: options.field ?? [], columns: options.column ?? [], lenient: options.lenient ?? false };
  const wrong = records.fields.length && (options.format === 'csv' || options.format === 'tsv') ? '--field is for JSON Lines; use --column'
    : records.columns.length && options.format === 'jsonl' ? '--column is for CSV and TSV; use --field' : null;
  if (wrong) throw new UsageError(wrong);
  return {
    corrections: options.corrections, explain: options.explain ?? false, format: options.format, quotes: options.quotes,
    limits: documentLimitsOf(options), records, fonts: options.fonts ?? false,
  };
}

/** Bounds for hostile documents (nesting depth, zip entries' inflated sizes), as the documents layer takes them. */
function documentLimitsOf(options: FileCommandOptions): Partial<DocumentLimits> {
  const limits: { -readonly [K in keyof DocumentLimits]?: number } = {};
  if (options.maxDepth !== undefined) {
    if (!/^\d+$/.test(options.maxDepth) || Number(options.maxDepth) < 1) throw new UsageError(`--max-depth needs a positive whole number, not ${JSON.stringify(options.maxDepth)}`);
    limits.depth = Number(options.maxDepth);
  }
  if (options.maxEntrySize !== undefined) limits.entrySize = parseSize(options.maxEntrySize, '--max-entry-size');
  if (options.maxInflatedSize !== undefined) limits.totalSize = parseSize(options.maxInflatedSize, '--max-inflated-size');
  if (options.maxDocument !== undefined) limits.document = parseSize(options.maxDocument, '--max-document');
  return limits;
}

export const collect = (value: string, previous: string[] = []) => [...previous, value];
export const splitList = (value: string, previous: string[] = []) =>
  [...previous, ...value.split(',').map((v) => v.trim().replace(/^\./, '').toLowerCase()).filter(Boolean)];

/**
 * The flags of the output options, in one place: a flag that changes meaning (opencc's -i is --input) changes
 * here and in the help examples only.
 */
export const OUTPUT_FLAGS = {
  input: '-i, --input <file>',
  output: '-o, --output <file>',
  outDir: '--out-dir <dir>',
  inPlace: '--in-place',
} as const;

/** Options every command that reads inputs shares (detect and review too). */
export function addInputOptions(command: Command): Command {
  return command
    .addOption(choiceOption('-e, --encoding <name>', 'input encoding', ['auto', ...TEXT_ENCODINGS], 'auto'))
    .option('--lenient', 'instead of failing: undecodable bytes become U+FFFD; characters the output encoding lacks become "?" (GBK, Big5, GB18030) or U+FFFD (UTF-8)')
    .option('--ext <list>', 'in folders, only files with these extensions (e.g. txt,md,srt)', splitList)
    .option('--glob <pattern>', 'in folders, only files whose path matches (repeatable, e.g. "**/*.txt")', collect)
    .option('--max-input <size>', `largest input held whole in memory (documents, repair, --explain, review, detect); default ${formatSize(DEFAULT_MAX_INPUT)}`);
}

/** The options shared by every file-processing command (user dictionaries only where the command uses them). */
export function addFileOptions(command: Command, features: { dictionaries: boolean } = { dictionaries: true }): Command {
  if (features.dictionaries) {
    command.option('--dict <file>', 'user dictionary in OpenCC text format, wins over built-in entries (repeatable)', collect);
  }
  command
    .option(OUTPUT_FLAGS.input, 'read this file (as opencc -i; the same as naming it as an argument; repeatable)', collect)
    .option(OUTPUT_FLAGS.output, 'write to this file (one input only; a pipe or device is written through)')
    .option(OUTPUT_FLAGS.outDir, 'write each input into this folder, mirroring folder trees')
    .option(OUTPUT_FLAGS.inPlace, 'rewrite the inputs themselves (atomically: temporary file, then rename)')
    .option('--backup <suffix>', 'with --in-place, keep each original as FILE<suffix> (never overwritten)')
    .option('--rename', 'with --out-dir or --in-place, also convert file and folder names')
    .option('--force', 'with --in-place, also rewrite read-only files and files with several hard links')
    .option('--protect <word>', 'copy this term through unchanged (repeatable)', collect)
    .option('--protect-file <file>', 'terms to protect, one per line (repeatable)', collect)
    .option('--no-corrections', "pure OpenCC 1.4.2 data, without fanjian's dictionaries/ layer");
  addInputOptions(command);
  return command
    .addOption(choiceOption('--output-encoding <name>', 'output encoding ("same" = as the input)', ['same', ...TEXT_ENCODINGS], 'utf8'))
    .option('--bom', 'write a byte-order mark (UTF-8 and UTF-16 outputs)')
    .addOption(choiceOption('--format <name>', 'document format; auto chooses by file extension (plain text when unknown)',
      ['auto', ...DOCUMENT_FORMATS], 'auto'))
    .option('--field <path>', 'jsonl: convert the values at this path only (repeatable; e.g. text, meta.title, turns[].content)', collect)
    .option('--column <name|n>', 'csv/tsv: convert this column only, by header name or 1-based number (repeatable)', collect)
    .option('--max-depth <n>', `deepest nesting of a Markdown or YAML document (default ${DEFAULT_LIMITS.depth})`)
    .option('--max-entry-size <size>', `largest inflated entry of an EPUB or other zip document (default ${formatSize(DEFAULT_LIMITS.entrySize)})`)
    .option('--max-inflated-size <size>', `largest inflated total of an EPUB or other zip document (default ${formatSize(DEFAULT_LIMITS.totalSize)})`)
    .option('--max-document <size>', `longest YAML document (between --- lines) held whole, in characters (default ${formatSize(DEFAULT_LIMITS.document)})`)
    .addOption(choiceOption('--quotes <style>', 'quotation marks in converted text: keep, cjk (「」『』) or western (“”‘’)', QUOTE_STYLES, 'keep'))
    .option('--fonts', 'Office documents: East Asian font names follow the target (SimSun ↔ PMingLiU, Microsoft YaHei ↔ Microsoft JhengHei…)')
    .option('--explain', 'list every change on standard error (path:line:column: from → to, and why)')
    .option('-j, --jobs <n>', `threads for folders: this one and N-1 workers (default: one per core, when there is enough input; at most ${maxJobs()})`)
    .option('-q, --quiet', 'no progress bar, no warnings (errors are still reported)');
}

export function ioOptions(options: { encoding: string; outputEncoding?: string; bom?: boolean; lenient?: boolean }): IoOptions {
  const encoding = options.encoding;
  const outputEncoding = options.outputEncoding ?? 'utf8';
  if (encoding !== 'auto' && !isTextEncoding(encoding)) throw new UsageError(`unknown encoding ${encoding}`);
  if (outputEncoding !== 'same' && !isTextEncoding(outputEncoding)) throw new UsageError(`unknown output encoding ${outputEncoding}`);
  return {
    encoding: encoding as 'auto' | TextEncoding,
    outputEncoding: outputEncoding as 'same' | TextEncoding,
    bom: options.bom ?? false,
    lenient: options.lenient ?? false,
  };
}

export function maxInputOf(options: { maxInput?: string }): number {
  return options.maxInput === undefined ? DEFAULT_MAX_INPUT : parseSize(options.maxInput, '--max-input');
}

const isStdin = (paths: readonly string[]) => paths.length === 0 || (paths.length === 1 && paths[0] === '-');

function outputMode(paths: readonly string[], options: FileCommandOptions, folderInput: boolean): OutputMode {
  const chosen = [options.output && '-o', options.outDir && '--out-dir', options.inPlace && '--in-place'].filter(Boolean);
  if (chosen.length > 1) throw new UsageError(`${chosen.join(' and ')} cannot be used together; choose one output`);
  if (options.backup !== undefined && !options.inPlace) throw new UsageError('--backup only works with --in-place');
  if (options.backup === '') throw new UsageError('--backup needs a non-empty suffix, e.g. --backup .orig');
  if (options.backup !== undefined && /[/\\\0]/.test(options.backup)) throw new UsageError('--backup takes a suffix such as .orig, not a path');
  // A backup named like fanjian's temporary files would be taken for an interrupted run's leftover.
  if (options.backup?.endsWith('.fanjian-tmp')) throw new UsageError('--backup cannot end in .fanjian-tmp, the suffix of fanjian\'s temporary files; choose another, e.g. --backup .orig');
  if (options.rename && !options.outDir && !options.inPlace) throw new UsageError('--rename needs --out-dir or --in-place');
  if (options.force && !options.inPlace) throw new UsageError('--force only works with --in-place');
  if (isStdin(paths) && (options.outDir || options.inPlace)) {
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

/** A file named by an option (--dict, --protect-file): a regular file of valid UTF-8, of reasonable size. */
async function readOptionFile(path: string, what: string, cwd: string): Promise<string> {
  const limit = 64 * 1024 * 1024;
  let bytes: Buffer;
  try {
    const handle = await open(resolve(cwd, path), 'r');
    try {
      const info = await handle.stat();
      if (info.isDirectory()) throw new UsageError(`${what} ${path} is a folder`);
      if (!info.isFile() && !info.isFIFO()) throw new UsageError(`${what} ${path} is not a regular file (a device such as /dev/zero never ends)`);
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of handle.createReadStream({ autoClose: false })) {
        size += (chunk as Buffer).length;
        if (size > limit) throw new UsageError(`${what} ${path} is larger than ${formatSize(limit)}; is it the right file?`);
        chunks.push(chunk as Buffer);
      }
      bytes = Buffer.concat(chunks);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${what} ${path}: ${messageOf(error)}`);
  }
  const bad = invalidUtf8Offset(bytes);
  if (bad >= 0) {
    throw new UsageError(`${what} ${path} is not valid UTF-8 (byte offset ${bad}); save it as UTF-8 ` +
      `(e.g. iconv -f GB18030 -t UTF-8 ${path} > ${path}.utf8)`);
  }
  return bytes.toString('utf8').replace(/^\ufeff/, '');
}

/** User dictionaries and protected terms from the command line. */
export async function overrides(options: FileCommandOptions, cwd: string): Promise<{ dictionaries: DictionaryFile[]; protect: string[] }> {
  const dictionaries = await Promise.all((options.dict ?? []).map(async (path) => ({ path, text: await readOptionFile(path, 'dictionary', cwd) })));
  const protect = [...(options.protect ?? [])];
  for (const file of options.protectFile ?? []) {
    for (const line of (await readOptionFile(file, 'protect file', cwd)).split(/\r?\n/)) {
      const term = line.trim();
      if (term && !term.startsWith('#')) protect.push(term);
    }
  }
  return { dictionaries, protect };
}

/**
 * A document that a user dictionary entry would change the structure of (dictionary-risk.ts) is refused before
 * anything is written, naming the entry and the input, rather than written broken. The format is the one each
 * input is converted as: by `--format`, its extension, or its first bytes (an Office file or EPUB without its
 * extension, or named .txt). Streams (standard input, a FIFO) cannot be read ahead: the pipeline refuses those
 * when their content shows a document. Null when nothing is at risk.
 */
async function documentsBrokenBy(spec: TransformSpec, inputs: readonly { path: string; location: string; stream: boolean }[] | null,
  transform: TextTransform): Promise<string | null> {
  const risk = transform.structureRisk;
  if (!risk) return null;
  await loadFormatsFor(spec.format, inputs ? inputs.map((input) => input.path) : [null]);
  for (const input of inputs ?? [null]) {
    const path = input?.path ?? null;
    const named = inputFormat(spec.format, path);
    if (named !== 'text') {
      await loadDocuments(); // to tell a zip container (isBinaryFormat)
      return structureRiskMessage(path ?? 'standard input', named, risk, { binary: isBinaryFormat(named) });
    }
    if (spec.format !== 'auto' || !input || input.stream) continue;
    const byContent = await formatByContent(named, await head(input.location));
    if (byContent !== 'text') return structureRiskMessage(path!, byContent, risk, { byContent: true, binary: isBinaryFormat(byContent) });
  }
  return null;
}

/** The first bytes of a file, as much as the pipeline samples to tell its format (empty when it cannot be read). */
async function head(location: string): Promise<Uint8Array> {
  const handle = await open(location, 'r').catch(() => null);
  if (!handle) return new Uint8Array(0); // reported where the file is converted
  try {
    const buffer = Buffer.alloc(SAMPLE_SIZE);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_SIZE, 0);
    return buffer.subarray(0, bytesRead);
  } catch {
    return new Uint8Array(0);
  } finally {
    await handle.close();
  }
}

/**
 * A file found in a folder that ends in the --backup suffix is a backup, skipped, when its original is beside it (or
 * the original's --rename name). One without is not known to be a backup: with `--backup .txt` every `a.txt` was
 * skipped as one and nothing converted, exit 0. It becomes a failure naming the file and the fix (exit 1): never
 * converted (it may be the only copy of an original renamed or removed since), never silently left out.
 */
async function orphanBackups(inputs: CollectedInputs, suffix: string, rename: ((name: string) => string) | null, cwd: string): Promise<void> {
  const exists = (path: string) => lstat(path).then(() => true, () => false);
  const kept: CollectedInputs['skipped'] = [];
  for (const skip of inputs.skipped) {
    const location = resolve(cwd, skip.path);
    const original = location.slice(0, -suffix.length);
    if (!location.endsWith(suffix) || !skip.why.startsWith('a backup') || await exists(original) ||
      (rename && await exists(join(dirname(original), rename(basename(original)))))) {
      kept.push(skip);
      continue;
    }
    inputs.failed.push({
      path: skip.path, why: `${skip.path} ends in the --backup suffix ${suffix}, but ${basename(original)}, the file it would be the ` +
        `backup of, is not beside it; it was not converted. If it is not a backup, choose a --backup suffix that no input ends in ` +
        `(e.g. .orig); if it is, move it out of the folder`,
    });
  }
  inputs.skipped.splice(0, inputs.skipped.length, ...kept);
}

/** --jobs, or by default one thread per core as long as each has enough input to be worth starting. */
function jobCount(value: string | undefined, totalBytes: number, log: Logger | null): number {
  if (value === undefined) return defaultJobs(totalBytes);
  // Decimal digits only: Number() also reads "0x10", "1e1", "2.0" and " 2" (as --max-depth is checked).
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--jobs needs a positive whole number, not ${JSON.stringify(value)}`);
  if (n > maxJobs()) {
    log?.warn(`--jobs ${n} lowered to ${maxJobs()} (${availableParallelism()} cores; each thread loads its own dictionaries)`);
    return maxJobs();
  }
  return n;
}

/** --explain: one line per change on standard error. */
function noteLines(path: string, text: string, notes: readonly ChangeNote[], firstLine: number): string {
  const at = positions(text);
  return notes.map((note) => {
    if (note.where !== undefined) return `${path}:${note.where}: ${note.from} → ${note.to}  (${note.detail})\n`;
    const { line, column } = at(note.index);
    return `${path}:${line + firstLine - 1}:${column}: ${note.from} → ${note.to}  (${note.detail})\n`;
  }).join('');
}

/** Run a file-processing command; returns the exit code. */
export async function runFileCommand(argumentPaths: readonly string[], options: FileCommandOptions, spec: TransformSpec,
  { io: cli, log }: CommandContext): Promise<number> {
  const paths = [...(options.input ?? []), ...argumentPaths]; // -i FILE is opencc's way of naming an input
  const io = ioOptions(options);
  const maxInput = maxInputOf(options);
  const asked = jobCount(options.jobs, 0, null); // validate before any work
  const hooks = writerHooks(cli.env);
  // Workers on files: they start now (or have started in bin/fanjian.js: those of an explicit --jobs, or of the
  // default for the large files named), loading while this thread loads and walks the inputs.
  const earlyCount = options.jobs !== undefined ? asked - 1 : cli.workers?.length ?? 0;
  const early = earlyCount > 0 && !isStdin(paths) && !spec.explain
    ? new WorkerPool({ spec, io, maxInput, hooks }, earlyCount, cli.workers) : null;
  try {
    const transform = createTransform(spec); // also validates the dictionaries before any work starts
    log.quiet = options.quiet ?? false;
    const explain = spec.explain
      ? (path: string, text: string, notes: readonly ChangeNote[], firstLine: number) => log.raw(noteLines(path, text, notes, firstLine)) : null;

    if (isStdin(paths)) {
      const unsafe = await documentsBrokenBy(spec, null, transform);
      if (unsafe) return refuse([unsafe], log, 'the dictionaries');
      const mode = outputMode([], options, false);
      const stdinInput: InputFile = { path: 'standard input', location: '', relative: '', root: null, size: 0, link: false, stream: true };
      const plan = await planOutputs({ files: [stdinInput], skipped: [], failed: [], folders: [], roots: [] }, mode, transform.rename, cli.cwd);
      if (plan.problems.length) return refuse(plan.problems, log);
      const progress = log.progress(null, null, (cli.stdin as { isTTY?: boolean }).isTTY === true);
      const source = stdinSource(cli, (bytes) => progress.advance(bytes));
      try {
        await convertSource(source, plan.inputs[0]!.target, {
          io, transform, format: inputFormat(spec.format, null), maxInput, hooks, stdout: cli.stdout,
          ...(explain ? { onNotes: (text: string, notes: readonly ChangeNote[], firstLine: number) => explain('-', text, notes, firstLine) } : {}),
          onWarning: (message) => log.warn(message),
        });
        progress.finish();
        if (progress.shown && !log.quiet) log.error(`standard input converted: ${throughput(progress.bytes, progress.elapsed())}`);
        return EXIT.ok;
      } catch (error) {
        progress.finish();
        log.error(error instanceof InputError ? error.message : `standard input: ${messageOf(error)}`);
        return EXIT.inputFailed;
      }
    }

    const mode0 = { outDir: options.outDir ? resolve(cli.cwd, options.outDir) : undefined };
    const inputs = await collectInputs(paths, { extensions: options.ext ?? [], globs: options.glob ?? [] }, cli.cwd, {
      ...(options.inPlace && options.backup ? { backupSuffix: options.backup } : {}),
      ...(mode0.outDir ? { outDir: await realpathOrSelf(mode0.outDir) } : {}),
    });
    const mode = outputMode(paths, options, inputs.roots.length > 0);
    if (options.inPlace && options.backup) await orphanBackups(inputs, options.backup, options.rename ? transform.rename : null, cli.cwd);
    for (const s of inputs.skipped) log.warn(`skipped ${s.path}: ${s.why}`);
    const plan = await planOutputs(inputs, mode, transform.rename, cli.cwd);
    if (plan.problems.length) return refuse(plan.problems, log);
    const unsafe = await documentsBrokenBy(spec, plan.inputs, transform);
    if (unsafe) return refuse([unsafe], log, 'the dictionaries');
    for (const s of plan.skipped) log.warn(`skipped ${s.path}: ${s.why}`);
    const metadataFailures = mode.kind === 'in-place' && !options.force ? await inPlaceRefusals(plan.inputs) : new Map<string, string>();
    const files = plan.inputs.filter((input) => !metadataFailures.has(input.path));
    const totalBytes = files.reduce((sum, f) => sum + f.size, 0);
    const progress = log.progress(totalBytes, files.length);
    const results = await runFiles(files, { spec, io, maxInput, hooks }, {
      jobs: spec.explain ? 1 : jobCount(options.jobs, totalBytes, log), // notes are printed by this thread, in order
      stdout: cli.stdout,
      workersOnly: cli.env.FANJIAN_TEST_WORKERS_ONLY === '1',
      ...(explain ? { onNotes: explain } : {}),
      onRead: (bytes) => progress.advance(bytes),
      onResult: (result) => progress.advance(result.skipped || result.error ? result.bytesIn : 0, 1),
    }, early);
    progress.finish();
    for (const [path, why] of metadataFailures) results.push({ path, target: path, bytesIn: 0, bytesOut: 0, error: why });
    for (const f of inputs.failed) results.push({ path: f.path, target: null, bytesIn: 0, bytesOut: 0, error: f.why });
    if (plan.folders.length) await renameFolders(plan.folders, results);
    return summarize(results, inputs.skipped.length + plan.skipped.length, log, progress);

  } finally {
    await early?.shrink(0); // workers not used (an early return, an error)
  }
}

/** "12.0 MiB in 2.1 s (5.7 MiB/s)": the bytes converted (not those of failed or skipped inputs) and the time. */
function throughput(bytes: number, seconds: number): string {
  return `${byteSize(bytes)} in ${duration(seconds)}` + (seconds > 0 ? ` (${byteSize(bytes / seconds)}/s)` : '');
}

async function realpathOrSelf(path: string): Promise<string> {
  return realpath(path).catch(() => path);
}

/** Conflicts of the output plan (or the dictionaries): all listed, nothing written. */
function refuse(problems: readonly string[], log: Logger, what = 'the output names'): number {
  for (const problem of problems.slice(0, 20)) log.error(problem);
  if (problems.length > 20) log.error(`… and ${problems.length - 20} more`);
  log.error(`nothing was written (${problems.length} problem${problems.length > 1 ? 's' : ''} with ${what})`);
  return EXIT.usage;
}

/**
 * Files --in-place refuses without --force: read-only files (the owner asked not to change them) and files with
 * several hard links (the other names would keep the old text).
 */
async function inPlaceRefusals(inputs: readonly { path: string; location: string; stream: boolean }[]): Promise<Map<string, string>> {
  const refused = new Map<string, string>();
  const infos = await Promise.all(inputs.map((input) => stat(input.location).catch(() => null)));
  for (const [i, input] of inputs.entries()) {
    const info = infos[i];
    if (!info || !info.isFile()) continue;
    if ((info.mode & 0o222) === 0) {
      refused.set(input.path, `${input.path} is read-only; not rewritten (pass --force to rewrite it, keeping its mode)`);
    } else if (info.nlink > 1) {
      refused.set(input.path, `${input.path} has ${info.nlink} hard links; rewriting it would leave the other names with the old text ` +
        '(pass --force to rewrite this name only)');
    }
  }
  return refused;
}

/** --in-place --rename: after the files, rename their folders, deepest first (the plan checked the names). */
async function renameFolders(folders: readonly FolderRename[], results: FileResult[]): Promise<void> {
  for (const folder of folders) {
    if (await stat(folder.to).catch(() => null)) {
      results.push({ path: folder.path, target: folder.to, bytesIn: 0, bytesOut: 0, error: `${folder.path}: cannot rename to ${folder.to}, which appeared meanwhile` });
      continue;
    }
    await rename(folder.from, folder.to).catch((error: unknown) =>
      results.push({ path: folder.path, target: folder.to, bytesIn: 0, bytesOut: 0, error: `${folder.path}: cannot rename: ${messageOf(error)}` }));
  }
}

/**
 * The end of a job: warnings, failures, and a one-line summary (converted, skipped, failed, bytes, time) when
 * something failed or was skipped, or when the job was long enough to show a progress line (not with --quiet,
 * except for failures).
 */
function summarize(results: readonly FileResult[], skippedInputs: number, log: Logger, progress: Progress): number {
  const failed = results.filter((r) => r.error);
  const skipped = results.filter((r) => r.skipped);
  for (const r of results) for (const warning of r.warnings ?? []) log.warn(warning);
  for (const r of skipped) log.warn(`skipped ${r.path}: ${r.skipped}`);
  for (const r of failed) log.error(r.error!);
  const converted = results.length - failed.length - skipped.length;
  const bytes = results.reduce((sum, r) => (r.error || r.skipped ? sum : sum + r.bytesIn), 0);
  if (failed.length || (!log.quiet && (skipped.length || skippedInputs || progress.shown))) {
    log.error(`${converted} converted, ${skipped.length + skippedInputs} skipped, ${failed.length} failed; ${throughput(bytes, progress.elapsed())}` +
      (failed.length ? ':\n' + failed.map((r) => `  ${r.path}`).join('\n') : ''));
  }
  return failed.length ? EXIT.inputFailed : EXIT.ok;
}
