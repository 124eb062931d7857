/** `fanjian convert -c CONFIG [PATH...]` (the default command). */
import type { Command } from 'commander';
import { looseConfigName } from '../../configs.js';
import { CONFIG_NAMES, type ConfigName } from '../../node/index.js';
import type { CommandContext } from '../cli-io.js';
import { UsageError } from '../errors.js';
import { addFileOptions, commonSpec, overrides, runFileCommand, type FileCommandOptions } from '../file-command.js';

/** The -c value: a configuration name, in any case, or OpenCC's file name for it (`-c s2t.json`, as opencc takes). */
export function configName(value: string | undefined): ConfigName {
  if (value === undefined) throw new UsageError(`choose a configuration with -c; one of: ${CONFIG_NAMES.join(', ')} (see "fanjian list")`);
  const name = looseConfigName(value);
  if (!name) {
    throw new UsageError(`unknown configuration "${value}"; valid configurations: ${CONFIG_NAMES.join(', ')} (see "fanjian list")`);
  }
  return name;
}

export function registerConvert(program: Command, exec: (action: () => Promise<number>) => Promise<void>, context: CommandContext): void {
  const command = program
    .command('convert', { isDefault: true })
    .description('convert files, folders or standard input with an OpenCC configuration')
    .argument('[paths...]', 'files or folders; none (or "-") reads standard input')
    .option('-c, --config <name>', `configuration: ${CONFIG_NAMES.join(' ')}`);
  addFileOptions(command).action((paths: string[], options: FileCommandOptions & { config?: string }) =>
    exec(async () => {
      const config = configName(options.config);
      const { dictionaries, protect } = await overrides(options, context.io.cwd);
      return runFileCommand(paths, options, { kind: 'convert', config, dictionaries, protect, ...commonSpec(options) }, context);
    }));
}
