/**
 * YAML (locale files, front matter): convert scalar values in mappings and sequences, never keys; comments,
 * anchors, tags, quoting and block-scalar layout stay as written (the yaml package reports each node's source
 * range); placeholders inside values are kept.
 */
import { isScalar, parseAllDocuments, visit } from 'yaml';
import { FanjianError } from '../index.js';
import { applyEdits, type Edit } from './splice.js';

export function convertYaml(source: string, convertValue: (text: string) => string): string {
  const edits: Edit[] = [];
  for (const document of parseAllDocuments(source)) {
    if ('errors' in document && document.errors.length) {
      const error = document.errors[0]!;
      throw new FanjianError('INVALID_DOCUMENT',
        `Invalid YAML at line ${error.linePos?.[0].line ?? '?'}: ${error.message.split('\n')[0]}; nothing was converted.`);
    }
    visit(document, {
      Scalar(key, node) {
        if (key === 'key' || !isScalar(node) || typeof node.value !== 'string' || !node.range) return;
        const [start, end] = node.range;
        edits.push({ start, end, text: convertValue(source.slice(start, end)) });
      },
    });
  }
  return applyEdits(source, edits);
}
