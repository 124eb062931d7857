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
 */
import { FanjianError } from '../index.js';
import type { TextFormat } from './format.js';
import {
  DEFAULT_MAX_RECORD, invalidRecord, onlyFor, recordsOnly, tooLong, writeRecords, type PendingRecord, type RecordConverter,
  type RecordOptions,
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

interface Field {
  start: number;
  end: number;
  quoted: boolean;
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
  const hasHeader = options.header ?? byName;
  const maxRecord = options.maxRecord ?? DEFAULT_MAX_RECORD;
  const convertMany = options.convertMany ?? ((texts: readonly string[]) => texts.map(convert));
  /** 0-based indices of the chosen columns, or null for all; known after the header when chosen by name. */
  let chosen: Set<number> | null = columns.length === 0 ? null
    : byName ? null : new Set(columns.map((c) => (c as number) - 1));
  let awaitingHeader = hasHeader;

  let pending = '';
  let i = 0; // scan position in pending
  let recordStart = 0;
  let state = State.FieldStart;
  let fields: Field[] = [];
  let fieldStart = 0;
  let fieldQuoted = false;
  let malformed: string | null = null;
  let malformedLine = 0;
  let lineNumber = 1; // line on which the current record starts

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

  const header = (record: string) => {
    awaitingHeader = false;
    if (!byName) return;
    const names = fields.map((f) => (f.quoted ? record.slice(f.start + 1, f.end - 1).replaceAll('""', '"') : record.slice(f.start, f.end)));
    chosen = new Set();
    for (const c of columns) {
      const index = typeof c === 'number' ? c - 1 : names.indexOf(c);
      if (index < 0) {
        throw new FanjianError('INVALID_OPTION',
          `No column named ${JSON.stringify(c)} in the ${format} header (line ${lineNumber}): ${names.map((n) => JSON.stringify(n)).join(', ')}.`);
      }
      chosen.add(index);
    }
  };

  /** The record pending[recordStart, end), waiting for its values' conversion. */
  const finishRecord = (end: number): PendingRecord => {
    const record = pending.slice(recordStart, end);
    for (const f of fields) {
      f.start -= recordStart;
      f.end -= recordStart;
    }
    let result: PendingRecord = { values: [], write: () => record };
    if (malformed !== null) {
      if (!options.lenient) throw invalidRecord(format, malformedLine, malformed);
      options.onWarning?.(`line ${malformedLine}: ${malformed}; record copied unchanged`);
    } else if (awaitingHeader) {
      header(record);
    } else {
      const picked = fields.map((f, column) => ({ ...f, column })).filter((f) => !chosen || chosen.has(f.column));
      const values = picked.map((f) => (f.quoted ? record.slice(f.start + 1, f.end - 1).replaceAll('""', '"') : record.slice(f.start, f.end)));
      const line = lineNumber;
      result = {
        values,
        write(converted) {
          let out = '';
          let at = 0;
          picked.forEach((f, i) => {
            if (converted[i] === values[i]) return;
            out += record.slice(at, f.start) + encode(converted[i]!, f.quoted, f.column, line);
            at = f.end;
          });
          return out + record.slice(at);
        },
      };
    }
    lineNumber += lineBreaks(record);
    recordStart = end;
    fields = [];
    malformed = null;
    state = State.FieldStart;
    return result;
  };

  const endField = (end: number) => {
    fields.push({ start: fieldStart, end, quoted: fieldQuoted });
  };

  /** Scan as far as the text allows; `final` when no more text will come. */
  const scan = (final: boolean): PendingRecord[] => {
    const out: PendingRecord[] = [];
    const text = pending;
    const n = text.length;
    while (i < n) {
      const c = text.charCodeAt(i);
      switch (state) {
        case State.FieldStart:
          fieldStart = i;
          if (quoted && c === QUOTE) {
            fieldQuoted = true;
            state = State.Quoted;
            i++;
          } else {
            fieldQuoted = false;
            state = State.Unquoted;
          }
          continue;
        case State.Quoted: {
          const close = text.indexOf('"', i);
          if (close < 0) {
            i = n;
            continue;
          }
          i = close + 1;
          state = State.QuoteInQuoted;
          continue;
        }
        case State.QuoteInQuoted:
          if (c === QUOTE) {
            state = State.Quoted;
            i++;
          } else state = State.AfterClose;
          continue;
        default: // Unquoted, AfterClose, Junk: up to a delimiter or a line break
          if (c === delimiterCode) {
            endField(i);
            i++;
            state = State.FieldStart;
          } else if (c === LF || c === CR) {
            if (c === CR && i + 1 >= n && !final) return out; // CRLF or a lone CR: the next chunk tells
            endField(i);
            const end = c === CR && text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
            i = end;
            out.push(finishRecord(end));
          } else {
            if (state === State.AfterClose) {
              fail(`text after the closing quote of field ${fields.length + 1}`, i);
              state = State.Junk;
            }
            i++;
          }
      }
    }
    return out;
  };

  const compact = () => {
    if (recordStart === 0) return;
    pending = pending.slice(recordStart);
    i -= recordStart;
    fieldStart -= recordStart;
    for (const f of fields) {
      f.start -= recordStart;
      f.end -= recordStart;
    }
    recordStart = 0;
  };

  return {
    push(chunk) {
      pending += chunk;
      const records = scan(false);
      compact();
      if (pending.length > maxRecord) throw tooLong(format, lineNumber, maxRecord);
      return writeRecords(records, convertMany);
    },
    end() {
      const records = scan(true);
      if (recordStart < pending.length || state !== State.FieldStart) {
        if (state === State.Quoted) fail(`the quote opened in field ${fields.length + 1} is never closed`, fieldStart);
        if (state === State.FieldStart) {
          fieldStart = pending.length; // an empty last field after a delimiter
          fieldQuoted = false;
        }
        endField(pending.length);
        records.push(finishRecord(pending.length));
      }
      pending = '';
      i = recordStart = 0;
      return writeRecords(records, convertMany);
    },
  };
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
