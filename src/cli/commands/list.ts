/** `fanjian list`: the configurations with their descriptions. */
import type { Command } from 'commander';
import { CONFIGS } from '../../node/index.js';
import { writeTo, type CommandContext } from '../cli-io.js';
import { EXIT } from '../errors.js';

export function registerList(program: Command, exec: (action: () => Promise<number>) => Promise<void>, { io }: CommandContext): void {
  program
    .command('list')
    .description('list the configurations')
    .action(() =>
      exec(async () => {
        const width = Math.max(...CONFIGS.map((c) => c.name.length));
        await writeTo(io.stdout, CONFIGS.map((c) => `${c.name.padEnd(width)}  ${c.description}\n`).join(''));
        return EXIT.ok;
      }));
}
