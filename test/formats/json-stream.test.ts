/**
 * JSON read by the incremental scanner (src/formats/json.ts): whole or streamed in any chunking it gives one
 * output; it accepts, reports and refuses what the jsonc-parser extractor it replaced did (json-oracle.ts); the
 * string values it hands over are JSON.parse's; random input only ever throws FanjianError; nesting and long values
 * cost bounded memory.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertDocumentStream } from '../../src/formats/document.js';
import { extractJson, JsonScanner, MAX_VALUE_PART } from '../../src/formats/json.js';
import { convertDocument } from '../../src/node/documents.js';
import { outcome, pushInChunks } from './helpers.js';
import { oracleExtractJson } from './json-oracle.js';

const RUNS = { numRuns: 400, interruptAfterTimeLimit: 8_000 };

/** Every 后 becomes 後: a one-to-one conversion the test can predict. */
const transform = (text: string) => text.replaceAll('后', '後');

const streamed = (source: string, cuts: readonly number[]) => pushInChunks(convertDocumentStream({ format: 'json', transform })!, source, cuts);
const whole = (source: string) => convertDocument(source, { format: 'json', transform });

const ranges = (source: string, extract: (source: string) => { paragraphs: readonly { segments: readonly unknown[] }[] }) =>
  outcome(() => extract(source).paragraphs.map((p) => p.segments));

/** Values whose strings hold no placeholder syntax, so that each string value is one paragraph. */
const text = fc.string({ unit: fc.constantFrom('后', '发', 'a', ' ', '"', '\\', '\n', '\t', '/', '\u0001', '。', '\uD842\uDFB7', 'é') });
const values = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' },
    text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }), fc.dictionary(text, tie('value'), { maxKeys: 5 })),
})).value;
/** Token soup: near-JSON, mostly invalid. */
const tokens = fc.array(fc.constantFrom('{', '}', '[', ']', ',', ':', '"后"', '"a\\"', '"\\u00', '1', '-', '0.', '1e+5', '01', 'true',
  'nul', ' ', '\n', '\r\n', '// c\n', '/* c */', '/*', '/', '"\n"', '"\\x"', '\t', '\uFEFF', '-0.5E-3', '"后{n}发"'), { maxLength: 30 })
  .map((t) => t.join(''));
const cuts = fc.array(fc.nat({ max: 300 }), { maxLength: 10 });

/** The expected document: string values (never keys) with 后 → 後. */
function expectedValue(value: unknown): unknown {
  if (typeof value === 'string') return transform(value);
  if (Array.isArray(value)) return value.map(expectedValue);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expectedValue(v)]));
  return value;
}

describe('JSON scanner', () => {
  it('converts exactly the string values JSON.parse reads, whole and in any chunking, any indentation', () => {
    fc.assert(fc.property(values, fc.constantFrom(undefined, 2, '\t'), cuts, (value, indent, at) => {
      const source = JSON.stringify(value, null, indent);
      const output = whole(source);
      expect(JSON.parse(output)).toEqual(expectedValue(JSON.parse(source)));
      expect(streamed(source, at)).toBe(output);
    }), RUNS);
  });

  it('accepts, reports and refuses what the jsonc-parser extractor did (same ranges; same offset and line when refused)', () => {
    const where = (result: unknown) => (typeof result === 'string' ? /line \d+ \(offset \d+\)/.exec(result)?.[0] : result);
    fc.assert(fc.property(tokens, (source) => {
      expect(where(ranges(source, extractJson))).toEqual(where(ranges(source, oracleExtractJson)));
    }), { numRuns: 2000, interruptAfterTimeLimit: 8_000 });
    fc.assert(fc.property(values, (value) => {
      const source = JSON.stringify(value, null, 1);
      expect(ranges(source, extractJson)).toEqual(ranges(source, oracleExtractJson));
    }), RUNS);
  });

  it('gives one outcome whole and streamed for near-JSON, and throws nothing but FanjianError on any input', () => {
    fc.assert(fc.property(tokens, cuts, (source, at) => {
      const result = outcome(() => whole(source));
      expect(outcome(() => streamed(source, at))).toEqual(result);
    }), RUNS);
    fc.assert(fc.property(fc.string({ unit: 'binary' }), cuts, (source, at) => {
      outcome(() => whole(source));
      outcome(() => streamed(source, at));
    }), RUNS);
  });

  it('one character at a time', () => {
    const source = '// 后\n{"后": ["后", 1.5e3, true, null, {"a": "后{n}发 %s 后"}], /* 后 */ "b": "\\u540e后\\"",}';
    const chunks = Array.from({ length: source.length }, (_, i) => i);
    expect(streamed(source, chunks)).toBe(whole(source));
    expect(whole(source)).toBe('// 后\n{"后": ["後", 1.5e3, true, null, {"a": "後{n}发 %s 後"}], /* 后 */ "b": "\\u540e後\\"",}');
  });

  it('refuses an error met before the end without reading further, naming line and offset', () => {
    const stream = convertDocumentStream({ format: 'json', transform })!;
    stream.push('{\n "a": "后",\n');
    expect(() => stream.push(' "b" "c"')).toThrow(/Invalid JSON at line 3 \(offset 18\): a colon expected after the key/);
  });

  it('streams nesting of any depth holding bits, not the document (10,000,000 nested arrays and objects)', () => {
    const depth = 5_000_000;
    const open = '[{"a":'.repeat(depth), close = '}]'.repeat(depth);
    const stream = convertDocumentStream({ format: 'json', transform })!;
    const chunk = 1 << 16;
    for (let at = 0; at < open.length; at += chunk) {
      const piece = stream.push(open.slice(at, at + chunk));
      // What is settled is handed back at once: nothing of the document is held.
      expect(piece.length).toBe(Math.min(chunk, open.length - at));
    }
    expect(stream.push('"后"') + stream.push(close) + stream.end()).toBe('"後"' + close);
  });

  it('cuts a value longer than MAX_VALUE_PART after a line break or sentence end, whole and streamed alike', () => {
    const sentence = '后来的事。'.repeat(1000) + '\\n';
    const long = sentence.repeat(Math.ceil((MAX_VALUE_PART * 2.5) / sentence.length));
    const source = `{"k": "${long}", "x": ["${'后'.repeat(MAX_VALUE_PART + 10)}"]}`;
    const parts: number[] = [];
    const scanner = new JsonScanner(source, (p) => parts.push((p.segments[0] as { end: number }).end - (p.segments[0] as { start: number }).start));
    scanner.write(source);
    scanner.end();
    // The long value in three parts, each ending after a break; the value without a break cut at the bound.
    expect(parts.length).toBe(5);
    expect(parts.slice(0, 3).every((n) => n <= MAX_VALUE_PART)).toBe(true);
    expect(parts[3]).toBe(MAX_VALUE_PART);
    const output = whole(source);
    expect(output).toBe(source.replaceAll('后', '後'));
    expect(streamed(source, [5, 100_000, MAX_VALUE_PART + 3, 2 * MAX_VALUE_PART + 1, 3 * MAX_VALUE_PART])).toBe(output);
  });

  it('never cuts a long value inside an escape or a surrogate pair', () => {
    const unit = '\\u540e\uD842\uDFB7';
    // The bound falls on an escape's start, inside a surrogate pair, inside an escape.
    for (const prefix of ['', 'x', 'xxx']) {
      const source = `["${prefix}${unit.repeat(Math.ceil((MAX_VALUE_PART + 100) / unit.length))}"]`;
      const pieces: string[] = [];
      const scanner = new JsonScanner(source, (p) => pieces.push(source.slice((p.segments[0] as { start: number }).start, (p.segments[0] as { end: number }).end)));
      scanner.write(source);
      scanner.end();
      expect(pieces.length).toBe(2);
      expect(pieces[1]!.startsWith('\\u540e') || pieces[1]!.startsWith('\uD842')).toBe(true);
      expect(/[\uD800-\uDBFF]$/.test(pieces[0]!)).toBe(false);
      expect(pieces.join('')).toBe(source.slice(2, -2));
    }
  });
});
