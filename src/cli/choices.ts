/**
 * Options that take one of a few names (--encoding, --format, --quotes…): matched in any case, with the spellings
 * people type for encodings (utf-8, UTF-16LE) and a "did you mean" for typos. commander's own `.choices()` matches
 * exactly, so `-e UTF-8` was refused.
 */
import { InvalidArgumentError, Option } from 'commander';
import { closestName } from '../suggest.js';

/** Other spellings of a name, lower case, without the characters people vary (`-`, `_`, spaces). */
const ALIASES: Readonly<Record<string, string>> = { utf8: 'utf8', utf16le: 'utf16le', utf16be: 'utf16be', gb18030: 'gb18030', gbk: 'gbk', big5: 'big5', cp936: 'gbk', cp950: 'big5' };

const squash = (name: string) => name.trim().toLowerCase().replace(/[-_\s]/g, '');

/** The choice `value` names, or an InvalidArgumentError (commander reports it with the flag) listing the choices. */
export function matchChoice<T extends string>(value: string, choices: readonly T[]): T {
  const typed = squash(value);
  const found = choices.find((c) => squash(c) === typed) ?? choices.find((c) => c === ALIASES[typed]);
  if (found !== undefined) return found;
  const near = closestName(value, choices);
  throw new InvalidArgumentError(`${near ? `did you mean "${near}"? ` : ''}Valid (any case): ${choices.join(', ')}.`);
}

/** An option taking one of `choices`, shown in the help as commander shows choices. */
export function choiceOption<T extends string>(flags: string, description: string, choices: readonly T[], defaultValue: T): Option {
  return new Option(flags, `${description} (${choices.join(', ')})`).default(defaultValue).argParser((value: string) => matchChoice(value, choices));
}
