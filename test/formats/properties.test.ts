/**
 * Property tests for the document formats: for random documents assembled from each format's own syntax and
 * Chinese text, only the human text reaches the converter and every other character stays in place
 * (convertChecked), and conversion never throws on well-formed input.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { stringify as yamlStringify } from 'yaml';
import type { TextDocumentFormat } from '../../src/node/documents.js';
import { convertChecked } from './helpers.js';

const han = fc.constantFrom('头发', '后来', '汉字', '软件', '鼠标', '这里', '干部', '于', '了解', '𠮷', '⿰氵去', '“引号”');
const latin = fc.constantFrom(' ', 'a', 'x=1', '\n', '\r\n', '\t', '&amp;', '&#x6c49;', '{count}', '%s', '{{name}}', '\\N');

/** Pieces of a format's syntax mixed with text. */
function documentOf(syntax: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.array(fc.oneof(han, latin, syntax), { maxLength: 40 }).map((parts) => parts.join(''));
}

const html = documentOf(fc.constantFrom(
  '<p>', '</p>', '<p title="头发">', '<a href="/汉字?q=后来">', '</a>', '<script>var s="汉字";</script>',
  '<style>.汉{}</style>', '<code>', '</code>', '<pre>', '</pre>', '<!-- 注释 -->', '<br>', '<img alt="图片" src="汉.png">',
  '<meta name="description" content="描述">', '<div class="notranslate">', '</div>', '<span translate="no">',
  '</span>', '<html lang="zh-CN">', '<textarea>', '</textarea>', '<![CDATA[汉]]>', '<', '>', '"', "'",
));
const markdown = documentOf(fc.constantFrom(
  '\n# ', '\n- ', '\n  - ', '\n1. ', '`代码`', '\n```\n汉字\n```\n', '[链接](https://汉.com/后来)', '![图](汉.png)',
  '**', '_', '\n> ', '<b>', '</b>', '<!-- 注释 -->', '\n---\n', '| a | 汉 |\n|---|---|\n', '    缩进代码\n', '\\',
));
const srt = documentOf(fc.constantFrom(
  '\n\n1\n00:00:01,000 --> 00:00:02,000\n', '12:00:00,000 --> ', '<i>', '</i>', '{\\an8}', '\n2\n',
));
const vtt = documentOf(fc.constantFrom(
  'WEBVTT\n\n', '\n\n00:01.000 --> 00:02.000 align:start\n', 'NOTE 注释\n', '<v 张三>', '</v>', '<c.黄>', '</c>', '::cue',
));
const ass = documentOf(fc.constantFrom(
  '\n[Script Info]\nTitle: 标题\n', '\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n',
  '\nDialogue: 0,0:00:01.00,0:00:02.00,Default,张三,0,0,0,,', '{\\an8}', '{\\i1}', ',', '\nComment: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,',
));

const text = fc.array(fc.oneof(han, latin), { maxLength: 6 }).map((parts) => parts.join(''));
const value: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text, fc.integer(), fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(text, tie('value'), { maxKeys: 4 }),
  ),
})).value;
const json = value.map((v) => JSON.stringify(v, null, 2));
const yaml = fc.dictionary(text, value, { maxKeys: 5 }).map((v) => yamlStringify(v));

const cases: [TextDocumentFormat, fc.Arbitrary<string>][] = [
  ['html', html], ['xhtml', html], ['markdown', markdown], ['srt', srt], ['vtt', vtt], ['ass', ass], ['json', json], ['yaml', yaml],
];

describe('every format touches only the text it hands to the converter', () => {
  it.each(cases)('%s', (format, documents) => {
    fc.assert(fc.property(documents, (source) => {
      convertChecked(source, format, 's2tw');
    }), { numRuns: 300 });
  });
});
