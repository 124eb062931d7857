/**
 * How much an input may take. Plain text streams in constant memory whatever its size; what must be held whole
 * (documents, repair, --explain, review, detect's summary) is refused above --max-input with an error saying so.
 */
import { availableParallelism } from 'node:os';
import { InputError, UsageError } from './errors.js';

/**
 * Memory for a text held whole is a multiple of its size: about 8× to convert a document, 50× to repair (measured
 * on 16 MB: 214 MB for HTML, 826 MB for repair), so the default keeps a repair under 2 GB.
 */
export const DEFAULT_MAX_INPUT = 32 * 1024 * 1024;

/**
 * A zip document (EPUB, Office) is held whole as bytes, but only its text parts are inflated and converted, each
 * bounded by --max-entry-size and --max-inflated-size; media are copied as they are. So it costs about its size
 * plus its text (a 50 MB DOCX: about 5× in all), and a document with pictures is commonly over 32 MB: it may be as
 * large as the larger of --max-input and this.
 */
export const MIN_MAX_CONTAINER = 512 * 1024 * 1024;

/** The largest zip document held whole, for a --max-input of `maxInput`. */
export const maxContainer = (maxInput: number) => Math.max(maxInput, MIN_MAX_CONTAINER);

/** At most this many threads per core for --jobs: beyond, threads only cost memory (each loads the dictionaries). */
export const MAX_JOBS_PER_CORE = 4;

export function maxJobs(): number {
  return Math.max(4, availableParallelism() * MAX_JOBS_PER_CORE);
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/** A size such as 512K, 64M, 2G or a number of bytes. */
export function parseSize(value: string, option: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || unit === undefined || Number(match[1]) <= 0) {
    throw new UsageError(`${option} needs a size such as 64M, 2G or 1000000, not ${JSON.stringify(value)}`);
  }
  return Math.floor(Number(match[1]) * unit);
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 ** 3 && bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3}G`;
  if (bytes >= 1024 ** 2 && bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2}M`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024}K`;
  return `${bytes} bytes`;
}

/**
 * A size of at least `bytes` in the largest unit that rounds it up by at most a quarter (40.3 MB → 41M,
 * 1.2 GB → 1229M, 4100 bytes → 5K), as parseSize reads it.
 */
export function sizeAtLeast(bytes: number): string {
  for (const [unit, name] of [[1024 ** 3, 'G'], [1024 ** 2, 'M'], [1024, 'K']] as const) {
    const count = Math.ceil(bytes / unit);
    if (bytes >= unit && (count * unit <= bytes * 1.25 || unit === 1024)) return `${count}${name}`;
  }
  return `${Math.max(1, Math.ceil(bytes))}`;
}

/**
 * An input larger than --max-input where it has to be held whole, or a document converted as it is read (`streamed`),
 * which the limit bounds too. `needed` is what the input is known to need at least (its size, or what was read of it
 * before the limit was hit): the suggested limit is never below it.
 */
export class LimitError extends InputError {
  constructor(name: string, limit: number, why: string, needed: number, complete: boolean, streamed = false) {
    super(name, `${name} is larger than --max-input ${formatSize(limit)}, ` +
      (streamed ? `which bounds ${why} even though it is converted as it is read; ` : `and ${why} needs it whole in memory; `) +
      `raise the limit (${complete ? 'e.g.' : 'to more than'} --max-input ${sizeAtLeast(Math.max(needed, limit + 1))}` +
      `${complete ? '' : ': it was not read to its end'}) if this machine has the memory`);
  }
}
