/**
 * Everything fanjian says on standard error goes through one Logger: errors (always), warnings (not with
 * --quiet), --explain notes, and the progress line, which is erased before any message and redrawn after.
 */
import type { Output } from './cli-io.js';
import { Progress } from './progress.js';

export class Logger {
  private progressLine: Progress | null = null;
  quiet = false;

  constructor(private readonly stream: Output) {}

  /** A failure: always shown. */
  error(message: string): void {
    this.raw(`fanjian: ${message}\n`);
  }

  /** Something the user should know but that did not fail (skipped files, clamped options). */
  warn(message: string): void {
    if (!this.quiet) this.raw(`fanjian: ${message}\n`);
  }

  /** Lines written as they are (--explain notes, commander's help on errors). */
  raw(text: string): void {
    this.progressLine?.clear();
    this.stream.write(text);
  }

  /**
   * A progress line for a job (drawn only on a terminal, without --quiet, and not while `typing`: the input is a
   * person at a terminal, whose typing the line would overwrite).
   */
  progress(totalBytes: number | null, totalFiles: number | null, typing = false): Progress {
    this.progressLine = new Progress({ stream: this.stream, enabled: !this.quiet && !typing && this.stream.isTTY === true, totalBytes, totalFiles });
    return this.progressLine;
  }
}
