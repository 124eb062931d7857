/** `fanjian list`: the configurations with their descriptions. */
import type { Command } from 'commander';
import { CONFIGS } from '../../node/index.js';
import { EXIT } from '../errors.js';

export function registerList(program: Command, run: (action: () => Promise<number>) => Promise<void>): void {
  program
    .command('list')
    .description('list the configurations')
    .action(() =>
      run(async () => {
        const width = Math.max(...CONFIGS.map((c) => c.name.length));
        for (const c of CONFIGS) process.stdout.write(`${c.name.padEnd(width)}  ${c.description}\n`);
        return EXIT.ok;
      }));
}
