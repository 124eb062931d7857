/**
 * Guarantee: fanjian rewrites a file only when it is sure how it decoded it. A cut-off UTF-8 file, a Shift_JIS
 * or EUC-KR file, a short text that could be GB18030 or Big5 are refused with a message naming the file and the
 * fix (exit 1), never rewritten as mojibake. The detection is fuzzed with fast-check: random bytes, random
 * chunkings, random texts in each encoding (bounded in time).
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { DecodeError, detectEncoding, loadLegacyEncodings, StreamDecoder } from '../../src/cli/encoding.js';
import { convert } from '../../src/node/index.js';
import { fanjian, runInProcess, temporaryFolder } from '../cli/helpers.js';

const bounded = { numRuns: 300, interruptAfterTimeLimit: 8000 };

/** Random characters of GB2312 level 1 (the commonest Simplified characters) and of Big5 level 1. */
const gbLevel1 = fc.tuple(fc.integer({ min: 0xb0, max: 0xd7 }), fc.integer({ min: 0xa1, max: 0xfe }))
  .filter(([lead, trail]) => !(lead === 0xd7 && trail > 0xf9))
  .map(([lead, trail]) => iconv.decode(Buffer.from([lead, trail]), 'gbk'));
const big5Level1 = fc.tuple(fc.integer({ min: 0xa4, max: 0xc6 }), fc.integer({ min: 0, max: 156 }))
  .map(([lead, t]) => [lead, t < 63 ? 0x40 + t : 0xa1 + t - 63] as const)
  .filter(([lead, trail]) => lead < 0xc6 || trail <= 0x7e)
  .map(([lead, trail]) => iconv.decode(Buffer.from([lead, trail]), 'big5'))
  .filter((c) => c !== '\ufffd');
const words = (chars: fc.Arbitrary<string>) => fc.array(chars, { minLength: 1, maxLength: 40 }).map((a) => a.join(''));

function chunked(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const p of [...points, bytes.length]) {
    parts.push(bytes.subarray(at, p));
    at = p;
  }
  return parts;
}

// The CLI loads the legacy codecs (iconv-lite) when an input needs them; these tests call its decoders directly.
beforeAll(() => loadLegacyEncodings());

describe('encoding detection (fuzzed)', () => {
  it('answers text, binary or unsure for any bytes, never throws, and is deterministic', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, complete) => {
      const first = detectEncoding(bytes, complete);
      expect(['text', 'binary', 'unsure']).toContain(first.kind);
      expect(detectEncoding(bytes, complete)).toEqual(first);
    }), bounded);
  });

  it.each([['GBK', gbLevel1, 'gbk', 'gb18030'], ['Big5', big5Level1, 'big5', 'big5']] as const)(
    'never names the wrong encoding for %s text of common characters: that encoding or unsure', (_, characters, encoding, expected) => {
      fc.assert(fc.property(words(characters), (text) => {
        const detection = detectEncoding(iconv.encode(text, encoding), true);
        if (detection.kind === 'text') expect(detection.encoding).toBe(expected);
        else expect(detection.kind).toBe('unsure');
      }), bounded);
    });

  it('recognises UTF-8 with Chinese in it, and UTF-8 cut anywhere inside its last character', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), words(gbLevel1), fc.nat(), (prefix, chinese, cut) => {
      const bytes = Buffer.from(prefix + chinese);
      expect(detectEncoding(bytes, true)).toMatchObject({ kind: 'text', encoding: 'utf8' });
      const shortened = bytes.subarray(0, bytes.length - 1 - (cut % 2));
      expect(detectEncoding(shortened, true)).toMatchObject({ kind: 'text', encoding: 'utf8' });
      const lastStart = bytes.length - Buffer.byteLength([...chinese].at(-1)!);
      expect(() => { const d = new StreamDecoder('utf8', false); d.write(shortened); d.end(); })
        .toThrow(`invalid UTF-8 at byte offset ${lastStart}`);
    }), bounded);
  });

  it('decodes the same text however the bytes are chunked, and reports the same offset for bad bytes', () => {
    const encodings = ['utf8', 'gb18030', 'big5', 'utf16le', 'utf16be'] as const;
    fc.assert(fc.property(fc.constantFrom(...encodings), words(fc.oneof(gbLevel1, big5Level1, fc.constantFrom('a', '\n', '，'))),
      fc.array(fc.nat(), { maxLength: 8 }), fc.option(fc.nat()), (encoding, text, cuts, damage) => {
        const source = encoding === 'big5' ? [...text].filter((c) => iconv.decode(iconv.encode(c, 'big5'), 'big5') === c).join('') : text;
        const bytes = Buffer.from(iconv.encode(source, encoding));
        if (damage !== null && bytes.length) bytes[damage % bytes.length] = 0xff;
        const whole = () => { const d = new StreamDecoder(encoding, false); return d.write(bytes) + d.end(); };
        const parts = () => { const d = new StreamDecoder(encoding, false); return chunked(bytes, cuts).map((c) => d.write(c)).join('') + d.end(); };
        let expected: string | DecodeError;
        try { expected = whole(); } catch (error) { expected = error as DecodeError; }
        if (typeof expected === 'string') {
          expect(parts()).toBe(expected);
        } else {
          let offset = -1;
          try { parts(); } catch (error) { offset = (error as DecodeError).offset; }
          expect(offset).toBe(expected.offset);
        }
      }), bounded);
  });

  it('converts standard input exactly whatever its chunking, through the CLI pipeline', async () => {
    await fc.assert(fc.asyncProperty(words(gbLevel1), fc.constantFrom('utf8', 'gbk'), fc.array(fc.nat(), { maxLength: 6 }),
      async (text, encoding, cuts) => {
        const long = (text + '，我们的头发。\n').repeat(20);
        const bytes = iconv.encode(long, encoding);
        const result = await runInProcess(['-c', 's2t'], { input: chunked(bytes, cuts) });
        expect(result.stderr).toBe('');
        expect(result.stdout.toString('utf8')).toBe(convert(long, 's2t'));
      }), { numRuns: 25, interruptAfterTimeLimit: 15000 });
  });
});

describe('files fanjian is not sure how to read are left alone', () => {
  it('a UTF-8 file cut inside its last character: exit 1, the offset, the file untouched', async () => {
    const dir = await temporaryFolder();
    const bytes = Buffer.concat([Buffer.from('这是一个被截断的下载文件，后面还有很多内容'), Buffer.from([0xe6, 0xb1])]);
    await writeFile(join(dir, 't.txt'), bytes);
    const result = await fanjian(['-c', 's2t', '--in-place', join(dir, 't.txt')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`t.txt: invalid UTF-8 at byte offset ${bytes.length - 2}`);
    expect(result.stderr).toContain('cut off inside its last character');
    expect(await readFile(join(dir, 't.txt'))).toEqual(bytes);
  });

  it.each([['gbk', 'GB18030', '这是一个被截断的下载文件，后面还有很多内容'], ['big5', 'Big5', '這是一個被截斷的下載文件，後面還有很多內容']] as const)(
    'a %s file cut inside its last character: named as cut off (not "invalid UTF-8 at byte offset 0"), the --lenient fix, untouched', async (encoding, label, text) => {
      const dir = await temporaryFolder();
      const bytes = iconv.encode(text, encoding).subarray(0, -1);
      await writeFile(join(dir, 't.txt'), bytes);
      const result = await fanjian(['-c', 's2t', '--in-place', join(dir, 't.txt')]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`t.txt: it reads as ${label} (${text.slice(0, 12)}…) but for its last byte, a character cut off by the end of the file`);
      expect(result.stderr).toContain(`pass --encoding ${label.toLowerCase()} --lenient`);
      expect(result.stderr).not.toContain('UTF-8');
      expect(await readFile(join(dir, 't.txt'))).toEqual(bytes);
      const lenient = await runInProcess(['-c', 's2t', '--encoding', label.toLowerCase(), '--lenient'], { input: bytes });
      expect(lenient.code).toBe(0);
      expect(lenient.stdout.toString('utf8')).toBe(convert(text.slice(0, -1), 's2t') + '\ufffd');
    });

  it('a GB18030 file with a four-byte character, cut inside a later four-byte one: named as cut off, untouched', async () => {
    // 𠀀 (U+20000) is 95 32 82 36 in GB18030: a whole one earlier made the rare-unit check reject the reading.
    const dir = await temporaryFolder();
    const text = '这是一个测试文件𠀀，后面还有内容这是一个测试';
    const bytes = Buffer.concat([iconv.encode(text, 'gb18030'), Buffer.from([0x95, 0x32])]);
    await writeFile(join(dir, 't.txt'), bytes);
    const result = await fanjian(['-c', 's2t', '--in-place', join(dir, 't.txt')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('t.txt: it reads as GB18030 (这是一个测试文件𠀀，后面…) but for its last 2 bytes, a character cut off');
    expect(result.stderr).not.toContain('UTF-8');
    expect(await readFile(join(dir, 't.txt'))).toEqual(bytes);
  });

  it('a character cut off by the end, in any encoding, is one U+FFFD under --lenient, and named as cut off without it', async () => {
    // Before: iconv-lite read a cut GB18030 sequence 95 32 82 as U+FFFD "2" U+FFFD (a digit added to the text), and
    // an odd last byte of UTF-16 was dropped without a trace; the message for -e gb18030 did not say "cut off".
    const dir = await temporaryFolder();
    const whole = iconv.encode('汉字𠀀', 'gb18030');
    for (const [name, encoding, bytes] of [
      ['g1', 'gb18030', Buffer.concat([whole, Buffer.from([0x95])])],
      ['g2', 'gb18030', Buffer.concat([whole, Buffer.from([0x95, 0x32])])],
      ['g3', 'gb18030', Buffer.concat([whole, Buffer.from([0x95, 0x32, 0x82])])],
      ['b1', 'big5', Buffer.concat([iconv.encode('漢字', 'big5'), Buffer.from([0xa4])])],
      ['u1', 'utf16le', Buffer.concat([Buffer.from('汉字', 'utf16le'), Buffer.from([0x41])])],
    ] as const) {
      await writeFile(join(dir, name), bytes);
      const lenient = await fanjian(['-c', 't2s', '-e', encoding, '--lenient', join(dir, name)]);
      expect({ name, code: lenient.code, out: lenient.stdout.toString() })
        .toEqual({ name, code: 0, out: encoding === 'gb18030' ? '汉字𠀀\ufffd' : '汉字\ufffd' });
      const strict = await fanjian(['-c', 't2s', '-e', encoding, join(dir, name)]);
      expect(strict.code).toBe(1);
      expect(strict.stderr).toContain('at the very end: the input is cut off inside its last character');
    }
  });

  it('a cut anywhere in GB18030 text decodes (leniently) to the whole characters before it and at most one U+FFFD (fuzzed)', () => {
    const char = fc.oneof(gbLevel1, fc.constantFrom('𠀀', '𪚥', 'ḿ', '€', 'a', '，', '\u00e9', '\u4dc0'));
    fc.assert(fc.property(fc.array(char, { minLength: 1, maxLength: 30 }), fc.nat(), fc.array(fc.nat(), { maxLength: 4 }), (chars, cut, cuts) => {
      const units = chars.map((c) => iconv.encode(c, 'gb18030'));
      const bytes = Buffer.concat(units);
      const end = cut % (bytes.length + 1);
      let at = 0, kept = '';
      for (const [i, unit] of units.entries()) {
        if (at + unit.length > end) break;
        kept += chars[i];
        at += unit.length;
      }
      const decoder = new StreamDecoder('gb18030', true);
      const text = chunked(bytes.subarray(0, end), cuts).map((part) => decoder.write(part)).join('') + decoder.end();
      expect(text).toBe(at === end ? kept : kept + '\ufffd');
    }), bounded);
  });

  it('Shift_JIS and EUC-KR files in a folder: named, refused with the fix, untouched', async () => {
    const dir = await temporaryFolder();
    const japanese = iconv.encode('これは日本語のテキストです。東京都は日本の首都であり、多くの人々が住んでいます。', 'shift_jis');
    const korean = iconv.encode('이것은 한국어 텍스트입니다. 서울은 대한민국의 수도이며 많은 사람들이 살고 있습니다.', 'euc-kr');
    await writeFile(join(dir, 'ja.txt'), japanese);
    await writeFile(join(dir, 'ko.txt'), korean);
    await writeFile(join(dir, 'zh.txt'), '汉字');
    const result = await fanjian(['-c', 's2t', '--in-place', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/ja\.txt: it looks like Shift_JIS \(Japanese\), which fanjian does not read; nothing was converted\. Convert it to UTF-8 first \(iconv -f SHIFT_JIS -t UTF-8\)/);
    expect(result.stderr).toMatch(/ko\.txt: it looks like EUC-KR \(Korean\)/);
    expect(result.stderr).toMatch(/1 converted, 0 skipped, 2 failed/);
    expect(await readFile(join(dir, 'ja.txt'))).toEqual(japanese);
    expect(await readFile(join(dir, 'ko.txt'))).toEqual(korean);
  });

  it('short Big5 and GBK words are read right or refused, never misread', async () => {
    const traditional = '頭髮 軟體 電腦 學校 時間 問題 國家 經濟 發展 關係 社會 歷史 資訊 網路 記憶 醫院 銀行 電話 圖書 語言 現在 朋友 東西 開始 應該 這個 那裡 認為 還是 已經'.split(' ');
    const simplified = traditional.map((w) => convert(w, 't2s'));
    for (const [list, encoding, config] of [[traditional, 'big5', 't2s'], [simplified, 'gbk', 's2t']] as const) {
      for (const word of list) {
        const result = await runInProcess(['-c', config], { input: iconv.encode(word, encoding) });
        if (result.code === 0) expect(result.stdout.toString('utf8')).toBe(convert(word, config));
        else expect(result.stderr).toMatch(/standard input: .*; nothing was converted\. Pass --encoding/);
      }
    }
  });

  it('a 2-byte EF BB file is reported as cut off, not read as GB18030', async () => {
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'bom.txt'), Buffer.from([0xef, 0xbb]));
    const result = await fanjian(['-c', 's2t', '--in-place', join(dir, 'bom.txt')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('bom.txt: invalid UTF-8 at byte offset 0 (bytes ef bb at the very end');
    expect(await readFile(join(dir, 'bom.txt'))).toEqual(Buffer.from([0xef, 0xbb]));
    expect(await readdir(dir)).toEqual(['bom.txt']);
  });

  it('two bad bytes: named as invalid UTF-8, and replaced by U+FFFD with --lenient (not "looks binary")', async () => {
    const bytes = Buffer.concat([Buffer.from('汉字'), Buffer.from([0xff]), Buffer.from('头发abc'), Buffer.from([0xfe])]);
    const strict = await runInProcess(['-c', 's2t'], { input: bytes });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('invalid UTF-8 at byte offset 6');
    const lenient = await runInProcess(['-c', 's2t', '--lenient'], { input: bytes });
    expect(lenient.code).toBe(0);
    expect(lenient.stdout.toString('utf8')).toBe('漢字\ufffd頭髮abc\ufffd');
  });

  it('a lone surrogate: the message says what it is and what --lenient writes', async () => {
    const input = Buffer.concat([iconv.encode('汉字', 'utf16le', { addBOM: true }), Buffer.from([0x00, 0xd8]), iconv.encode('头', 'utf16le')]);
    const strict = await runInProcess(['-c', 's2t'], { input });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('is a lone surrogate (U+D800');
    expect(strict.stderr).toContain('--output-encoding utf16le');
    expect(strict.stderr).toContain('--lenient to write U+FFFD in its place');
    expect(strict.stderr).not.toContain('utf8 or gb18030');
    const lenient = await runInProcess(['-c', 's2t', '--lenient'], { input });
    expect(lenient.stdout.toString('utf8')).toBe('漢字\ufffd頭');
    const gbk = await runInProcess(['-c', 's2t', '--output-encoding', 'gbk'], { input });
    expect(gbk.stderr).toContain('--lenient to write "?" in its place');
  });

  it('a UTF-32 file (either byte order) is named and refused, never read as UTF-16 with a NUL between characters', async () => {
    const dir = await temporaryFolder();
    const le = Buffer.from([0xff, 0xfe, 0, 0, 0x49, 0x6c, 0, 0, 0x57, 0x5b, 0, 0, 0x0a, 0, 0, 0]); // 汉字\n
    const be = Buffer.from([0, 0, 0xfe, 0xff, 0, 0, 0x6c, 0x49, 0, 0, 0x5b, 0x57]);
    await writeFile(join(dir, 'le.txt'), le);
    await writeFile(join(dir, 'be.txt'), be);
    const result = await fanjian(['-c', 's2t', '--in-place', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('le.txt: it starts with a UTF-32LE byte-order mark, and fanjian does not read UTF-32; nothing was converted. Convert it to UTF-8 first (iconv -f UTF-32LE -t UTF-8)');
    expect(result.stderr).toContain('be.txt: it starts with a UTF-32BE byte-order mark');
    expect(await readFile(join(dir, 'le.txt'))).toEqual(le);
    expect(await readFile(join(dir, 'be.txt'))).toEqual(be);
  });
});

describe('byte-order marks', () => {
  it.each(['utf8', 'utf16le', 'utf16be'] as const)('a %s file with a mark keeps it when rewritten in place with --output-encoding same, and is read back', async (encoding) => {
    const dir = await temporaryFolder();
    const file = join(dir, 'a.txt');
    await writeFile(file, iconv.encode('汉字后来的发展\n', encoding, { addBOM: true }));
    const result = await fanjian(['-c', 's2t', '--in-place', '--output-encoding', 'same', file]);
    expect(result.code).toBe(0);
    expect(await readFile(file)).toEqual(iconv.encode('漢字後來的發展\n', encoding, { addBOM: true }));
    // Without its mark, UTF-16 read as binary here: the file could not be converted back.
    const back = await fanjian(['-c', 't2s', file]);
    expect(back.code).toBe(0);
    expect(back.stdout.toString('utf8')).toBe('汉字后来的发展\n');
  });

  it('a UTF-8 file with a mark keeps it under --in-place, and is not touched when its text does not change', async () => {
    const dir = await temporaryFolder();
    const changed = join(dir, 'a.csv'), unchanged = join(dir, 'b.csv');
    await writeFile(changed, '\ufeffname,text\n1,汉字\n');
    await writeFile(unchanged, '\ufeffname,text\n1,abc\n');
    const before = await stat(unchanged);
    expect((await fanjian(['-c', 's2t', '--in-place', changed, unchanged])).code).toBe(0);
    expect(await readFile(changed, 'utf8')).toBe('\ufeffname,text\n1,漢字\n');
    expect((await stat(unchanged)).ino).toBe(before.ino);
    // To standard output, as before: the mark only with --bom.
    expect((await fanjian(['-c', 's2t', changed])).stdout.toString('utf8')).toBe('name,text\n1,漢字\n');
  });
});

describe('an --encoding the input contradicts', () => {
  it('running `-e gbk --in-place` again over the files it converted refuses them, rather than rewriting UTF-8 read as GBK', async () => {
    const dir = await temporaryFolder();
    const subtitle = '1\n00:00:01,000 --> 00:00:02,000\n这里的头发后来怎么样了\n';
    await writeFile(join(dir, 'a.srt'), iconv.encode(subtitle, 'gbk'));
    const first = await fanjian(['-c', 's2tw', '--ext', 'srt', '-e', 'gbk', '--in-place', dir]);
    expect(first.code).toBe(0);
    const converted = convert(subtitle, 's2tw');
    expect(await readFile(join(dir, 'a.srt'), 'utf8')).toBe(converted);
    // A new GBK file joins the folder and the same command runs again: the new one is converted, the old one left alone.
    await writeFile(join(dir, 'b.srt'), iconv.encode(subtitle, 'gbk'));
    const second = await fanjian(['-c', 's2tw', '--ext', 'srt', '-e', 'gbk', '--in-place', dir]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('a.srt: it is valid UTF-8 (converted already?), not GBK as --encoding says; nothing was converted. Leave --encoding out');
    expect(second.stderr).toMatch(/1 converted, 0 skipped, 1 failed/);
    expect(await readFile(join(dir, 'a.srt'), 'utf8')).toBe(converted);
    expect(await readFile(join(dir, 'b.srt'), 'utf8')).toBe(converted);
  });

  it.each([['utf16be', [0xff, 0xfe], 'UTF-16LE'], ['gb18030', [0xef, 0xbb, 0xbf], 'UTF-8'], ['utf16le', [0xff, 0xfe, 0, 0], 'UTF-32LE']] as const)(
    '-e %s over a byte-order mark of another encoding is refused', async (encoding, mark, named) => {
      const input = Buffer.concat([Buffer.from(mark), iconv.encode('汉字后来', named === 'UTF-8' ? 'utf8' : 'utf16le')]);
      const result = await runInProcess(['-c', 's2t', '-e', encoding], { input });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`standard input: it starts with a byte-order mark of ${named}, not of`);
      expect(result.stdout.length).toBe(0);
    });

  it('a short UTF-8 text, or a GBK one that happens to be valid UTF-8, is still read as --encoding says', async () => {
    // 陽時 in GBK (ea 96 95 72) is valid UTF-8 ("ꖕr"): one character of three bytes proves nothing.
    const gbk = iconv.encode('陽時', 'gbk');
    const result = await runInProcess(['-c', 't2s', '-e', 'gbk'], { input: gbk });
    expect(result.code).toBe(0);
    expect(result.stdout.toString('utf8')).toBe('阳时');
    const matching = await runInProcess(['-c', 's2t', '-e', 'utf8'], { input: '这里的头发后来怎么样了' });
    expect(matching.stdout.toString('utf8')).toBe('這裏的頭髮後來怎麼樣了');
  });
});
