/** `fanjian list`: the configurations with their descriptions. */
import type { Command } from 'commander';
import { CONFIGS, PAIRS } from '../../node/index.js';
import { EXIT } from '../errors.js';

export function registerList(program: Command, run: (action: () => Promise<number>) => Promise<void>): void {
  program
    .command('list')
    .description('list the configurations')
    .action(() =>
      run(async () => {
        const width = Math.max(...[...CONFIGS, ...PAIRS].map((c) => c.name.length));
        for (const c of CONFIGS) process.stdout.write(`${c.name.padEnd(width)}  ${c.description}\n`);
        process.stdout.write('\nOther pairs, as opencc-js converts { from, to } (also --from/--to; any case):\n');
        for (const c of PAIRS) process.stdout.write(`${c.name.padEnd(width)}  ${c.description}\n`);
        process.stdout.write('\nBCP 47 tags name locales: zh-CN zh-SG zh-MY zh-Hans → cn, zh-TW → tw, zh-HK zh-MO → hk, ' +
          'zh-Hant → t, ja → jp; -c zh-TW (or --to zh-TW alone) converts from the other script.\n');
        return EXIT.ok;
      }));
}
