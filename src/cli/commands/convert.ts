/** `fanjian convert -c CONFIG [PATH...]` (the default command). */
import type { Command } from 'commander';
import { looseConfigName, resolveConfig, suggestConfig } from '../../configs.js';
import { CONFIG_NAMES, FanjianError, type ConversionName } from '../../node/index.js';
import type { CommandContext } from '../cli-io.js';
import { UsageError } from '../errors.js';
import { isConfigFile, loadOpenccConfig } from '../opencc-config.js';
import { addFileOptions, commonSpec, overrides, runFileCommand, type FileCommandOptions } from '../file-command.js';

/**
 * The conversion -c or --from/--to ask for. -c takes a configuration or pair name in any case (S2TW, hk2tw),
 * OpenCC's file name for it (s2t.json, as opencc takes) or a BCP 47 tag naming the target (zh-tw); --from and
 * --to take locale codes (cn, tw, twp, hk, hkp, t, jp) or tags, and --to alone converts from the other script.
 */
export function configName(value: string | undefined, from?: string, to?: string): ConversionName {
  if (value !== undefined && (from !== undefined || to !== undefined)) throw new UsageError('give -c or --from/--to, not both');
  if (value === undefined && to === undefined) {
    if (from !== undefined) throw new UsageError('--from needs --to: the locale to convert into (e.g. --to zh-TW)');
    throw new UsageError(`choose a configuration with -c; one of: ${CONFIG_NAMES.join(', ')} (see "fanjian list"), ` +
      'or a target with --to (zh-TW, zh-HK, zh-CN, …)');
  }
  if (value !== undefined) {
    const name = looseConfigName(value);
    if (name) return name;
  }
  try {
    return resolveConfig(value !== undefined ? value : { ...(from !== undefined ? { from } : {}), to: to! }).name;
  } catch (error) {
    if (!(error instanceof FanjianError)) throw error;
    if (value === undefined) throw new UsageError(error.message.replace(/^Unknown `(\w+)`/, 'unknown --$1').replace(/\.$/, ''));
    const near = suggestConfig(value);
    throw new UsageError(`unknown configuration "${value}"${near ? ` (did you mean "${near}"?)` : ''}; valid configurations: ` +
      `${CONFIG_NAMES.join(', ')}, a pair of "fanjian list --pairs" or a BCP 47 tag such as zh-TW`);
  }
}

export function registerConvert(program: Command, exec: (action: () => Promise<number>) => Promise<void>, context: CommandContext): void {
  const command = program
    .command('convert', { isDefault: true })
    .description('convert files, folders or standard input with an OpenCC configuration')
    .argument('[paths...]', 'files or folders; none (or "-") reads standard input')
    .option('-c, --config <name>', `configuration: ${CONFIG_NAMES.join(' ')}, a pair (hk2tw…: "fanjian list --pairs"), a target tag (zh-TW), ` +
      'or an OpenCC JSON configuration file whose dictionaries are text files (e.g. ./my-s2t.json)')
    .option('--from <locale>', 'with --to: the source locale (cn, t, tw, twp, hk, hkp, jp, or zh-CN, zh-TW, zh-HK, zh-Hant…)')
    .option('--to <locale>', 'the target locale, as --from; alone, converts from the other script (see "fanjian list --help")');
  addFileOptions(command).action((paths: string[], options: FileCommandOptions & { config?: string; from?: string; to?: string }) =>
    exec(async () => {
      const { dictionaries, protect } = await overrides(options, context.io.cwd);
      if (options.config !== undefined && isConfigFile(options.config, looseConfigName(options.config) !== null)) {
        if (options.from !== undefined || options.to !== undefined) throw new UsageError('give -c or --from/--to, not both');
        const unsupported = [dictionaries.length && '--dict', protect.length && '--protect', options.explain && '--explain'].filter(Boolean);
        if (unsupported.length) {
          throw new UsageError(`${unsupported.join(', ')} work with the built-in configurations, not with an OpenCC configuration file ` +
            '(add your entries to a text dictionary of its chain)');
        }
        const chain = await loadOpenccConfig(options.config, context.io.cwd);
        return runFileCommand(paths, options, { kind: 'convert', config: 's2t', chain, dictionaries, protect, ...commonSpec(options) }, context);
      }
      const config = configName(options.config, options.from, options.to);
      return runFileCommand(paths, options, { kind: 'convert', config, dictionaries, protect, ...commonSpec(options) }, context);
    }));
}
