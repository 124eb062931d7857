/**
 * A progress line on stderr — files, bytes, rate, ETA — shown only on a terminal, only once a job has run for a
 * second, redrawn at most ten times a second, and replaced by the job's summary when it ends. Sizes are binary
 * (KiB, MiB, GiB: 1024-based, named so) and rates rounded.
 */

import type { Output } from './cli-io.js';

export interface ProgressOptions {
  readonly stream: Output;
  readonly enabled: boolean;
  readonly totalBytes: number | null;
  readonly totalFiles: number | null;
}

const SHOW_AFTER_MS = 1000;
const REDRAW_EVERY_MS = 100;
const BAR_WIDTH = 24;

/** A byte count for people: whole bytes, then KiB/MiB/GiB with one decimal (two for GiB). */
export function byteSize(bytes: number): string {
  const n = Math.max(0, bytes);
  if (n < 1024) return `${Math.round(n)} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

/** Seconds for people: tenths under a minute, then minutes and seconds. */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
}

export class Progress {
  private bytesDone = 0;
  private files = 0;
  private readonly started: number;
  private lastDraw = 0;
  private drawn = false;
  /** The line was drawn at least once: the job was long enough for its summary to be worth a line. */
  shown = false;

  constructor(private readonly options: ProgressOptions, private readonly now: () => number = Date.now) {
    this.started = now();
  }

  get bytes(): number {
    return this.bytesDone;
  }

  /** Seconds since the job started. */
  elapsed(): number {
    return (this.now() - this.started) / 1000;
  }

  advance(bytes: number, files = 0): void {
    this.bytesDone += bytes;
    this.files += files;
    if (!this.options.enabled) return;
    const now = this.now();
    if (now - this.started < SHOW_AFTER_MS || now - this.lastDraw < REDRAW_EVERY_MS) return;
    this.lastDraw = now;
    this.draw(now);
  }

  /** The line as drawn at `now`. */
  line(now = this.now()): string {
    const { totalBytes, totalFiles } = this.options;
    const seconds = Math.max(0.001, (now - this.started) / 1000);
    const rate = this.bytesDone / seconds;
    const parts: string[] = [];
    if (totalBytes) {
      const done = Math.min(1, this.bytesDone / totalBytes);
      const filled = Math.round(done * BAR_WIDTH);
      parts.push(`[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${(done * 100).toFixed(0).padStart(3)}%`);
    }
    // One file: its bytes tell the progress; "0/1 files" would not move until the end.
    if (totalFiles !== null && totalFiles > 1) parts.push(`${this.files}/${totalFiles} files`);
    parts.push(totalBytes ? `${byteSize(this.bytesDone)} of ${byteSize(totalBytes)}` : byteSize(this.bytesDone));
    parts.push(`${byteSize(rate)}/s`);
    if (totalBytes && rate > 0) parts.push(`ETA ${duration(Math.max(0, totalBytes - this.bytesDone) / rate)}`);
    return parts.join('  ');
  }

  private draw(now: number): void {
    const { stream } = this.options;
    // columns is 0 when the terminal does not report its size.
    stream.write(`\r${this.line(now).slice(0, Math.max(20, (stream.columns || 80) - 1))}\x1b[K`);
    this.drawn = true;
    this.shown = true;
  }

  /** Erase the line (before a message; the next advance draws it again). */
  clear(): void {
    if (this.drawn) this.options.stream.write('\r\x1b[K');
    this.drawn = false;
  }

  finish(): void {
    this.clear();
  }
}
