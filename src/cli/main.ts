/**
 * The fanjian command line. Each command lives in commands/; the file machinery they share is in
 * file-command.ts. Exit codes: 0 done, 1 some inputs failed, 2 usage error (see errors.ts).
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { removeTemporaries } from './atomic-write.js';
import { registerConvert } from './commands/convert.js';
import { registerDetect } from './commands/detect.js';
import { registerList } from './commands/list.js';
import { registerRepair } from './commands/repair.js';
import { registerReview } from './commands/review.js';
import { EXIT, messageOf, UsageError } from './errors.js';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const EXAMPLES = `
Examples:
  fanjian -c s2tw novel.txt                        Simplified → Taiwan Traditional, to standard output
  fanjian -c t2s < in.txt > out.txt                standard input to standard output (any size, streamed)
  fanjian -c s2twp -o out.txt in.txt               one file to another, with Taiwanese phrases (软件 → 軟體)
  fanjian -c s2hk --out-dir hk/ --rename books/    a folder tree into hk/, file names converted too
  fanjian -c tw2s --in-place --backup .orig docs/  rewrite files in place, keeping FILE.orig
  fanjian -c s2tw --ext srt,ass -e gbk subs/ -i    only subtitle files, read as GBK, rewritten as UTF-8
  fanjian -c s2tw --protect 于颖建 --dict my.txt a.txt   keep a name, add your own entries
  fanjian detect --lines page.txt                  which script each line is written in
  fanjian repair -t tw --explain -i article.txt    fix Simplified leftovers in Traditional text, listing each fix
  fanjian review -c s2tw book.txt                  the ambiguous spots (后 → 後/后) to check by hand
  fanjian -c s2tw --explain notes.txt              convert, listing every change on standard error
  fanjian list                                     the configurations
`;

let exitCode: number = EXIT.ok;

async function run(action: () => Promise<number>): Promise<void> {
  try {
    exitCode = await action();
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`fanjian: ${error.message}\n`);
      exitCode = EXIT.usage;
    } else {
      process.stderr.write(`fanjian: ${messageOf(error)}\n`);
      exitCode = EXIT.inputFailed;
    }
  }
}

function interrupted(): void {
  void removeTemporaries().finally(() => process.exit(EXIT.interrupted));
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('fanjian')
    .description('Convert Chinese text between Traditional and Simplified scripts and regional standards (OpenCC-exact)')
    .version(version, '-V, --version')
    .showHelpAfterError('(run "fanjian --help" for usage)')
    .addHelpText('after', EXAMPLES)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  registerConvert(program, run);
  registerRepair(program, run);
  registerDetect(program, run);
  registerReview(program, run);
  registerList(program, run);
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version'
        ? EXIT.ok : EXIT.usage;
    }
    throw error;
  }
  return exitCode;
}

process.on('SIGINT', interrupted);
process.on('SIGTERM', interrupted);
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(exitCode); // the reader went away (e.g. `| head`)
});
process.exitCode = await main(process.argv.slice(2));
