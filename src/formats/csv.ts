/**
 * CSV (RFC 4180) and TSV, read by a streaming tokenizer: a record is held until it is complete (a quoted field
 * may hold delimiters and line breaks), its chosen fields are converted, and the record is written back with
 * every other byte as it was. A changed field keeps its quoting (a quoted field stays quoted, with "" for a
 * quote; an unquoted one is quoted only if it now needs it).
 *
 * CSV: fields quoted with "…" when they need it; a quote inside an unquoted field is an ordinary character (as
 * Python's csv and spreadsheets read it). Malformed: text after a closing quote (`"ab"c,`), and a quote never
 * closed. TSV (IANA text/tab-separated-values): no quoting at all — a quote is text — so every line is a record.
 * Records end at LF, CRLF or a lone CR.
 *
 * The scan is linear and allocates nothing per field but the values it converts: field bounds live in typed
 * arrays, the values of every record a chunk completes are converted together (convertMany), and the output is the
 * text between the changed fields with their conversions (200 MB used 32 s of CPU with an object per field and a
 * closure per record).
 */
import { FanjianError } from '../index.js';
import type { TextFormat } from './format.js';
import {
  DEFAULT_MAX_RECORD, invalidRecord, onlyFor, recordsOnly, tooLong, type RecordConverter, type RecordOptions,
} from './records.js';

export interface CsvOptions extends RecordOptions {
  /**
   * The columns to convert: 1-based numbers, or names from the header (the first record). Default: every field
   * of every record (the header too).
   */
  readonly columns?: readonly (string | number)[];
  /** Whether the first record is a header, copied unchanged (default: when a column is chosen by name). */
  readonly header?: boolean;
  /** Field delimiter: ',' for CSV, '\t' for TSV, or any single character other than a quote or line break. */
  readonly delimiter?: string;
  /** Whether "…" quotes fields (default: true for CSV, false for TSV). */
  readonly quoted?: boolean;
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted field: "" (an escaped quote) or the closing quote. */
  QuoteInQuoted,
  /** After the closing quote: a delimiter or the end of the record must follow. */
  AfterClose,
  /** The rest of a malformed field, up to the next delimiter or line break. */
  Junk,
}

function lineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) count++;
    else if (c === CR && text.charCodeAt(i + 1) !== LF) count++;
  }
  return count;
}

/** The converter of a CSV or TSV text (see RecordConverter). `format` names it in messages ('CSV', 'TSV'). */
export function csvConverter(convert: (text: string) => string, options: CsvOptions = {}, format = 'CSV'): RecordConverter {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new FanjianError('INVALID_OPTION', `A ${format} delimiter is one character other than a quote or a line break, not ${JSON.stringify(delimiter)}.`);
  }
  const delimiterCode = delimiter.charCodeAt(0);
  const quoted = options.quoted ?? delimiter !== '\t';
  const columns = options.columns ?? [];
  const byName = columns.some((c) => typeof c === 'string');
  for (const c of columns) {
    if (typeof c === 'number' && (!Number.isInteger(c) || c < 1)) {
      throw new FanjianError('INVALID_OPTION', `${format} columns are numbered from 1, not ${c}.`);
    }
  }
  const maxRecord = options.maxRecord ?? DEFAULT_MAX_RECORD;
  const convertMany = options.convertMany ?? ((texts: readonly string[]) => texts.map(convert));
  /** Whether each 0-based column is converted; null: every column. Known after the header when chosen by name. */
  let chosen: boolean[] | null = columns.length === 0 || byName ? null : columnFlags(columns.map((c) => (c as number) - 1));
  let awaitingHeader = options.header ?? byName;
  /** The most fields of any record: a numbered column that no record reaches is a mistake, told at the end. */
  let widest = 0;
  const highestColumn = byName ? 0 : Math.max(0, ...columns.map(Number));

  let pending = '';
  let i = 0; // scan position in pending
  let recordStart = 0;
  let state = State.FieldStart;
  let fieldStart = 0;
  let fieldQuoted = 0;
  /** The fields of the record being read: start, end (in pending), and 1 when quoted, three numbers a field. */
  let fields = new Int32Array(48);
  let fieldCount = 0;
  let malformed: string | null = null;
  let malformedLine = 0;
  let lineNumber = 1; // line on which the current record starts
  /** Line breaks inside the quoted fields of the current record. */
  let quotedBreaks = 0;

  // The values of the complete records of a push, then written back: for each value, its field's start, end,
  // quoting, column and record line, in `spans` (five numbers a value), and its text in `values`.
  let values: string[] = [];
  let spans = new Int32Array(5 * 256);

  /** Mark the record malformed, naming the line of `at`. */
  const fail = (why: string, at: number) => {
    if (malformed === null) {
      malformed = why;
      malformedLine = lineNumber + lineBreaks(pending.slice(recordStart, at));
    }
  };

  const encode = (value: string, wasQuoted: boolean, column: number, line: number): string => {
    if (!quoted) {
      if (value.includes(delimiter) || /[\r\n]/.test(value)) {
        throw new FanjianError('INVALID_DOCUMENT', `line ${line}: the conversion put a delimiter or line break into column ${column + 1}, which unquoted ${format} cannot hold`, { line });
      }
      return value;
    }
    const needs = wasQuoted || value.includes(delimiter) || /["\r\n]/.test(value);
    return needs ? `"${value.replaceAll('"', '""')}"` : value;
  };

  /** The text of field k of the current record (quotes removed, "" read as "). */
  const fieldText = (k: number): string => {
    const start = fields[3 * k]!, end = fields[3 * k + 1]!;
    if (fields[3 * k + 2] === 0) return pending.slice(start, end);
    const inner = pending.slice(start + 1, end - 1);
    return inner.includes('"') ? inner.replaceAll('""', '"') : inner;
  };

  const header = () => {
    awaitingHeader = false;
    if (!byName) return;
    const names: string[] = [];
    for (let k = 0; k < fieldCount; k++) names.push(fieldText(k));
    const indices: number[] = [];
    for (const c of columns) {
      const index = typeof c === 'number' ? c - 1 : names.indexOf(c);
      if (index < 0) {
        throw new FanjianError('INVALID_OPTION',
          `No column named ${JSON.stringify(c)} in the ${format} header (line ${lineNumber}): ${names.map((n) => JSON.stringify(n)).join(', ')}.`);
      }
      indices.push(index);
    }
    chosen = columnFlags(indices);
  };

  const endField = (end: number) => {
    if (3 * fieldCount + 3 > fields.length) {
      const grown = new Int32Array(fields.length * 2);
      grown.set(fields);
      fields = grown;
    }
    fields[3 * fieldCount] = fieldStart;
    fields[3 * fieldCount + 1] = end;
    fields[3 * fieldCount + 2] = fieldQuoted;
    fieldCount++;
  };

  /** The record pending[recordStart, end) is complete: its chosen values are queued for conversion. */
  const finishRecord = (end: number, breaks: number) => {
    if (fieldCount > widest) widest = fieldCount;
    if (malformed !== null) {
      if (!options.lenient) throw invalidRecord(format, malformedLine, malformed);
      options.onWarning?.(`line ${malformedLine}: ${malformed}; record copied unchanged`);
    } else if (awaitingHeader) {
      header();
    } else {
      for (let k = 0; k < fieldCount; k++) {
        if (chosen !== null && chosen[k] !== true) continue;
        const at = 5 * values.length;
        if (at + 5 > spans.length) {
          const grown = new Int32Array(spans.length * 2);
          grown.set(spans);
          spans = grown;
        }
        spans[at] = fields[3 * k]!;
        spans[at + 1] = fields[3 * k + 1]!;
        spans[at + 2] = fields[3 * k + 2]!;
        spans[at + 3] = k;
        spans[at + 4] = lineNumber;
        values.push(fieldText(k));
      }
    }
    lineNumber += breaks + quotedBreaks;
    recordStart = end;
    fieldCount = 0;
    quotedBreaks = 0;
    malformed = null;
    state = State.FieldStart;
  };

  /** Scan as far as the text allows; `final` when no more text will come. */
  const scan = (final: boolean): void => {
    const text = pending;
    const n = text.length;
    while (i < n) {
      switch (state) {
        case State.FieldStart:
          fieldStart = i;
          if (quoted && text.charCodeAt(i) === QUOTE) {
            fieldQuoted = 1;
            state = State.Quoted;
            i++;
          } else {
            fieldQuoted = 0;
            state = State.Unquoted;
          }
          continue;
        case State.Quoted: {
          // Up to the next quote, counting the line breaks (a CR, or an LF that does not end a CRLF).
          let c = 0;
          for (; i < n; i++) {
            c = text.charCodeAt(i);
            if (c === QUOTE) break;
            if (c === CR || (c === LF && text.charCodeAt(i - 1) !== CR)) quotedBreaks++;
          }
          if (i < n) {
            i++;
            state = State.QuoteInQuoted;
          }
          continue;
        }
        case State.QuoteInQuoted:
          if (text.charCodeAt(i) === QUOTE) {
            state = State.Quoted;
            i++;
          } else state = State.AfterClose;
          continue;
        default: { // Unquoted, AfterClose, Junk: up to a delimiter or a line break
          const c = text.charCodeAt(i);
          if (c === delimiterCode) {
            endField(i);
            i++;
            state = State.FieldStart;
          } else if (c === LF || c === CR) {
            if (c === CR && i + 1 >= n && !final) return; // CRLF or a lone CR: the next chunk tells
            endField(i);
            const end = c === CR && text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
            i = end;
            finishRecord(end, 1);
          } else {
            if (state === State.AfterClose) {
              fail(`text after the closing quote of field ${fieldCount + 1}`, i);
              state = State.Junk;
            }
            i++;
          }
        }
      }
    }
  };

  /** Convert the queued values and write pending[0, until) with them. */
  const write = (until: number): string => {
    if (values.length === 0) return pending.slice(0, until);
    const converted = convertMany(values);
    let out = '';
    let at = 0;
    for (let v = 0; v < values.length; v++) {
      const text = converted[v]!;
      if (text === values[v]) continue;
      const s = 5 * v;
      out += pending.slice(at, spans[s]) + encode(text, spans[s + 2] === 1, spans[s + 3]!, spans[s + 4]!);
      at = spans[s + 1]!;
    }
    values = [];
    return out + pending.slice(at, until);
  };

  /** Drop what was written: the text before the record being read. */
  const compact = () => {
    if (recordStart === 0) return;
    pending = pending.slice(recordStart);
    i -= recordStart;
    fieldStart -= recordStart;
    for (let k = 0; k < 3 * fieldCount; k += 3) {
      fields[k]! -= recordStart;
      fields[k + 1]! -= recordStart;
    }
    recordStart = 0;
  };

  return {
    push(chunk) {
      pending += chunk;
      scan(false);
      const out = write(recordStart);
      compact();
      if (pending.length > maxRecord) throw tooLong(format, lineNumber, maxRecord);
      return out;
    },
    end() {
      scan(true);
      if (recordStart < pending.length || state !== State.FieldStart) {
        if (state === State.Quoted) fail(`the quote opened in field ${fieldCount + 1} is never closed`, fieldStart);
        if (state === State.FieldStart) {
          fieldStart = pending.length; // an empty last field after a delimiter
          fieldQuoted = 0;
          state = State.Unquoted;
        }
        endField(pending.length);
        finishRecord(pending.length, 0);
      }
      const out = write(pending.length);
      pending = '';
      i = recordStart = 0;
      if (widest > 0 && highestColumn > widest) {
        throw new FanjianError('INVALID_OPTION', `No record of this ${format} has a column ${highestColumn} (the widest has ${widest}); ` +
          `nothing in that column was converted. Columns are numbered from 1: check --column.`);
      }
      return out;
    },
  };
}

/** Flags by 0-based column index. */
function columnFlags(indices: readonly number[]): boolean[] {
  const flags: boolean[] = [];
  for (const index of indices) {
    while (flags.length <= index) flags.push(false);
    flags[index] = true;
  }
  return flags;
}

export const csvFormat: TextFormat = {
  name: 'csv',
  binary: false,
  extensions: ['csv'],
  description: 'CSV (RFC 4180): every field, or the columns of --column NAME|N; streamed',
  extract: recordsOnly('CSV'),
  records(convert, options) {
    onlyFor('CSV', options, 'fields', 'columns (--column NAME|N)');
    return csvConverter(convert, options, 'CSV');
  },
};

export const tsvFormat: TextFormat = {
  name: 'tsv',
  binary: false,
  extensions: ['tsv', 'tab'],
  description: 'TSV (tab-separated, unquoted): every field, or the columns of --column NAME|N; streamed',
  extract: recordsOnly('TSV'),
  records(convert, options) {
    onlyFor('TSV', options, 'fields', 'columns (--column NAME|N)');
    return csvConverter(convert, { ...options, delimiter: '\t' }, 'TSV');
  },
};
