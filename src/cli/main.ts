/**
 * The fanjian command line. run(argv, io) runs one command against the given streams and returns its exit code,
 * so that tests can run it in process; runProcess() is what bin/fanjian.js calls: the real process's streams,
 * signals and exit code. Each command lives in commands/; the file machinery they share is in file-command.ts.
 * Exit codes: 0 done, 1 some inputs failed, 2 usage error or refused plan (nothing done), 129 hung up (SIGHUP: the
 * terminal closed), 130 interrupted (SIGINT), 143 terminated (SIGTERM).
 */
import { resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { Command, CommanderError } from 'commander';
import { onTemporaryCount, removeTemporaries } from './atomic-write.js';
import { processIo, type CliIo, type CommandContext } from './cli-io.js';
import { registerConvert } from './commands/convert.js';
import { registerDetect } from './commands/detect.js';
import { registerList } from './commands/list.js';
import { registerRepair } from './commands/repair.js';
import { registerReview } from './commands/review.js';
import { EXIT, messageOf, UsageError } from './errors.js';
import { stopJobs } from './jobs.js';
import { Logger } from './logger.js';
import { fs } from './node-fs.js';
import { closestName } from '../suggest.js';

/** The signals that stop a run, each with its exit code: 128 + the signal's number, as shells report it. */
const STOPPING_SIGNALS = { SIGHUP: 129, SIGINT: EXIT.interrupted, SIGTERM: 143 } as const;
type StoppingSignal = keyof typeof STOPPING_SIGNALS;

const version = (JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const EXAMPLES = `
Examples:
  fanjian -c s2tw novel.txt                        Simplified → Taiwan Traditional, to standard output
  fanjian -c t2s < in.txt > out.txt                standard input to standard output (any size, streamed)
  fanjian -c s2twp -i in.txt -o out.txt            one file to another, with Taiwanese phrases (软件 → 軟體), as opencc
  tail -f app.log | fanjian -c s2t                 line by line: each line is written as soon as it is read
  fanjian -c /usr/share/opencc/s2twp.json a.txt    an OpenCC JSON configuration (its dictionaries as .txt)
  fanjian -c s2hk --out-dir hk/ --rename books/    a folder tree into hk/, file names converted too
  fanjian -c tw2s --in-place --backup .orig docs/  rewrite files in place, keeping FILE.orig
  fanjian -c s2tw --ext srt,ass -e gbk --in-place subs/   only subtitle files, read as GBK, rewritten as UTF-8
  fanjian -c s2tw --protect 于颖建 --dict my.txt a.txt   keep a name, add your own entries
  fanjian detect --lines page.txt                  which script each line is written in
  fanjian repair -t tw --explain --in-place article.txt   fix Simplified leftovers in Traditional text, listing each fix
  fanjian review -c s2tw book.txt                  the ambiguous spots (后 → 後/后) to check by hand
  fanjian -c s2tw --explain notes.txt              convert, listing every change on standard error
  fanjian list                                     the configurations
`;

/** Run the command line `argv` (without the program name) against `io`; resolves to the exit code. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const log = new Logger(io.stderr);
  const context: CommandContext = { io, log };
  let exitCode: number = EXIT.ok;
  const exec = async (action: () => Promise<number>): Promise<void> => {
    try {
      exitCode = await action();
    } catch (error) {
      log.error(messageOf(error));
      exitCode = error instanceof UsageError ? EXIT.usage : EXIT.inputFailed;
    }
  };
  const program = new Command('fanjian')
    .description('Convert Chinese text between Traditional and Simplified scripts and regional standards (OpenCC-exact)')
    .version(version, '-V, --version')
    .showHelpAfterError('(run "fanjian --help" for usage)')
    .addHelpText('after', EXAMPLES)
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => log.raw(text) });
  registerConvert(program, exec, context);
  registerRepair(program, exec, context);
  registerDetect(program, exec, context);
  registerReview(program, exec, context);
  registerList(program, exec, context);
  for (const command of program.commands) {
    command.exitOverride().configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => log.raw(text) })
      .showHelpAfterError(`(run "fanjian ${command.name()} --help" for usage)`);
  }
  const names = program.commands.map((c) => c.name());
  const args = [...argv];
  const first = args[0];
  // The default command takes paths, so a mistyped command would otherwise be read as a file name.
  if (first !== undefined && !first.startsWith('-') && !names.includes(first) && !fs.existsSync(resolve(io.cwd, first))) {
    const exact = names.find((n) => n === first.toLowerCase());
    const near = exact ?? closestName(first, names);
    if (exact) args[0] = exact;
    else if (near) {
      log.error(`unknown command "${first}" (did you mean "${near}"?); commands: ${names.join(', ')} (run "fanjian --help" for usage)`);
      return EXIT.usage;
    }
  }
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version'
        ? EXIT.ok : EXIT.usage;
    }
    throw error;
  }
  return exitCode;
}

/**
 * Signals: while no temporary file exists, SIGHUP, SIGINT and SIGTERM keep their default action and end the process
 * at once, even in the middle of a long conversion; while one exists (and while worker threads run), a handler stops
 * the job, removes the temporary files, prints a summary and exits with 129, 130 or 143. SIGHUP is among them
 * because closing the terminal of a running `fanjian --in-place` is as common as Ctrl-C. Whole
 * texts are converted before their temporary file is created, streamed conversion returns to the event loop
 * between chunks, and with workers this thread leaves long conversions to them (which stopJobs terminates at
 * once), so the handler runs promptly whenever it is installed.
 */
function handleSignals(): void {
  let stopping = false;
  const interrupted = (signal: StoppingSignal) => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      const summary = await stopJobs().catch(() => null);
      await removeTemporaries();
      // After SIGHUP the terminal may be gone: a failed write must not keep the process from exiting.
      process.stderr.on('error', () => {});
      process.stderr.write(`fanjian: interrupted by ${signal}: ${summary ?? 'nothing was left half-written'}; temporary files removed\n`);
      process.exit(STOPPING_SIGNALS[signal]);
    })();
  };
  let installed = false;
  onTemporaryCount((count) => {
    if (count > 0 && !installed) {
      for (const signal of Object.keys(STOPPING_SIGNALS) as StoppingSignal[]) process.on(signal, interrupted);
      installed = true;
    } else if (count === 0 && installed && !stopping) {
      for (const signal of Object.keys(STOPPING_SIGNALS) as StoppingSignal[]) process.off(signal, interrupted);
      installed = false;
    }
  });
}

/** The `fanjian` command: the process's arguments, streams, signals and exit code. */
export async function runProcess(workers: readonly Worker[] = []): Promise<void> {
  handleSignals();
  let exiting = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    // The reader went away (e.g. `| head`): stop quietly, removing any temporary file.
    if (error.code === 'EPIPE' && !exiting) {
      exiting = true;
      void removeTemporaries().finally(() => process.exit(process.exitCode ?? EXIT.ok));
    }
  });
  try {
    process.exitCode = await run(process.argv.slice(2), processIo(workers));
  } finally {
    await Promise.all(workers.map((w) => w.terminate())); // those the command did not use
  }
}
