/**
 * Record formats (JSON Lines, CSV, TSV): text cut into records whose chosen fields are converted one by one, read
 * incrementally so that memory holds one record, not the file. A RecordConverter takes the text in chunks of any
 * size and returns the output as far as complete records allow; the output equals converting each record's chosen
 * text, however the input is cut. Everything outside the chosen text is copied byte for byte.
 */
import { FanjianError } from '../index.js';

export interface RecordOptions {
  /** Pass a malformed record through unchanged (and report it to onWarning) instead of failing. */
  readonly lenient?: boolean;
  /** Told about every malformed record passed through under `lenient`. */
  readonly onWarning?: (message: string) => void;
  /** Largest record held in memory, in UTF-16 units (default 64 Mi): beyond, the input is refused. */
  readonly maxRecord?: number;
}

export const DEFAULT_MAX_RECORD = 64 * 1024 * 1024;

export interface RecordConverter {
  /** Take the next chunk; returns the output of the records it completed. */
  push(chunk: string): string;
  /** The input has ended: returns the output of what was held back. */
  end(): string;
}

/** A malformed record, named by its first line. */
export function invalidRecord(format: string, line: number, why: string): FanjianError {
  return new FanjianError('INVALID_DOCUMENT', `line ${line}: invalid ${format} record: ${why}`, { line });
}

export function tooLong(format: string, line: number, limit: number): FanjianError {
  return new FanjianError('INVALID_DOCUMENT',
    `line ${line}: a ${format} record longer than ${limit} characters (an unclosed quote?); nothing past it was converted`, { line });
}

/** A whole text through a record converter. */
export function convertRecords(converter: RecordConverter, text: string): string {
  return converter.push(text) + converter.end();
}

/** A RecordConverter as a web TransformStream<string, string>. */
export function recordStream(converter: RecordConverter): TransformStream<string, string> {
  return new TransformStream<string, string>({
    transform(chunk, controller) {
      const out = converter.push(chunk);
      if (out) controller.enqueue(out);
    },
    flush(controller) {
      const out = converter.end();
      if (out) controller.enqueue(out);
    },
  });
}
