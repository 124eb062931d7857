/**
 * A progress line on stderr — files, bytes, rate, ETA — shown only on a terminal, only once a job has run for a
 * second, redrawn at most ten times a second, and erased when the job ends.
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

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  return `${Math.floor(seconds / 60)}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
}

export class Progress {
  private bytes = 0;
  private files = 0;
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly options: ProgressOptions) {}

  advance(bytes: number, files = 0): void {
    this.bytes += bytes;
    this.files += files;
    if (!this.options.enabled) return;
    const now = Date.now();
    if (now - this.started < SHOW_AFTER_MS || now - this.lastDraw < REDRAW_EVERY_MS) return;
    this.lastDraw = now;
    this.draw(now);
  }

  private draw(now: number): void {
    const { totalBytes, totalFiles, stream } = this.options;
    const seconds = (now - this.started) / 1000;
    const rate = this.bytes / seconds;
    const parts: string[] = [];
    if (totalBytes) {
      const done = Math.min(1, this.bytes / totalBytes);
      const filled = Math.round(done * BAR_WIDTH);
      parts.push(`[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${(done * 100).toFixed(0).padStart(3)}%`);
    }
    if (totalFiles !== null) parts.push(`${this.files}/${totalFiles} files`);
    parts.push(totalBytes ? `${size(this.bytes)}/${size(totalBytes)}` : size(this.bytes));
    parts.push(`${size(rate)}/s`);
    if (totalBytes && rate > 0) parts.push(`ETA ${duration((totalBytes - this.bytes) / rate)}`);
    // columns is 0 when the terminal does not report its size.
    const line = parts.join('  ').slice(0, Math.max(20, (stream.columns || 80) - 1));
    stream.write(`\r${line}\x1b[K`);
    this.drawn = true;
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
