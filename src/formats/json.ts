/**
 * JSON locale files (and JSON with comments): convert string values, never keys; order, indentation, comments and
 * escapes stay as written; placeholders inside values are kept (placeholders.ts).
 */
import { visit, type ParseError, printParseErrorCode } from 'jsonc-parser';
import { FanjianError } from '../index.js';
import { applyEdits, type Edit } from './splice.js';

function lineOf(source: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}

export function convertJson(source: string, convertValue: (text: string) => string): string {
  const edits: Edit[] = [];
  const errors: ParseError[] = [];
  visit(source, {
    onLiteralValue(value: unknown, offset: number, length: number) {
      // offset/length include the quotes; convert the raw text between them (escapes are ASCII, left as they are).
      if (typeof value === 'string' && length >= 2) {
        edits.push({ start: offset + 1, end: offset + length - 1, text: convertValue(source.slice(offset + 1, offset + length - 1)) });
      }
    },
    onError(error, offset) {
      errors.push({ error, offset, length: 0 });
    },
  }, { allowTrailingComma: true, disallowComments: false });
  if (errors.length) {
    const first = errors[0]!;
    throw new FanjianError('INVALID_DOCUMENT',
      `Invalid JSON at line ${lineOf(source, first.offset)} (offset ${first.offset}): ${printParseErrorCode(first.error)}; nothing was converted.`);
  }
  return applyEdits(source, edits);
}
