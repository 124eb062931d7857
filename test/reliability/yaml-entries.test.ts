/**
 * Guarantee: a YAML document longer than the hold (1 Mi characters, or limits.document if lower) is read entry by
 * entry, and converts exactly as the whole reading by the yaml package does, or is refused; never otherwise. Here
 * at a small scale (limits.document 10,000): a locale file, then random entries at column 0 of the kinds that tie
 * entries together or read differently alone (anchors and aliases across entries, duplicate keys of equal values,
 * tags, complex keys, multi-line scalars, block scalars, comments, CRLF), after random document starts (a
 * byte-order mark, `%YAML 1.2`, `---`, a comment), pushed in random chunkings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertDocumentStream } from '../../src/formats/document.js';
import { convertDocument } from '../../src/node/documents.js';

const transform = (text: string) => text.replaceAll('后', '後').replaceAll('发', '發');
const locale = (count: number, from = 0) => Array.from({ length: count }, (_, i) =>
  `key_${from + i}:\n  title: "这里的干部后"\n  body: 软件开发，头发。后来\n  list:\n    - 列表项目一\n`).join('');
const body = locale(300); // about 20,000 characters

type Outcome = { ok: string } | { refused: string };
const outcome = (run: () => string): Outcome => {
  try {
    return { ok: run() };
  } catch (error) {
    // A limit is refused as an invalid document whose message names the limit.
    const { code, message } = error as { code?: string; message: string };
    return { refused: /exceeds the limit of \d+ characters/.test(message) ? 'LIMIT_EXCEEDED' : code ?? message };
  }
};
const whole = (source: string) => outcome(() => convertDocument(source, { format: 'yaml', transform, limits: { document: 1 << 30 } }));
const pushed = (source: string, size: number, document = 10_000) => outcome(() => {
  const stream = convertDocumentStream({ format: 'yaml', transform, limits: { document } })!;
  let out = '';
  for (let at = 0; at < source.length; at += size) out += stream.push(source.slice(at, at + size));
  return out + stream.end();
});

describe('one long YAML document read entry by entry', () => {
  it('reads past a byte-order mark and a %YAML 1.2 line as the package does, instead of holding the document whole (refused past the limit)', () => {
    for (const start of ['\ufeff', '%YAML 1.2\n---\n', '\ufeff%YAML 1.2 # version\r\n---\n', '---\n', '# generated\n']) {
      const source = start + body + locale(3, 9000);
      const expected = whole(source);
      expect(expected).toEqual({ ok: transform(source) });
      for (const size of [1 << 16, 1000, 77]) expect(pushed(source, size), JSON.stringify(start)).toEqual(expected);
    }
    // Directives that change how entries read alone stay held whole, and are refused past the limit, as before.
    for (const start of ['%TAG !e! tag:e,2000:\n---\n', '%YAML 1.1\n---\n']) {
      expect(pushed(start + body, 1000)).toEqual({ refused: 'LIMIT_EXCEEDED' });
      expect(pushed(start + body, 1000, 1 << 20)).toEqual(whole(start + body));
    }
    // A %YAML line with no `---` after it is an error, as the package says.
    expect(whole(`%YAML 1.2\n${body}`)).toHaveProperty('refused');
    expect(pushed(`%YAML 1.2\n${body}`, 1000)).toHaveProperty('refused');
  });

  it('converts as the whole reading does, or refuses past the limit: never a different output (fuzzed)', () => {
    const entries = fc.constantFrom(
      'a1: 后\n', 'b: &x 后\n', 'c: *x\n', 'd:\n  <<: *x\n', '1: 后\n', '0x1: 后\n', '"1": 后\n', '1.0: 后\n', 'true: 后\n', 'True: 后\n',
      '~: 后\n', 'null: 后\n', 'e: "后\n  发"\n', 'f: "后\n发"\n', "g: '后\n发'\n", 'h: 后\n  发\n', 'i: |\n  后\n', 'j: >\n  后\n\n  发\n',
      '# 后 comment\n', 'k: 后 # c\n', 'l: !!str 后\n', 'm: !e!foo 后\n', 'n: !<tag:x> 后\n', '? o\n: 后\n', 'p:\n- 后\n- 发\n', 'q: [后,\n  发]\n',
      'r: {a: 后}\n', '[s]: 后\n', '{t: 1}: 后\n', 'u: 后\r\n', 'v:\r\n  w: 后\r\n', '"x y": 后\n', "'z': 后\n", '&k key: 后\n', '!!str tk: 后\n',
      'w: |-\n  后\n\n\n', 'y: 后\n\n\n', 'aa: "a\\\n  后"\n', 'ab: 后\n#c\n  ad: x\n', 'ae: |\n  后\n # x\n', '-x: 后\n', '.y: 后\n',
      'af: >\n 后\n后\n', 'ag: ""\n', 'ah:\n', 'ai: 后 发\n', 'key_5: 后\n', 'p2:\n  - 后\n  -\n    发: 后\n');
    const starts = fc.constantFrom('', '\ufeff', '%YAML 1.2\n---\n', '---\n', '# head\n', '%TAG !e! tag:e,2000:\n---\n');
    fc.assert(fc.property(starts, fc.array(entries, { maxLength: 8 }), fc.constantFrom(1 << 16, 1000, 77), (start, tail, size) => {
      const source = start + body + tail.join('') + locale(2, 9000);
      const expected = whole(source);
      const got = pushed(source, size);
      // Where both convert, the outputs are one; refused where the whole reading converts only past the limit, for
      // a document held whole. (The other way, converted where the package refuses the whole, is seen: the yaml
      // package refuses a flow collection as a key after a blank line, "Map comment with trailing content", which
      // an entry read alone does not meet. The output is then the conversion of a valid document.)
      if ('ok' in got && 'ok' in expected) expect(got.ok).toBe(expected.ok);
      if ('refused' in got && 'ok' in expected) expect(got).toEqual({ refused: 'LIMIT_EXCEEDED' });
    }), { numRuns: 400, interruptAfterTimeLimit: 15_000 });
  });
});
