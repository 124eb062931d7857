/**
 * YAML read document by document (src/formats/yaml.ts): whole or streamed in any chunking it gives one outcome;
 * it accepts and reports what the extractor it replaced did (yaml-oracle.ts); its depth scan, fed in chunks, gives
 * the whole text's estimate; deep or over-long documents are refused as soon as they are seen; duplicate keys are
 * refused as the yaml package refuses them, in linear time.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Parser } from 'yaml';
import { convertDocumentStream } from '../../src/formats/document.js';
import { DEFAULT_LIMITS } from '../../src/formats/format.js';
import { extractYaml, YAML_HOLD, YamlDepth, yamlDepth } from '../../src/formats/yaml.js';
import { FanjianError } from '../../src/index.js';
import { convertDocument } from '../../src/node/documents.js';
import { outcome, pushInChunks } from './helpers.js';
import { oracleExtractYaml, oracleYamlDepth } from './yaml-oracle.js';

const RUNS = { numRuns: 300, interruptAfterTimeLimit: 8_000 };
const transform = (text: string) => text.replaceAll('后', '後');
const options = { retag: null, limits: DEFAULT_LIMITS };

const streamed = (source: string, cuts: readonly number[]) => pushInChunks(convertDocumentStream({ format: 'yaml', transform })!, source, cuts);
const whole = (source: string) => convertDocument(source, { format: 'yaml', transform });

const code = (run: () => unknown) => { const result = outcome(run); return typeof result === 'string' && result.startsWith('INVALID_DOCUMENT: ') ? 'INVALID_DOCUMENT' : result; };

/** YAML-ish text: the syntax's characters, document markers, directives, Han text. */
const documents = fc.array(fc.constantFrom('{', '}', '[', ']', ',', ': ', '- ', '? ', '|\n', '>-\n', "'", '"', '#', '&a ', '*a', '!!str ',
  ' ', '  ', '\n', '\n---\n', '\n--- ', '\n...\n', '%YAML 1.2\n', '%TAG !e! tag:e,2000:\n', '后', '发', 'a', 'key', '\\', "''", '\r\n',
  'a: 1\n', 'a: 后\n', '- 后\n', '%YAML 1.2', '---', '...', '\t'), { maxLength: 30 }).map((t) => t.join(''));
const cuts = fc.array(fc.nat({ max: 200 }), { maxLength: 8 });

describe('YAML by documents', () => {
  /**
   * Whether the yaml package's parser, reading one of the documents of `source` alone (cut before each `---` and
   * `...` line) with a line break after it, finds a quoted scalar that its closing quote never ends.
   */
  const unclosedQuote = (source: string) => source.split(/(?=^(?:---|\.\.\.)(?:[ \t\r]|$))/m).some((document) => {
    const quoted: string[] = [];
    const walk = (token: unknown): void => {
      if (typeof token !== 'object' || token === null) return;
      const { type, source: text } = token as { type?: string; source?: string };
      if (type === 'double-quoted-scalar' || type === 'single-quoted-scalar') quoted.push(text!);
      Object.values(token).forEach(walk);
    };
    for (const token of new Parser().parse(document + '\n')) walk(token);
    // Closed: it ends with its quote after an even number of backslashes (double), or with an odd run of quotes
    // after the opening one (single: a quote inside is written twice).
    return quoted.some((text) => text.length < 2 || (text[0] === '"' ? /\\*"$|$/ : /'*$/).exec(text.slice(1))![0].length % 2 === 0);
  });
  /**
   * What extractYaml gives: the oracle's outcome, except that a quoted scalar never closed is refused where the yaml
   * package accepts it. It takes an escaped quote ending the text as closing (`"a \"`, `'a''`); its lexer looks for
   * the closing quote in all the rest of the text and, finding one, stops the scalar before a document marker, so an
   * escaped quote ending a document counts as closing when any quote follows in a later document; and a quoted value
   * after a quoted explicit key (`? ''"…`) it drops without an error, over the markers when no quote follows. Read
   * document by document, these cannot be followed: the stream would have to wait for a quote that may never come.
   */
  const expectLikeOracle = (source: string) => {
    const ranges = (extract: typeof extractYaml) => code(() => extract(source, options).paragraphs.map((p) => p.segments));
    const ours = ranges(extractYaml), oracle = ranges(oracleExtractYaml);
    if (ours === 'INVALID_DOCUMENT' && oracle !== 'INVALID_DOCUMENT') {
      expect(() => extractYaml(source, options)).toThrow(/Missing closing ["']quote/);
      expect(unclosedQuote(source)).toBe(true);
    } else {
      expect(ours).toEqual(oracle);
    }
  };

  it('accepts and reports what the whole-text extractor did, and converts alike whole and in any chunking', () => {
    fc.assert(fc.property(documents, cuts, (source, at) => {
      expectLikeOracle(source);
      const result = code(() => whole(source));
      expect(code(() => streamed(source, at))).toEqual(result);
    }), RUNS);
  });

  it('refuses a quoted scalar closed only by the escaped quote ending the text or a document, whole and streamed (found by the property)', () => {
    // The yaml package read `"` + `--- \"` as one scalar over a document marker; the stream cut before `---`.
    for (const source of ['"\n--- \\"', "'\n--- ''", '"\n...\n%YAML 1.2\n---\n\\"', '- "a \\"', "a: 'b''", "'''",
      // Before a document marker, with a quote in a later document (found by the property).
      "'''\n---\nkey'", '"a \\"\n---\nb"', 'a: "\\"\n--- x\n"', "- 'a''\n...\n---\n'"]) {
      expectLikeOracle(source);
      expect(() => whole(source)).toThrow(/Invalid YAML at line \d+: Missing closing ["']quote/);
      for (let cut = 0; cut <= source.length; cut++) expect(code(() => streamed(source, [cut]))).toBe('INVALID_DOCUMENT');
    }
    // A quote never closed is named on the line where it opens, not where the text or the document ends.
    expect(() => whole("'''\n---\na: b\n")).toThrow(/Invalid YAML at line 1: Missing closing 'quote/);
    expect(() => whole('a: 1\nb: "x\n\n---\na: b\n')).toThrow(/Invalid YAML at line 2: Missing closing "quote/);
    expect(() => whole('a: 后\n---\nb: "x\n\n')).toThrow(/Invalid YAML at line 3: Missing closing "quote/);
    // Closed quotes ending the text, escaped characters before them, still convert.
    for (const source of ['"后\\\\"', "'后'''", '- "后\\""', "''", '""', 'a: "后 \\" x"']) {
      expect(whole(source)).toBe(source.replaceAll('后', '後'));
      expect(streamed(source, [1, 3])).toBe(source.replaceAll('后', '後'));
    }
  });

  it('refuses a quoted value the yaml package drops when it runs over a document marker, whole and streamed (found by the property)', () => {
    // `? ''"`: the package drops the value after the quoted key without an error; never closed, it ran over `---`
    // to the end of the text (or stopped before it when a quote came later).
    for (const source of ["? ''\"\n---\n{", "? ''\"\n---\nb: \"x\"", "? ''\"\nfoo: 后\n---\nx\"", "? ''\"\n...\n---\na: 后\n"]) {
      expectLikeOracle(source);
      expect(() => whole(source)).toThrow(/Invalid YAML at line 1: Missing closing "quote \(it runs over the document marker at line \d\)/);
      for (let cut = 0; cut <= source.length; cut++) expect(code(() => streamed(source, [cut]))).toBe('INVALID_DOCUMENT');
    }
    // At the end of the text the package's reading stands: nothing to convert.
    for (const source of ["? ''\"\n", "? ''\"后\n"]) {
      expectLikeOracle(source);
      expect(whole(source)).toBe(source);
    }
  });

  it('refuses a bad directive after a `...` line with no document after it, as the whole text\'s parse does (found by fuzzing)', () => {
    // Cut before the directive, the part alone had no document and its error was on the stream, unread.
    for (const source of ['...\n%YAML 1.2"', 'a: 后\n...\n%YAML 1.2:\n', '---\n后\n...\n\n%YAML 1.2&a[&a']) {
      expectLikeOracle(source);
      expect(() => whole(source)).toThrow(/Invalid YAML at line \d+: Unsupported YAML version/);
      for (let cut = 0; cut <= source.length; cut++) expect(code(() => streamed(source, [cut]))).toBe('INVALID_DOCUMENT');
    }
    // A text of nothing but such a directive has no document to convert: returned as it is, as before.
    expectLikeOracle('%YAML 1.2"');
    expect(whole('%YAML 1.2"')).toBe('%YAML 1.2"');
  });

  it('reads a line of tabs, or spaces and tabs, as the whole text\'s parse does: before `---` and `...`, after directives, ending a part (found by the property)', () => {
    const same = (source: string) => {
      expectLikeOracle(source);
      const result = code(() => whole(source));
      for (let cut = 0; cut <= source.length; cut++) expect(code(() => streamed(source, [cut]))).toEqual(result);
    };
    // A blank line, not content: the directive belongs to the document its `---` starts (it was cut off from it,
    // alone in a first part whose errors are not read, or a later one with no document).
    for (const source of ['%YAML 1.2{\n\t\n---\n', '%YAML 1.2{\n \t\n---\n', '%YAML 1.2{\n\t \n---\na: 后\n', '...\n\t\n%YAML 1.2{\n---\n',
      'a: 后\n...\n \t\n%YAML 1.2{\n---\n']) {
      same(source);
      expect(() => whole(source)).toThrow(/Invalid YAML at line \d+: Unsupported YAML version 1\.2\{/);
    }
    for (const source of ['%TAG !e! tag:e,2000:\n\t\n---\na: !e!x 后\n', '%TAG !e! tag:e,2000:\n \t \n---\na: !e!x 后\n',
      'a: 后\n...\n%TAG !e! tag:e,2000:\n\t\n---\nb: !e!x 后\n', 'a: 后\n...\n\t\n%TAG !e! tag:e,2000:\n---\nb: !e!x 后\n']) {
      same(source);
      expect(whole(source)).toBe(source.replaceAll('后', '後'));
    }
    // After an empty value, the yaml package refuses a line starting with a tab when a `---` line (or a key) follows,
    // and not at the end of the text: a part is parsed as the stream goes on.
    for (const source of ['---%TAG !e! tag:e,2000:\n\t\n---\n', 'a:\n\t\n---\n', 'a: \n\t\n---\nb: 后\n', 'a:\n\t \n---\nb: 后\n',
      '? a\n\t\n---\n', 'a:\n\t\n\n---\n', 'a:\n\t\n#c\n---\n', 'a:\n\t\n--- 后\n']) {
      same(source);
      expect(() => whole(source)).toThrow(/Invalid YAML at line 2: Tabs are not allowed as indentation/);
    }
    for (const source of ['a:\n\t\n', 'a:\n\t\n\n', 'a:\n\t\n...\n---\nb: 后\n', 'a:\n\t\n...\n%YAML 1.2\n---\nb: 后\n', 'a:\n \t\n---\nb: 后\n',
      'a: 后\n\t\n---\n', '- a:\n\t\n---\n', 'a:\n  b:\n  \t\n---\n']) {
      same(source);
      expect(whole(source)).toBe(source.replaceAll('后', '後'));
    }
  });

  it('estimates the depth the whole-text scan did, fed in any chunking', () => {
    fc.assert(fc.property(documents, cuts, (source, at) => {
      const depth = new YamlDepth();
      let from = 0;
      for (const cut of [...new Set(at.map((c) => Math.min(c, source.length)))].sort((a, b) => a - b)) {
        depth.write(source.slice(from, cut));
        from = cut;
      }
      depth.write(source.slice(from));
      depth.end();
      expect(depth.max).toBe(oracleYamlDepth(source));
      expect(yamlDepth(source)).toBe(oracleYamlDepth(source));
    }), { numRuns: 1000, interruptAfterTimeLimit: 8_000 });
  });

  it('throws nothing but FanjianError on any input', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), cuts, (source, at) => {
      code(() => whole(source));
      code(() => streamed(source, at));
    }), RUNS);
  });

  it('converts a stream of documents as it is read: each document when the next starts', () => {
    const document = (i: number) => `---\nid: ${i}\ntitle: 后来\nbody: "头发后"\n`;
    const stream = convertDocumentStream({ format: 'yaml', transform })!;
    let out = stream.push(document(0) + document(1));
    expect(out).toBe(document(0).replaceAll('后', '後'));
    out += stream.push(document(2));
    out += stream.end();
    expect(out).toBe([0, 1, 2].map(document).join('').replaceAll('后', '後'));
  });

  it('cuts before --- lines and before a directive after ..., never inside a document', () => {
    const source = '%YAML 1.2\n---\na: 后\n--- |\n  后\n---\n...\n%TAG !e! tag:e,2000:\n---\nb: !e!x 后\n--- # c\n- 后\n';
    const expected = source.replaceAll('后', '後');
    expect(whole(source)).toBe(expected);
    expect(streamed(source, Array.from({ length: source.length }, (_, i) => i))).toBe(expected);
    // A tag handle belongs to its document only, split or not.
    expect(code(() => whole('%TAG !e! tag:e,2000:\n---\na: !e!x 后\n---\nb: !e!x 后\n'))).toBe('INVALID_DOCUMENT');
  });

  it('refuses nesting past the limit from the chunk that shows it, before the rest is read', () => {
    const stream = convertDocumentStream({ format: 'yaml', transform })!;
    expect(() => stream.push('a:\n  b: ' + '['.repeat(65536))).toThrow(/YAML nesting \(\d+ levels\) exceeds the limit of 1000 levels.*--max-depth/);
    const raised = convertDocumentStream({ format: 'yaml', transform, limits: { depth: 100_000_000 } })!;
    expect(() => raised.push('- '.repeat(600) + '后')).toThrow(/deeper than the YAML parser can read \(500 levels/);
  });

  it('refuses a document longer than limits.document once that much of it is read, naming the option; a stream of shorter ones converts', () => {
    const chunk = 'x'.repeat(1 << 16);
    /** How many chunks a stream takes before it refuses, and its error. */
    const refusal = (limits: { document?: number }) => {
      const stream = convertDocumentStream({ format: 'yaml', transform, limits })!;
      expect(stream.push('---\nshort: 后\n---\nlong: ')).toBe('---\nshort: 後\n');
      let pushed = 0;
      try {
        for (; pushed < 64; pushed++) stream.push(chunk);
      } catch (e) {
        return { pushed, error: e as FanjianError };
      }
      return { pushed, error: null };
    };
    const byDefault = refusal({});
    expect(byDefault.error?.code).toBe('INVALID_DOCUMENT');
    expect(byDefault.error?.message).toMatch(
      /^The YAML document at line 3 \(\d+ characters or more, held whole to be parsed\) exceeds the limit of 1048576 characters; .*limits\.document \(CLI --max-document\)/);
    // The document's first 10 characters (`---\nlong: `) and all but the chunk that passes the limit.
    expect(byDefault.pushed).toBe(DEFAULT_LIMITS.document / chunk.length - 1);
    expect(refusal({ document: 4 * chunk.length }).pushed).toBe(3);
    expect(refusal({ document: 100 * chunk.length }).error).toBeNull();
    // Whole, the same limit: a stream of documents each under it converts, one document over it is refused.
    const part = Array.from({ length: 1000 }, (_, i) => `k${1000 + i}: 后\n`).join('');
    expect(whole(`${part}---\n${part}`)).toBe(`${part}---\n${part}`.replaceAll('后', '後'));
    expect(convertDocument(`${part}---\n${part}`, { format: 'yaml', transform, limits: { document: part.length + 10 } }))
      .toBe(`${part}---\n${part}`.replaceAll('后', '後'));
    expect(() => convertDocument(part + part, { format: 'yaml', transform, limits: { document: part.length + 10 } }))
      .toThrow(/The YAML document at line 1 \(18000 characters or more.*exceeds the limit of 9010 characters.*--max-document/);
  });

  it('refuses duplicate keys as the yaml package does (equal scalar values), in linear time', () => {
    const refused = (source: string) => code(() => whole(source)) === 'INVALID_DOCUMENT';
    expect(refused('a: 后\nb: 1\na: 2\n')).toBe(true);
    expect(refused('a: 1\n"a": 2\n')).toBe(true);
    expect(refused('~: 1\nnull: 2\n')).toBe(true);
    expect(refused('1: a\n"1": b\n')).toBe(false);
    expect(refused('{x: 1, x: 2}')).toBe(true);
    expect(refused('.nan: 1\n.nan: 2\n')).toBe(false);
    expect(() => whole('a: 后\nb: 1\na: 2\n')).toThrow(/Invalid YAML at line 3: Map keys must be unique/);
    for (const source of ['a: 后\nb: 1\na: 2\n', '1: a\n"1": b\n', '~: 1\nnull: 2\n', '.nan: 1\n.nan: 2\n', '0: a\n-0: b\n']) {
      expect(refused(source)).toBe(code(() => oracleExtractYaml(source, options)) === 'INVALID_DOCUMENT');
    }
    // 50,000 keys (the package's own check compared each with all before it).
    const keys = Array.from({ length: 50_000 }, (_, i) => `k${i}: 后${i}\n`).join('');
    expect(whole(keys)).toBe(keys.replaceAll('后', '後'));
    expect(refused(keys + 'k5: x\n')).toBe(true);
  });
});

describe('one YAML document longer than the hold, read entry by entry', () => {
  /** A locale file of `count` top-level entries, each of the common syntax. */
  const locale = (count: number, from = 0) => Array.from({ length: count }, (_, i) =>
    `key_${from + i}:\n  title: "这里的干部后"\n  body: 软件开发，头发。后来\n  list:\n    - 列表项目一\n`).join('');
  const big = locale(17_000); // about 1.15 M characters: over the default limits.document and the hold
  const raised = { document: 1 << 30 };
  const wholly = (source: string) => convertDocument(source, { format: 'yaml', transform, limits: raised });
  /** The output of each push, then of the end. */
  const pushes = (source: string, limits: { document?: number } = {}, size = 1 << 16) => {
    const stream = convertDocumentStream({ format: 'yaml', transform, limits })!;
    const outputs: string[] = [];
    for (let at = 0; at < source.length; at += size) outputs.push(stream.push(source.slice(at, at + size)));
    outputs.push(stream.end());
    return outputs;
  };

  it('converts as the whole reading does, releasing entries as they complete, within the default limits', () => {
    expect(big.length).toBeGreaterThan(DEFAULT_LIMITS.document);
    const expected = big.replaceAll('后', '後');
    expect(wholly(big)).toBe(expected);
    for (const limits of [{}, raised]) {
      const outputs = pushes(big, limits);
      expect(outputs.join('')).toBe(expected);
      // Past the first 1 Mi characters, what is pushed comes out within a few chunks (not all at the end).
      let pushed = 0, released = 0;
      for (const output of outputs.slice(0, -1)) {
        pushed += 1 << 16;
        released += output.length;
        if (pushed > YAML_HOLD + (1 << 16)) expect(pushed - released).toBeLessThan(3 << 16);
      }
    }
    // A document of other streams around it; in a stream of documents, its line numbers go on.
    expect(pushes(`a: 后\n---\n${big}---\nb: 后\n`).join('')).toBe(`a: 後\n---\n${expected}---\nb: 後\n`);
  });

  // The hold is the lower of 1 Mi characters and limits.document: below, the same reading at a small scale.
  const small = { document: 10_000 };
  const some = locale(300); // about 20,000 characters in 1500 lines

  it('reads the entries its reader does not read alone with the yaml package, as the whole reading does', () => {
    // Anchors and aliases across entries, a flow collection over lines, a tag, a complex key, a multi-line plain
    // scalar, keep chomping, a line of spaces: after the hold, each entry alone.
    const tail = 'base: &b\n  name: 后\nuse: *b\nflow: {后: 发,\n  x: [后]}\ntagged: !!str 后\n? complex\n: 后\nplain: 后\n  发后\n' +
      'kept: |+\n  后\n\nempty:\n   \nlast: 后\n';
    for (const source of [some + tail + locale(3, 90_000), some + tail, big + tail]) {
      const expected = wholly(source);
      expect(expected).toContain('x: [後]');
      for (const size of [1 << 16, 1000, 77]) {
        if (source.length < big.length || size === 1 << 16) expect(pushes(source, source === big + tail ? {} : small, size).join('')).toBe(expected);
      }
    }
    // Such entries in its first part (the hold) too; but a document whose first entry is not read by fanjian's
    // reader is read whole by the package, within limits.document.
    const early = `${locale(20, 5000)}${tail}${some}`;
    expect(pushes(early, small, 999).join('')).toBe(wholly(early));
    const first = `${tail}${some}`;
    expect(() => pushes(first, small)).toThrow(/The YAML document at line 1 \(\d+ characters or more, held whole to be parsed\) exceeds the limit of 10000/);
    expect(pushes(first, { document: 30_000 }).join('')).toBe(wholly(first));
    // A sequence at the top level too.
    const items = some.replaceAll(/^key_\d+:\n {2}/gm, '- ').replaceAll(/^ {2}/gm, '  ');
    const sequence = items + '- &x {后: 后}\n- *x\n- 后\n';
    expect(wholly(sequence)).toContain('- &x {后: 後}\n- *x\n- 後\n');
    expect(pushes(sequence, small, 500).join('')).toBe(wholly(sequence));
  });

  it('refuses what the whole reading refuses, naming the line; an entry longer than limits.document, naming the option', () => {
    for (const [tail, message] of [
      ['key_5: again\n', /Invalid YAML at line 1501: Map keys must be unique/],
      ['dup: [后]\ndup: 发\n', /Invalid YAML at line 1502: Map keys must be unique/],
      ['bad: "后\n发"\n', /Invalid YAML at line 150\d: /],
      ['empty:\n\t\nlast: 后\n', /Invalid YAML at line 1502: Tabs are not allowed as indentation/],
      ['stray\n', /Invalid YAML at line 1501: /],
    ] as const) {
      expect(() => wholly(some + tail)).toThrow(/Invalid YAML/);
      expect(() => pushes(some + tail, small, 1000)).toThrow(message);
    }
    const long = `${big}long: ${'后'.repeat(1_100_000)}\n`;
    expect(() => pushes(long)).toThrow(
      /^The YAML document at line 1: its entry at line 85001 \(\d+ characters or more, held whole to be read\) exceeds the limit of 1048576 characters; .*--max-document/);
    expect(pushes(long, { document: 2 << 20 }).join('')).toBe(long.replaceAll('后', '後'));
  });
});
