/**
 * Options that take one of a few names (--encoding, --format, --quotes…): matched in any case, with the spellings
 * people type for encodings (utf-8, UTF-16LE) and a "did you mean" for typos. commander's own `.choices()` matches
 * exactly, so `-e UTF-8` was refused.
 */
import { InvalidArgumentError, Option } from 'commander';
import { closestName } from '../suggest.js';

/** Names of the same encoding under another name (spellings that differ by case, `-` or `_` match already). */
const ALIASES: Readonly<Record<string, string>> = { cp936: 'gbk', cp950: 'big5' };

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
