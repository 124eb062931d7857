/**
 * The JSON Lines and CSV/TSV tokenizers, by property: random records written by reference writers (JSON.stringify,
 * an RFC 4180 writer), cut into random chunks, must come out as each record's chosen text converted — nothing
 * else changed, the same for every chunking, byte-identical when nothing converts — and malformed records are
 * named by their line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvConverter, type CsvOptions } from '../../src/formats/csv.js';
import { jsonlConverter, jsonString, parseFieldPath, type JsonlOptions } from '../../src/formats/jsonl.js';
import { batchConvert, convertRecords, type RecordConverter } from '../../src/formats/records.js';
import { convert, FanjianError } from '../../src/node/index.js';
import { cutAt as chunked, errorOf } from '../engine/helpers.js';

const RUNS = { numRuns: 150, interruptAfterTimeLimit: 20_000 } as const;

/** Text with Han characters that convert (s2tw), quotes, delimiters, line breaks, escapes and astral characters. */
const textChar = fc.constantFrom(...'汉字这里头发后面干部只个们 abc,;"\'\t\r\n\\/\u0000\u2028😀𠮷é'.split(/(?=[\s\S])/u));
const text = fc.array(textChar, { maxLength: 12 }).map((cs) => cs.join(''));
/** A deterministic conversion that also changes lengths and may insert quotes and delimiters: x → "x, ; 汉 → 漢. */
const toy = (s: string) => s.replaceAll('汉', '漢').replaceAll('x', '"x,').replaceAll('只', '隻隻');
const s2tw = (s: string) => convert(s, 's2tw');


function run(converter: RecordConverter, chunks: readonly string[]): string {
  let out = '';
  for (const chunk of chunks) out += converter.push(chunk);
  return out + converter.end();
}

/** Every string value of a JSON value converted (keys never). */
function mapStrings(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)]));
  return value;
}

describe('JSON Lines', () => {
  const jsonValue = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => x + 0), fc.boolean(),
      fc.constant(null), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(text, tie('value'), { maxKeys: 4 })),
  })).value;
  /** A record as some writer prints it: compact, spaced, or ASCII-escaped as Python's json.dumps does by default. */
  const line = fc.tuple(jsonValue, fc.constantFrom('compact', 'spaced', 'ascii')).map(([value, style]) => {
    let printed = style === 'spaced' ? JSON.stringify(value, null, 1).replaceAll('\n', ' ') : JSON.stringify(value);
    if (style === 'ascii') printed = printed.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    return { value, printed };
  });
  const document = fc.tuple(fc.array(line, { maxLength: 8 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.boolean())
    .map(([lines, eol, final, blank]) => ({
      values: lines.map((l) => l.value),
      text: lines.map((l) => l.printed).join(eol) + (blank ? eol + eol : '') + (final && lines.length ? eol : ''),
    }));

  it('converts every string value and nothing else, whatever the chunking', () => {
    fc.assert(fc.property(document, fc.array(fc.nat(), { maxLength: 10 }), (doc, cuts) => {
      const whole = convertRecords(jsonlConverter(toy), doc.text);
      expect(run(jsonlConverter(toy), chunked(doc.text, cuts))).toBe(whole);
      const records = whole.split(/\r?\n/).filter((l) => l.trim() !== '');
      expect(records.map((l) => JSON.parse(l))).toEqual(doc.values.map((v) => mapStrings(v, toy)));
      // Nothing converts: byte for byte the input.
      expect(convertRecords(jsonlConverter((s) => s), doc.text)).toBe(doc.text);
    }), RUNS);
  });

  it('converts only the chosen paths', () => {
    const record = { id: '汉1', text: '汉字', meta: { title: '后面', tags: ['头发', '们'] }, turns: [{ role: '汉', content: '这里' }] };
    const line = JSON.stringify(record);
    const chosen = (fields: string[]) => JSON.parse(convertRecords(jsonlConverter(s2tw, { fields }), line)) as typeof record;
    expect(chosen(['text'])).toEqual({ ...record, text: '漢字' });
    expect(chosen(['.meta.title', 'turns[].content'])).toEqual({
      ...record, meta: { ...record.meta, title: '後面' }, turns: [{ role: '汉', content: '這裡' }],
    });
    expect(chosen(['meta'])).toEqual({ ...record, meta: { title: '後面', tags: ['頭髮', '們'] } });
    expect(chosen(['meta.tags.1', 'turns.*.role'])).toEqual({ ...record, meta: { ...record.meta, tags: ['头发', '們'] }, turns: [{ role: '漢', content: '这里' }] });
    expect(chosen(['missing'])).toEqual(record);
    expect(parseFieldPath('a\\.b[0]["c.d"].*')).toEqual(['a.b', '0', 'c.d', '*']);
    expect(() => parseFieldPath('a..b')).toThrow(/empty step/);
  });

  it('keeps the escape style of a changed string, and every other byte', () => {
    const line = '{ "k" : "\\u6c49\\u5b57\\n" ,"n":1.50e3, "s":"汉字", "u":"不变" }';
    expect(convertRecords(jsonlConverter(s2tw), line)).toBe('{ "k" : "\\u6f22\\u5b57\\n" ,"n":1.50e3, "s":"漢字", "u":"不變" }');
    expect(jsonString('漢"\n', true)).toBe('"\\u6f22\\"\\n"');
    expect(convertRecords(jsonlConverter(s2tw), '\ufeff{"a":"汉"}\n')).toBe('\ufeff{"a":"漢"}\n');
  });

  it('names the line of a malformed record, or passes it through with lenient', () => {
    const text = '{"a":"汉"}\n\n{"a":"汉",}\n{"a":"汉"}\n';
    const error = errorOf(() => convertRecords(jsonlConverter(s2tw), text));
    expect(error.code).toBe('INVALID_DOCUMENT');
    expect(error.message).toMatch(/^line 3: .*column 10/);
    expect(error.details.line).toBe(3);
    const warnings: string[] = [];
    expect(convertRecords(jsonlConverter(s2tw, { lenient: true, onWarning: (w) => warnings.push(w) }), text))
      .toBe('{"a":"漢"}\n\n{"a":"汉",}\n{"a":"漢"}\n');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^line 3: /);
    for (const bad of ['{"a":01}', '{"a":"\\x"}', "{'a':1}", '{"a":1} 2', '[1,]', '{"a":"tab\there"}', 'nul', '"\\u12"']) {
      expect(errorOf(() => convertRecords(jsonlConverter((s) => s), bad)).message).toMatch(/^line 1: invalid JSON Lines record/);
    }
  });

  it('agrees with JSON.parse on which lines are JSON', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'{}[]":,0123-.eE+ tfrunlasx\\u\t') , maxLength: 12 }), (candidate) => {
      if (candidate.includes('\n') || candidate.includes('\r') || candidate.trim() === '') return;
      let valid = true;
      try {
        JSON.parse(candidate);
      } catch {
        valid = false;
      }
      let accepted = true;
      try {
        convertRecords(jsonlConverter((s) => s), candidate);
      } catch {
        accepted = false;
      }
      expect(accepted).toBe(valid);
    }), { numRuns: 2000 });
  });

  it('holds one line, not the input: memory stays bounded', () => {
    const converter = jsonlConverter(s2tw, { maxRecord: 1000 });
    let out = 0;
    for (let i = 0; i < 2000; i++) out += converter.push(`{"i":${i},"t":"汉字这里"}\n`).length;
    expect(out).toBeGreaterThan(2000 * 20);
    expect(() => converter.push('"' + 'x'.repeat(2000))).toThrow(/line 2001: a JSON Lines record longer than 1000/);
  });
});

/** RFC 4180 writer: quote a field when it needs it (or always). */
function csvField(value: string, delimiter: string, always: boolean): string {
  return always || value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

describe('CSV and TSV', () => {
  const csvDocument = fc.tuple(
    fc.array(fc.array(text, { minLength: 1, maxLength: 5 }), { maxLength: 8 }),
    fc.constantFrom('\n', '\r\n', '\r'), fc.boolean(), fc.boolean(), fc.constantFrom(',', ';', '\t'),
  ).map(([rows, eol, final, always, delimiter]) => ({
    rows, delimiter,
    // A lone CR ending records cannot be told from a CR inside an unquoted field, so such fields are quoted.
    text: rows.map((r) => r.map((f) => csvField(f, delimiter, always || eol === '\r')).join(delimiter)).join(eol) +
      (final && rows.length ? eol : ''),
  })).filter(({ rows, text }) => !(rows.length > 0 && rows[rows.length - 1]!.length === 1 && rows[rows.length - 1]![0] === '' && !text.endsWith('"')));

  /** The fields a converter hands to `convert`, record by record, with their converted values. */
  function fieldsOf(text: string, options: CsvOptions): string[] {
    const seen: string[] = [];
    convertRecords(csvConverter((s) => (seen.push(s), s), options), text);
    return seen;
  }

  it('reads every field of every record exactly, whatever the chunking', () => {
    fc.assert(fc.property(csvDocument, fc.array(fc.nat(), { maxLength: 10 }), (doc, cuts) => {
      const options = { delimiter: doc.delimiter, quoted: true };
      expect(fieldsOf(doc.text, options)).toEqual(doc.rows.flat());
      const whole = convertRecords(csvConverter(toy, options), doc.text);
      expect(run(csvConverter(toy, options), chunked(doc.text, cuts))).toBe(whole);
      // Read back, the output holds each field converted.
      expect(fieldsOf(whole, options)).toEqual(doc.rows.flat().map(toy));
      expect(convertRecords(csvConverter((s) => s, options), doc.text)).toBe(doc.text);
    }), RUNS);
  });

  it('converts only the chosen columns, by number or by header name', () => {
    const text = 'id,文本,备注\r\n1,"汉字,""这里""\n后面",头发\r\n2,们,"干部"\r\n';
    expect(convertRecords(csvConverter(s2tw, { columns: ['文本'] }), text))
      .toBe('id,文本,备注\r\n1,"漢字,""這裡""\n後面",头发\r\n2,們,"干部"\r\n');
    expect(convertRecords(csvConverter(s2tw, { columns: [2, 3] }), text))
      .toBe('id,文本,備註\r\n1,"漢字,""這裡""\n後面",頭髮\r\n2,們,"幹部"\r\n');
    expect(convertRecords(csvConverter(s2tw), text)).toBe('id,文本,備註\r\n1,"漢字,""這裡""\n後面",頭髮\r\n2,們,"幹部"\r\n');
    expect(errorOf(() => convertRecords(csvConverter(s2tw, { columns: ['正文'] }), text)).message).toContain('No column named "正文"');
    expect(errorOf(() => csvConverter(s2tw, { columns: [0] })).code).toBe('INVALID_OPTION');
  });

  it('reads TSV as IANA does: quotes are text, every line a record', () => {
    const text = '"汉字"他说\t头发\n1\t"后\n';
    expect(convertRecords(csvConverter(s2tw, { delimiter: '\t' }, 'TSV'), text)).toBe('"漢字"他說\t頭髮\n1\t"後\n');
    expect(convertRecords(csvConverter(s2tw, { delimiter: '\t', columns: [2] }, 'TSV'), text)).toBe('"汉字"他说\t頭髮\n1\t"後\n');
    expect(errorOf(() => convertRecords(csvConverter((s) => s + '\t', { delimiter: '\t' }, 'TSV'), 'a\n')).message)
      .toContain('cannot hold');
  });

  it('names the line of a malformed record, or passes it through with lenient', () => {
    const text = 'a,b\n"汉字"x,后\n汉,后\n';
    const error = errorOf(() => convertRecords(csvConverter(s2tw), text));
    expect(error.message).toBe('line 2: invalid CSV record: text after the closing quote of field 1');
    const warnings: string[] = [];
    expect(convertRecords(csvConverter(s2tw, { lenient: true, onWarning: (w) => warnings.push(w) }), text)).toBe('a,b\n"汉字"x,后\n漢,後\n');
    expect(warnings).toEqual(['line 2: text after the closing quote of field 1; record copied unchanged']);
    const unclosed = 'a\n汉\n"x\n\n\n';
    expect(errorOf(() => convertRecords(csvConverter(s2tw), unclosed)).message).toBe('line 3: invalid CSV record: the quote opened in field 1 is never closed');
    expect(convertRecords(csvConverter(s2tw, { lenient: true }), unclosed)).toBe('a\n漢\n"x\n\n\n');
    expect(() => run(csvConverter(s2tw, { maxRecord: 100 }), ['a,b\n', '"' + 'x'.repeat(200)])).toThrow(/line 2: a CSV record longer than 100/);
  });

  it('counts the lines of quoted fields (LF, CRLF, lone CR, cut anywhere) to name a later malformed record', () => {
    fc.assert(fc.property(csvDocument, fc.array(fc.nat(), { maxLength: 10 }), (doc, cuts) => {
      if (doc.delimiter === '\t' || (doc.text !== '' && !/[\r\n]$/.test(doc.text))) return;
      const text = doc.text + '"汉"x,后\n';
      // Lines as an editor counts them: LF, CRLF and a lone CR each end one.
      const line = (doc.text.match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
      const options = { delimiter: doc.delimiter };
      expect(errorOf(() => run(csvConverter(toy, options), chunked(text, cuts))).message)
        .toBe(`line ${line}: invalid CSV record: text after the closing quote of field 1`);
    }), RUNS);
  });
});

describe('batchConvert', () => {
  const hanText = fc.array(fc.constantFrom(...'汉字这里头发后面干部软件鼠标只个们了着 ,\n⿰氵去\uffff𠮷'.split(/(?=[\s\S])/u)), { maxLength: 10 })
    .map((cs) => cs.join(''));
  it.each(['s2tw', 's2twp', 'hk2tw', 't2s'] as const)('%s: converting many texts at once equals converting each alone', (config) => {
    const one = (text: string) => convert(text, config);
    const many = batchConvert(one);
    fc.assert(fc.property(fc.array(hanText, { maxLength: 30 }), (texts) => {
      expect(many(texts)).toEqual(texts.map(one));
    }), RUNS);
  });

  it('is what the record converters use, with the same output', () => {
    const line = (i: number) => JSON.stringify({ i, text: '软件和鼠标在这里', tags: ['头发', '后面'] });
    const text = Array.from({ length: 500 }, (_, i) => line(i)).join('\n');
    const one = (t: string) => convert(t, 's2twp');
    let calls = 0;
    const counted = (t: string) => (calls++, one(t));
    const batched = convertRecords(jsonlConverter(one, { convertMany: batchConvert(counted) }), text);
    expect(batched).toBe(convertRecords(jsonlConverter(one), text));
    expect(calls).toBe(2); // the complete lines at once, then the last line (no line break) at the end
  });
});
