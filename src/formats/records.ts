/**
 * Record formats (JSON Lines, CSV, TSV): text cut into records whose chosen fields are converted one by one, read
 * incrementally so that memory holds one record, not the file. A RecordConverter takes the text in chunks of any
 * size and returns the output as far as complete records allow; the output equals converting each record's chosen
 * text, however the input is cut. Everything outside the chosen text is copied byte for byte.
 */
import { FanjianError } from '../index.js';
import type { Extraction } from './format.js';

export interface RecordOptions {
  /** Pass a malformed record through unchanged (and report it to onWarning) instead of failing. */
  readonly lenient?: boolean;
  /** Told about every malformed record passed through under `lenient`. */
  readonly onWarning?: (message: string) => void;
  /** Largest record held in memory, in UTF-16 units (default 64 Mi): beyond, the input is refused. */
  readonly maxRecord?: number;
  /**
   * Converts the values of many records at once (default: each alone with `convert`); must return exactly what
   * converting each alone returns. See batchConvert for fanjian's converters.
   */
  readonly convertMany?: (texts: readonly string[]) => string[];
}

/** What to convert in records, for any record format: JSON paths for JSON Lines, columns for CSV and TSV. */
export interface RecordFormatOptions extends RecordOptions {
  /** JSON Lines: paths of the values to convert (see JsonlOptions.fields). */
  readonly fields?: readonly string[];
  /** CSV, TSV: the columns to convert, 1-based numbers or header names (see CsvOptions.columns). */
  readonly columns?: readonly (string | number)[];
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

/** A record waiting for its values' conversion: the values, and how to write the record from their conversions. */
export interface PendingRecord {
  readonly values: readonly string[];
  write(converted: readonly string[]): string;
}

/** Convert the values of complete records together, then write the records in order. */
export function writeRecords(records: readonly PendingRecord[], convertMany: (texts: readonly string[]) => string[]): string {
  const values: string[] = [];
  for (const record of records) for (const value of record.values) values.push(value);
  const converted = values.length ? convertMany(values) : values;
  const out: string[] = [];
  let at = 0;
  for (const record of records) {
    const n = record.values.length;
    out.push(record.write(n === 0 ? NONE : converted.slice(at, at + n)));
    at += n;
  }
  return out.join('');
}

const NONE: readonly string[] = [];

/** A noncharacter: in no dictionary, never in interchanged text. */
const SEPARATOR = '\uffff';
const IDEOGRAPHIC_DESCRIPTION = /[\u2ff0-\u2fff]/;

/**
 * Many texts converted by one call of a fanjian converter, joined by U+FFFF and split again: one conversion instead
 * of thousands of tiny ones. Exact because no dictionary key holds U+FFFF, so no match crosses it (as no match
 * crosses a line break, which is why converting a text line by line equals converting it whole). Texts holding
 * U+FFFF or an ideographic description character (whose sequence could take the separator as an operand) are
 * converted one by one; so is everything when `exact` is false (a user dictionary holding U+FFFF).
 */
export function batchConvert(convert: (text: string) => string, exact = true): (texts: readonly string[]) => string[] {
  return (texts) => {
    if (!exact || texts.length < 2) return texts.map(convert);
    const joined = texts.join(SEPARATOR);
    if (IDEOGRAPHIC_DESCRIPTION.test(joined)) return texts.map(convert);
    // A text holding U+FFFF adds a separator that no conversion removes: more parts than texts, so each alone.
    const parts = convert(joined).split(SEPARATOR);
    return parts.length === texts.length ? parts : texts.map(convert);
  };
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

/** extract() of a record format: such documents convert through records(), never as ranges. */
export function recordsOnly(format: string): () => Extraction {
  return () => {
    throw new FanjianError('UNSUPPORTED_FORMAT',
      `${format} documents convert record by record (convertDocument, or the format's records()), not through extract().`);
  };
}

/** Options meant for another record format are a mistake worth saying (--field on a CSV file). */
export function onlyFor(format: string, options: RecordFormatOptions, wrong: 'fields' | 'columns', right: string): void {
  if (options[wrong]?.length) {
    throw new FanjianError('INVALID_OPTION', `${format} records have ${right}, not ${wrong} (--${wrong === 'fields' ? 'field' : 'column'}).`);
  }
}
