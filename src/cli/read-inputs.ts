/**
 * For commands that only read (detect, review): the sources of the named files, of the files in named folders,
 * or of standard input, decoded by the same pipeline as convert. Skips and failures are reported, not thrown.
 */
import type { CliIo } from './cli-io.js';
import type { TextEncoding } from './encoding.js';
import { InputError, messageOf } from './errors.js';
import { collectInputs, type InputFilter } from './inputs.js';
import type { IoOptions } from './io-options.js';
import type { Logger } from './logger.js';
import { SkipInput, sourceEncoding } from './pipeline.js';
import { fileSource, stdinSource, type Source } from './source.js';

export type ReadResult =
  | { readonly path: string; readonly source: Source; readonly encoding: TextEncoding }
  | { readonly path: string; readonly skipped: string }
  | { readonly path: string; readonly error: string };

const errorOf = (path: string, error: unknown) => (error instanceof InputError ? error.message : `${path}: ${messageOf(error)}`);

async function opened(path: string, open: () => Promise<Source>, io: IoOptions): Promise<ReadResult> {
  let source: Source | null = null;
  try {
    source = await open();
    return { path, source, encoding: await sourceEncoding(source, io) };
  } catch (error) {
    await source?.close().catch(() => undefined);
    if (error instanceof SkipInput) return { path, skipped: error.message };
    return { path, error: errorOf(path, error) };
  }
}

/** Each input, opened with its encoding known; the caller reads the source (and closes it). */
export async function* readInputs(paths: readonly string[], io: IoOptions, filter: InputFilter, cli: CliIo): AsyncGenerator<ReadResult> {
  if (paths.length === 0 || (paths.length === 1 && paths[0] === '-')) {
    yield await opened('-', async () => stdinSource(cli), io);
    return;
  }
  const inputs = await collectInputs(paths, filter, cli.cwd);
  for (const skipped of inputs.skipped) yield { path: skipped.path, skipped: skipped.why };
  for (const failed of inputs.failed) yield { path: failed.path, error: failed.why };
  for (const input of inputs.files) {
    yield await opened(input.path, () => fileSource(input.location, input.path, { found: input.root !== null }), io);
  }
}

/** An opened input with its encoding. */
export type OpenedInput = Extract<ReadResult, { source: Source }>;

/**
 * Run `read` on each input in turn; failures and skips are reported through the logger (a failure of one input
 * does not stop the others). Resolves to whether any input failed.
 */
export async function forEachInput(paths: readonly string[], io: IoOptions, filter: InputFilter, cli: CliIo, log: Logger,
  read: (input: OpenedInput) => Promise<void>): Promise<boolean> {
  let failed = false;
  for await (const input of readInputs(paths, io, filter, cli)) {
    if ('error' in input) {
      log.error(input.error);
      failed = true;
    } else if ('skipped' in input) {
      log.warn(`skipped ${input.path}: ${input.skipped}`);
    } else {
      try {
        await read(input);
      } catch (error) {
        log.error(errorOf(input.path, error));
        failed = true;
      } finally {
        await input.source.close().catch(() => undefined);
      }
    }
  }
  return failed;
}
