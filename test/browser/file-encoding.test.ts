/**
 * The playground's file-drop encoding detection and the command line's are one set of rules
 * (src/encoding-detection.ts): on the same bytes they choose the same encoding, are unsure together and refuse
 * together. (The playground decodes with TextDecoder, the CLI with iconv-lite; Node has both.)
 */
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { detectEncoding, loadLegacyEncodings } from '../../src/cli/encoding.js';
import { decodeFile, UndecodableFileError, UnsureEncodingError } from '../../src/browser/playground/file-encoding.js';

const article = '主動打理30多個微信群 邯鄲一區委書記牛穎成“網紅”。這里并沒有干部，他于去年來過，頭髮和軟件都在。';
const simplified = '主动打理30多个微信群 邯郸一区委书记牛颖成“网红”。这里并没有干部，他于去年来过，头发和软件都在。';

const samples: [string, Uint8Array][] = [
  ['long GBK', iconv.encode(simplified.repeat(3), 'gbk')],
  ['long Big5', iconv.encode(article.replace(/“|”/g, '"').repeat(3), 'big5')],
  ['short GBK inside both encodings\' frequent characters', iconv.encode('北京', 'gbk')],
  ['short GBK outside Big5\'s', iconv.encode('头发和软件', 'gbk')],
  ['UTF-8', Buffer.from(simplified)],
  ['UTF-8 with a BOM', Buffer.from(`\ufeff${simplified}`)],
  ['UTF-16LE with a BOM', Buffer.from(`\ufeff${article}`, 'utf16le')],
  ['Shift_JIS', iconv.encode('日本語のテキストです。漢字とひらがなとカタカナが混ざっています。これは長い文章です。'.repeat(2), 'shift_jis')],
  ['binary', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0xff])],
  ['bytes no encoding explains', Uint8Array.from([0xe4, 0xb8, 0x80, 0xff, 0xfe, 0x41, 0xff])],
  ['Latin words', Buffer.from('café crème brûlée')],
];

const TEXT_DECODER_LABELS: Record<string, string> = { utf8: 'utf-8', utf16le: 'utf-16le', utf16be: 'utf-16be', gb18030: 'gb18030', gbk: 'gbk', big5: 'big5' };
const PLAYGROUND_NAMES: Record<string, string> = { 'utf-8': 'utf8', 'utf-16le': 'utf16le', 'utf-16be': 'utf16be', gb18030: 'gb18030', big5: 'big5' };

// The CLI loads the legacy codecs (iconv-lite) when an input needs them; these tests call its decoders directly.
beforeAll(() => loadLegacyEncodings());

describe('file encodings: the playground decides as the CLI does', () => {
  it.each(samples)('%s', (_, bytes) => {
    const cli = detectEncoding(bytes, true);
    let playground: string;
    try {
      playground = PLAYGROUND_NAMES[decodeFile(bytes, 'f.txt').encoding]!;
    } catch (error) {
      expect(error).toBeInstanceOf(UndecodableFileError);
      playground = error instanceof UnsureEncodingError ? 'unsure' : 'refused';
    }
    // Text the CLI would decide on but cannot decode (damaged beyond --lenient) is refused by both.
    const cliDecodes = cli.kind === 'text' && (() => {
      try {
        new TextDecoder(TEXT_DECODER_LABELS[cli.encoding], { fatal: true }).decode(bytes);
        return true;
      } catch {
        return false;
      }
    })();
    const expected = cli.kind === 'text' ? (cliDecodes ? cli.encoding : 'refused') : cli.kind === 'unsure' ? 'unsure' : 'refused';
    expect(playground).toBe(expected);
  });

  it('covers every outcome: each encoding, unsure, refused', () => {
    const outcomes = new Set(samples.map(([, bytes]) => {
      const cli = detectEncoding(bytes, true);
      return cli.kind === 'text' ? cli.encoding : cli.kind;
    }));
    expect([...outcomes].sort()).toEqual(expect.arrayContaining(['big5', 'binary', 'gb18030', 'unsure', 'utf16le', 'utf8']));
  });
});
