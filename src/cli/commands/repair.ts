/** `fanjian repair -t tw [PATH...]`: make texts consistent in one script; same outputs as convert. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { localeOf } from '../../locales.js';
import { closestName } from '../../suggest.js';
import { REPAIR_TARGETS, type RepairTarget } from '../../node/index.js';
import type { CommandContext } from '../cli-io.js';
import { UsageError } from '../errors.js';
import { addFileOptions, commonSpec, overrides, runFileCommand, type FileCommandOptions } from '../file-command.js';

/** -t in any case, or as a BCP 47 tag (zh-TW → tw, zh-Hant → t, zh-CN → cn). */
function repairTarget(value: string): RepairTarget {
  const lower = value.trim().toLowerCase();
  const target = lower === 's' ? lower : localeOf(lower);
  if ((REPAIR_TARGETS as readonly string[]).includes(target ?? '')) return target as RepairTarget;
  const near = closestName(value, [...REPAIR_TARGETS, 'zh-TW', 'zh-HK', 'zh-Hant', 'zh-CN', 'zh-Hans']);
  throw new InvalidArgumentError(`${near ? `did you mean "${near}"? ` : ''}Valid: ${REPAIR_TARGETS.join(', ')} (any case) or zh-TW, zh-HK, zh-Hant, zh-CN.`);
}

export function registerRepair(program: Command, exec: (action: () => Promise<number>) => Promise<void>, context: CommandContext): void {
  const command = program
    .command('repair')
    .description('fix half-converted text: characters and lines left in the other script, with the smallest change')
    .argument('[paths...]', 'files or folders; none (or "-") reads standard input')
    .addOption(new Option('-t, --to <target>', `the script and standard to make the text consistent in: ${REPAIR_TARGETS.join(', ')}`)
      .argParser(repairTarget));
  addFileOptions(command, { dictionaries: false }).action((paths: string[], options: FileCommandOptions & { to?: RepairTarget }) =>
    exec(async () => {
      if (!options.to) throw new UsageError(`choose the target with -t; one of: ${REPAIR_TARGETS.join(', ')} (tw, hk, t: Traditional; cn, s: Simplified)`);
      const { protect } = await overrides(options, context.io.cwd);
      return runFileCommand(paths, options, { kind: 'repair', to: options.to, protect, ...commonSpec(options) }, context);
    }));
}
