/** `fanjian list`: the configurations with their descriptions; `--pairs`: the other { from, to } pairs. */
import type { Command } from 'commander';
import { CONFIGS, PAIRS } from '../../node/index.js';
import { writeTo, type CommandContext } from '../cli-io.js';
import { EXIT } from '../errors.js';

export function registerList(program: Command, exec: (action: () => Promise<number>) => Promise<void>, { io }: CommandContext): void {
  program
    .command('list')
    .description('list the configurations (one per line: name, description)')
    .option('--pairs', 'list the other { from, to } pairs instead, converted as opencc-js converts them (hk2tw, s2jp, …)')
    .addHelpText('after', '\nLocales for --from/--to: cn t tw twp hk hkp jp, or BCP 47 tags: zh-CN zh-SG zh-MY zh-Hans → cn, ' +
      'zh-TW → tw, zh-HK zh-MO → hk, zh-Hant → t, ja → jp.\n-c zh-TW (or --to zh-TW alone) converts from the other script.')
    .action((options: { pairs?: boolean }) =>
      exec(async () => {
        const list = options.pairs ? PAIRS : CONFIGS;
        const width = Math.max(...list.map((c) => c.name.length));
        await writeTo(io.stdout, list.map((c) => `${c.name.padEnd(width)}  ${c.description}\n`).join(''));
        return EXIT.ok;
      }));
}
