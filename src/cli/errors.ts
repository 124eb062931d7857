/** Exit codes and the two kinds of CLI failure: a usage error stops everything, an input error only that input. */

export const EXIT = {
  ok: 0,
  /** Some inputs failed; the others were still converted. */
  inputFailed: 1,
  /** Usage: unknown configuration, missing file, conflicting options. */
  usage: 2,
  interrupted: 130,
} as const;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure of one input (unreadable, undecodable, unwritable…), reported and counted without stopping the job. */
export class InputError extends Error {
  override readonly name: string = 'InputError';
  constructor(readonly path: string, message: string) {
    super(message);
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
