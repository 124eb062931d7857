/**
 * What the command line talks to: standard streams, environment and working folder. run(argv, io) takes them as
 * an object so that tests can run the CLI in process; the `fanjian` command passes the real process's.
 */

/** A writable stream as the CLI uses it (process.stdout, process.stderr, or a test's collector). */
export interface Output {
  write(chunk: Uint8Array | string, callback?: (error?: Error | null) => void): boolean;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface CliIo {
  readonly stdin: AsyncIterable<Uint8Array | string>;
  /** The descriptor behind `stdin` when it is the process's (0): a regular file there is read by position. */
  readonly stdinFd?: number;
  readonly stdout: Output;
  readonly stderr: Output;
  /** Environment variables (test hooks and limits are read from here, never from process.env directly). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The folder relative paths are resolved against. */
  readonly cwd: string;
  /** Worker threads bin/fanjian.js started for an explicit --jobs before this code loaded (see jobs.ts). */
  readonly workers?: readonly import('node:worker_threads').Worker[];
}

/** The real process's streams. */
export function processIo(workers: readonly import('node:worker_threads').Worker[] = []): CliIo {
  // Standard input is a getter: creating process.stdin loads the stream modules of its kind (a few milliseconds of
  // every start-up), and most commands read files.
  return { get stdin() { return process.stdin; }, stdinFd: 0, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), workers };
}

/** Write and wait until the stream has taken the bytes (so that memory stays bounded when the reader is slow). */
export function writeTo(output: Output, bytes: Uint8Array | string): Promise<void> {
  return new Promise((resolve, reject) => {
    output.write(bytes, (error) => (error ? reject(error) : resolve()));
  });
}

/** Standard input's chunks as bytes (a test may hand strings). */
export async function* stdinBytes(io: CliIo): AsyncGenerator<Uint8Array> {
  for await (const chunk of io.stdin) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}

/** What every command gets: the streams and the one logger of standard error. */
export interface CommandContext {
  readonly io: CliIo;
  readonly log: import('./logger.js').Logger;
}
