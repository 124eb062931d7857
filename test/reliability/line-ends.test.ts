/**
 * Guarantee: converting a document never changes its structure, whatever its line ends. A CR not followed by LF
 * ends a line in Markdown (CommonMark) and YAML: `汉\r```` opens a fence. The Markdown sections were cut by LF
 * alone, so a blank line inside such a fence cut it in two: the code after the cut was converted and the text after
 * the fence kept as code (exit 0). Fuzzed with fast-check against micromark's reading of the whole document.
 */
import fc from 'fast-check';
import { micromark } from 'micromark';
import { describe, expect, it } from 'vitest';
import { convertDocument } from '../../src/node/documents.js';
import { fanjian } from '../cli/helpers.js';

const code = (html: string) => [...html.matchAll(/<code[^>]*>([\s\S]*?)<\/code>/g)].map((m) => m[1]);
const outsideCode = (html: string) => html.replace(/<code[^>]*>[\s\S]*?<\/code>/g, '');

describe('lone CR line ends in Markdown', () => {
  it('a fence opened after a lone CR holds its blank lines: code kept, the text after it converted (file and stream)', async () => {
    const text = '汉字\r```\r\n代码汉字\n\n后来代码\n```\n\n后来\n';
    const expected = '漢字\r```\r\n代码汉字\n\n后来代码\n```\n\n後來\n';
    expect(code(micromark(text))).toEqual(['代码汉字\n\n后来代码\n']);
    const fromStdin = await fanjian(['-c', 's2t', '--format', 'markdown'], { input: text });
    expect(fromStdin.stdout.toString()).toBe(expected); // before: 后来代码 converted, 后来 kept
    expect(convertDocument(text, { format: 'markdown', config: 's2t' })).toBe(expected);
  });

  it('code stays as it is and all other text is converted, whatever the mix of CR, LF and CRLF (fuzzed)', () => {
    const piece = fc.constantFrom('汉', '汉字', '\r', '\n', '\n\n', '\r\r', '```', '~~~', '    ', ' ', '`', '> ', '- ', '# ', '\r\n', '*');
    fc.assert(fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
      const doc = parts.join('');
      const out = convertDocument(doc, { format: 'markdown', transform: (t) => t.replaceAll('汉', '漢') });
      const before = micromark(doc), after = micromark(out);
      expect(code(after)).toEqual(code(before));
      expect(outsideCode(after)).not.toContain('汉');
    }), { numRuns: 3000, interruptAfterTimeLimit: 10_000 });
  });
});
