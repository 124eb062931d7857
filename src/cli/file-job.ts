/** One input file of a job through the pipeline, its failure returned rather than thrown so the job goes on. */
import { SMALL_FILE, type WriterHooks } from './atomic-write.js';
import type { Output } from './cli-io.js';
import type { TextEncoding } from './encoding.js';
import { InputError, messageOf } from './errors.js';
import type { IoOptions } from './io-options.js';
import type { PlannedInput } from './output-plan.js';
import { convertSource, SkipInput } from './pipeline.js';
import { fileSource } from './source.js';
import type { DocumentFormat } from '../node/documents.js';
import type { ChangeNote, TextTransform } from './transform.js';
import type { BlockHelper } from './utf8-lines.js';

export interface FileResult {
  readonly path: string;
  readonly target: string | null;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly encoding?: TextEncoding;
  /** Set when the input was skipped on purpose (a binary file in a folder). */
  readonly skipped?: string;
  /** Set when the input failed. */
  readonly error?: string;
  /** Malformed records passed through under --lenient (the first ones). */
  readonly warnings?: readonly string[];
}

/** Warnings kept per file: a file with a million malformed records must not fill memory with messages. */
const MAX_WARNINGS = 20;

export interface FileJobContext {
  readonly transform: TextTransform;
  /** The document format of an input path. */
  readonly format: (path: string) => DocumentFormat;
  readonly io: IoOptions;
  readonly maxInput: number;
  readonly hooks: WriterHooks;
  /** Standard output (null in worker threads). */
  readonly stdout: Output | null;
  /** Told how many input bytes were read, as they are read (for progress). */
  readonly onRead?: (bytes: number) => void;
  /** Worker threads that convert blocks of a long UTF-8 text beside this one. */
  readonly blocks?: BlockHelper | null;
  /** With --explain: receives each input's text and the notes of its changes. */
  readonly onNotes?: (path: string, text: string, notes: readonly ChangeNote[], firstLine: number) => void;
}

/** Convert one planned input. */
export async function convertFile(input: PlannedInput, context: FileJobContext): Promise<FileResult> {
  const target = input.target.kind === 'stdout' ? null : input.target.path;
  const base = { path: input.path, target, bytesIn: input.size };
  let source;
  const warnings: string[] = [];
  let unreported = 0;
  const onWarning = (message: string) => (warnings.length < MAX_WARNINGS ? warnings.push(message) : unreported++);
  const withWarnings = <T extends object>(result: T): T & { warnings?: string[] } => {
    if (unreported) warnings.push(`${input.path}: … and ${unreported} more malformed records copied unchanged`);
    return warnings.length ? { ...result, warnings } : result;
  };
  try {
    // A small regular file is read whole with synchronous calls (source.ts).
    const small = !input.stream && input.size <= SMALL_FILE;
    source = await fileSource(input.location, input.path, { found: input.root !== null, small, ...(context.onRead ? { onRead: context.onRead } : {}) });
    const { encoding, bytesOut } = await convertSource(source, input.target, {
      io: context.io, transform: context.transform, format: context.format(input.path), maxInput: context.maxInput,
      hooks: context.hooks, stdout: context.stdout, onWarning, blocks: context.blocks ?? null,
      ...(context.onNotes ? { onNotes: (text: string, notes: readonly ChangeNote[], firstLine: number) => context.onNotes!(input.path, text, notes, firstLine) } : {}),
    });
    return withWarnings({ ...base, bytesOut, ...(encoding ? { encoding } : {}) });
  } catch (error) {
    if (error instanceof SkipInput) return { ...base, target: null, bytesOut: 0, skipped: error.message };
    return withWarnings({ ...base, bytesOut: 0, error: error instanceof InputError ? error.message : `${input.path}: ${messageOf(error)}` });
  } finally {
    await source?.close().catch(() => undefined);
  }
}
