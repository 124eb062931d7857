/**
 * fanjian's YAML reader (src/formats/yaml-fast.ts) against the yaml package, the reference: on random documents of
 * the syntax locale files use (and of what it leaves to the package, and random edits of both), whenever it answers
 * it must give exactly the ranges the package gives, and the package must accept the document; whole, streamed in
 * any chunking and through the extractor it replaced (yaml-oracle.ts), the conversion is one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertDocumentStream } from '../../src/formats/document.js';
import { DEFAULT_LIMITS } from '../../src/formats/format.js';
import { extractYaml, packageYamlRanges } from '../../src/formats/yaml.js';
import { fastYamlRanges } from '../../src/formats/yaml-fast.js';
import { TopLevelKeys } from '../../src/formats/yaml-keys.js';
import { convertDocument } from '../../src/node/documents.js';
import { outcome, pushInChunks } from './helpers.js';
import { oracleExtractYaml } from './yaml-oracle.js';

const RUNS = { numRuns: 3000, interruptAfterTimeLimit: 20_000 } as const;

/** Pieces of scalars: Han text, spaces, every indicator, escapes, numbers and words the core schema resolves. */
const piece = fc.constantFrom('后', '发', '头发', 'a', 'key', 'x y', ' ', '  ', '#', ' #', ': ', ':', '-', '- ', "'", "''", '"', '\\', '\\n',
  '\\"', '\\x4e', '\\u540e', '\\q', '1', '-1', '0x1F', '0o7', '1e3', '.5', 'true', 'False', 'null', '~', '.inf', '[', ']', '{', '}', ',',
  '&a ', '*a', '!', '!!str ', '|', '>', '%', '@', '`', '?', '😀', '<<', '---', '...', '\t', '\r', '\u2028');
const words = (max: number) => fc.array(piece, { maxLength: max }).map((p) => p.join(''));
/** Mostly tidy text (Han, letters, spaces), sometimes any pieces. */
const scalarText = fc.oneof({ weight: 3, arbitrary: fc.array(fc.constantFrom('后', '发', '头发', 'a', 'key', ' ', '1', '这里'), { minLength: 1, maxLength: 5 }).map((p) => p.join('')) },
  { weight: 1, arbitrary: words(5) });

const plain = scalarText;
const doubleQuoted = fc.tuple(scalarText, fc.boolean()).map(([t, escape]) => `"${escape ? t.replaceAll('\\', '\\\\').replaceAll('"', '\\"') : t}"`);
const singleQuoted = fc.tuple(scalarText, fc.boolean()).map(([t, escape]) => `'${escape ? t.replaceAll("'", "''") : t}'`);
const key = fc.oneof(fc.constantFrom('a', 'b', '后', 'key', 'k1', '"a"', "'a'", '1', 'true', 'a b', '"后"'), plain, doubleQuoted, singleQuoted);
const comment = fc.oneof(fc.constant(''), fc.constant(''), words(3).map((t) => ` #${t}`), fc.constant('#x'));

/** A document's lines at some indentation: `at` is the column of the node. */
type Render = (at: number) => string[];

const blockScalar: fc.Arbitrary<(at: number, owner: number) => string[]> = fc.tuple(
  fc.constantFrom('|', '>', '|-', '>-', '|+', '|2', '| #c', '>-  # 注', '|#'),
  fc.array(fc.tuple(fc.integer({ min: -1, max: 3 }), scalarText, fc.constantFrom('text', 'blank', 'spaces')), { maxLength: 5 }),
).map(([header, lines]) => (at, owner) => [header, ...lines.map(([shift, t, kind]) =>
  kind === 'blank' ? '' : kind === 'spaces' ? ' '.repeat(Math.max(0, owner + 2 + shift)) : ' '.repeat(Math.max(0, owner + 2 + shift)) + t)]
  .map((line, i) => (i === 0 ? line : `\n${line}`)).join('').split('\n').map((l, i) => (i === 0 ? l : l)));

const indentStep = fc.constantFrom(2, 2, 2, 1, 3, 4, 0);

const node: fc.Arbitrary<Render> = fc.letrec<{ node: Render; entry: Render }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    // A block mapping.
    fc.array(fc.tuple(key, fc.oneof(
      fc.tuple(fc.constantFrom('plain', 'double', 'single'), plain, doubleQuoted, singleQuoted, comment).map(([kind, p, d, s, c]) =>
        ({ inline: (kind === 'plain' ? p : kind === 'double' ? d : s) + c, nested: null as Render | null, block: null as null | ((at: number, owner: number) => string[]) })),
      blockScalar.map((b) => ({ inline: '', nested: null as Render | null, block: b as null | ((at: number, owner: number) => string[]) })),
      fc.tuple(tie('node') as fc.Arbitrary<Render>, comment).map(([n, c]) => ({ inline: c.trimStart(), nested: n as Render | null, block: null as null | ((at: number, owner: number) => string[]) })),
      fc.constant({ inline: '', nested: null as Render | null, block: null as null | ((at: number, owner: number) => string[]) }),
    ), indentStep, fc.array(comment, { maxLength: 1 })), { minLength: 1, maxLength: 4 }).map((entries) => (at: number) => entries.flatMap(([k, v, step, comments]) => {
      const head = `${' '.repeat(at)}${k}:`;
      const extra = comments.filter(Boolean).map((c) => ' '.repeat(at + step) + c.trim());
      if (v.block) {
        const [header, ...body] = v.block(at, at);
        return [`${head} ${header}`, ...body, ...extra];
      }
      if (v.nested) return [v.inline ? `${head} ${v.inline}` : head, ...extra, ...v.nested(at + step)];
      return [v.inline ? `${head} ${v.inline}` : head, ...extra];
    })),
    // A block sequence (its entries may be mappings, `- key: value`).
    fc.array(fc.oneof(
      fc.tuple(fc.oneof(plain, doubleQuoted, singleQuoted), comment).map(([v, c]) => (at: number) => [`${' '.repeat(at)}- ${v}${c}`]),
      (tie('node') as fc.Arbitrary<Render>).map((n) => (at: number) => {
        const lines = n(at + 2);
        return lines.length ? [`${' '.repeat(at)}- ${lines[0]!.slice(at + 2)}`, ...lines.slice(1)] : [`${' '.repeat(at)}-`];
      }),
      (tie('node') as fc.Arbitrary<Render>).map((n) => (at: number) => [`${' '.repeat(at)}-`, ...n(at + 2)]),
      blockScalar.map((b) => (at: number) => {
        const [header, ...body] = b(at, at);
        return [`${' '.repeat(at)}- ${header}`, ...body];
      }),
    ), { minLength: 1, maxLength: 4 }).map((entries) => (at: number) => entries.flatMap((e) => e(at)))),
  entry: fc.constant(() => []),
})).node;

/** A document: an optional `---`, comments, a node, its lines ended by LF or CRLF; sometimes edited at random. */
const document = fc.tuple(fc.constantFrom('', '---\n', '# c\n---\n', '--- # c\n', '--- x\n'), node, fc.integer({ min: 0, max: 2 }),
  fc.constantFrom('\n', ''), fc.array(fc.tuple(fc.nat(), fc.oneof(piece, fc.constant('\n'), fc.constant('')), fc.nat({ max: 2 })), { maxLength: 2 }),
  fc.boolean())
  .map(([head, n, at, end, edits, crlf]) => {
    let text = head + n(at).join('\n') + end;
    if (crlf) text = text.replaceAll('\n', '\r\n');
    for (const [where, insert, remove] of edits) {
      const p = where % (text.length + 1);
      text = text.slice(0, p) + insert + text.slice(p + remove);
    }
    return text;
  });
const tidyDocument = fc.tuple(node, fc.constantFrom('\n', '\r\n')).map(([n, eol]) => n(0).join(eol) + eol);

const options = { retag: null, limits: DEFAULT_LIMITS };
const transform = (text: string) => text.replaceAll('后', '後').replaceAll('头发', '頭髮髮');

describe("fanjian's YAML reader", () => {
  it('gives exactly the ranges the yaml package gives whenever it answers, and answers only documents the package accepts', () => {
    fc.assert(fc.property(fc.oneof(document, tidyDocument), (text) => {
      const fast = fastYamlRanges(text);
      if (fast === null) return;
      expect(outcome(() => packageYamlRanges(text))).toEqual(fast);
    }), RUNS);
  });

  it('reads most documents of the common syntax itself', () => {
    let answered = 0;
    const samples = fc.sample(tidyDocument, { numRuns: 400, seed: 9 });
    for (const text of samples) if (fastYamlRanges(text) !== null) answered++;
    // The generator also writes what is left to the package on purpose (|+, |2, keys such as `true`, tabs,
    // duplicate keys…): about 40% of its documents are valid, and the reader takes about 40% of those.
    expect(answered).toBeGreaterThan(samples.length / 8);
    // What the measurements use, and a locale file.
    for (const text of [
      'key_1:\n  title: "这里的干部并没有于是"\n  body: 软件开发，头发。后来的汉字\n  list:\n    - 列表项目一\n',
      '---\nid: 1\ntitle: 这里的干部并没有于是\nbody: "软件开发，头发。后来的汉字"\n',
      "# zh-CN\nmenu:\n  file: 文件  # the menu\n  'open': 打开 {name}\n  items:\n  - 新建\n  - label: 保存\n    key: Ctrl+S\n" +
        'help: |\n  帮助文本\n\n  第二段\nabout: >-\n  关于\n  本软件\ncount: 3\nempty:\nnone: ~\n',
      'a: 后\r\nb: |\r\n  发\r\n\r\n  后\r\n\r\nc:\r\n  - "头发" # 注\r\n',
    ]) {
      expect(fastYamlRanges(text)).not.toBeNull();
      expect(fastYamlRanges(text)).toEqual(packageYamlRanges(text));
    }
  });

  it('leaves to the package what it does not read, and errors to the package to report', () => {
    for (const text of ['a: &x 后\nb: *x\n', 'a: [后, 发]\n', '? a\n: b\n', 'a: !!str 后\n', 'a: 后\n  发\n', 'a: "后\n  发"\n',
      '%YAML 1.2\n---\na: 后\n', 'a:\t后\n', 'a: 后\r', 'a: 后\rb: 1\n', 'a: 后\nb: 1\na: 2\n', '1: 后\n', 'a: b: c\n', 'a: |\nb: 1\n', 'a: "x" y\n',
      'a: "\\q"\n', '  a: 1\nb: 2\n', 'a: 1\n  b: 2\n', 'a: |+\n  后\n\n']) {
      expect(fastYamlRanges(text)).toBeNull();
    }
  });

  it('converts alike whole, streamed in any chunking and through the extractor it replaced', () => {
    fc.assert(fc.property(document, fc.array(fc.nat({ max: 400 }), { maxLength: 6 }), (text, cuts) => {
      const whole = outcome(() => convertDocument(text, { format: 'yaml', transform }));
      expect(outcome(() => pushInChunks(convertDocumentStream({ format: 'yaml', transform })!, text, cuts))).toEqual(whole);
      const ours = outcome(() => extractYaml(text, options).paragraphs.map((p) => p.segments));
      const oracle = outcome(() => oracleExtractYaml(text, options).paragraphs.map((p) => p.segments));
      // The oracle reads a quote closed only by an escaped quote at the very end as closed (see yaml-stream.test.ts),
      // and words its errors as the package does.
      if (typeof ours === 'string' && ours.includes('Missing closing')) return;
      if (typeof ours === 'string' && typeof oracle === 'string') expect(ours.split(':')[0]).toBe(oracle.split(':')[0]);
      else expect(ours).toEqual(oracle);
    }), { numRuns: 500, interruptAfterTimeLimit: 20_000 });
  });
});

/**
 * A document of many top-level entries (a mapping, or a sequence, at column 0) in the syntax fanjian's reader reads,
 * and some in syntax only the package reads: anchors and aliases across entries, flow collections, tags, complex
 * keys, multi-line scalars, tabs, scalars running over a line at column 0, a duplicate key, a stray line.
 */
const fastValue = fc.constantFrom(' 后', ' "发"', " '头发'", ' 1', '', ' 后 # c', ' |\n  后\n\n  发', ' >-\n  后\n  发', '\n  a: 后\n  b:\n    - 发\n    - x',
  '\n- 后\n- 发', '\n  - a: 后\n    b: 发', '\n  # c\n  c: 后');
const packageValue = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(' &a 后', ' *a', ' [后, 发]', ' {后: 发,\n  x: 后}', ' !!str 后', ' 后\n  发', ' "后\n  发"',
  '\n\t', ' |+\n  后\n') }, { weight: 1, arbitrary: fc.constantFrom(' "后\n发"', ' [后,\n发]', ' "后', ' 后: 发') });
const entries = fc.tuple(fc.boolean(), fc.array(fc.tuple(fc.oneof({ weight: 5, arbitrary: fastValue }, { weight: 1, arbitrary: packageValue }),
  fc.oneof({ weight: 30, arbitrary: fc.constantFrom('', '', '#c\n', '\n', '? ') }, { weight: 1, arbitrary: fc.constantFrom('dup', 'stray') })), { minLength: 1, maxLength: 30 }))
  .map(([sequence, items]) => items.map(([value, extra], i) => {
    const key = extra === 'dup' ? 'k0' : `k${i}`;
    const entry = sequence ? (value.startsWith('\n  ') ? `-${value.slice(1).replace(/^  /, ' ')}` : `-${value}`) : extra === '? ' ? `? ${key}\n:${value}` : `${key}:${value}`;
    return (extra === 'stray' ? 'x\n' : extra === '#c\n' || extra === '\n' ? extra : '') + entry + '\n';
  }).join(''));

describe('one YAML document read entry by entry past the hold', () => {
  const stream = (text: string, cuts: readonly number[], document: number) =>
    outcome(() => pushInChunks(convertDocumentStream({ format: 'yaml', transform, limits: { document } })!, text, cuts));
  const wholly = (text: string) => outcome(() => convertDocument(text, { format: 'yaml', transform, limits: { document: 1 << 30 } }));

  it('gives the whole reading, or refuses: an entry too long to hold, or not valid alone', () => {
    fc.assert(fc.property(entries, fc.array(fc.nat({ max: 300 }), { maxLength: 6 }), fc.integer({ min: 10, max: 100 }), (text, cuts, limit) => {
      const whole = wholly(text);
      const streamed = stream(text, cuts, limit);
      if (typeof streamed === 'string' && !streamed.startsWith('INVALID_DOCUMENT: ')) {
        expect(streamed).toBe(whole);
      } else if (typeof whole === 'string' && !whole.startsWith('INVALID_DOCUMENT: ')) {
        // A valid document refused: for a limit, or for an entry the package refuses alone, which only a scalar or
        // flow collection running over a line at column 0 is.
        expect(streamed).toMatch(/exceeds the limit of \d+ characters|^INVALID_DOCUMENT: Invalid YAML at line/);
        if (!/exceeds the limit/.test(streamed as string)) expect(text).toMatch(/^(?:[^ \t\n#].*)?["[].*\n[^ \t\n#]/m);
      }
      // Whatever fanjian's reader reads whole, with every entry under the limit, it reads part by part too.
      const longest = Math.max(...text.split(/^(?=[^ \t\r\n#-])/m).map((e) => e.length));
      if (fastYamlRanges(text) !== null && longest * 2 < limit) expect(streamed).toBe(whole);
    }), { numRuns: 1500, interruptAfterTimeLimit: 20_000 });
  });
});

describe('the top-level keys of a long document (yaml-keys.ts)', () => {
  it('answers as a Set does, through growth and deletions', () => {
    const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('后', '𣨼', 'key_1', '', 1, 0, null, true, 'null', '1'));
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom('add', 'add', 'add', 'delete', 'has'), key), { maxLength: 3000 }), (operations) => {
      const ours = new TopLevelKeys(), reference = new Set<unknown>();
      for (const [operation, k] of operations) {
        if (operation === 'add') { ours.add(k); reference.add(k); }
        else if (operation === 'delete') expect(ours.delete(k)).toBe(reference.delete(k));
        expect(ours.has(k)).toBe(reference.has(k));
      }
      for (const [, k] of operations) expect(ours.has(k)).toBe(reference.has(k));
    }), { numRuns: 200, interruptAfterTimeLimit: 8_000 });
  });
});
