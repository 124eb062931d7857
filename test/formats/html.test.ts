import { describe, expect, it } from 'vitest';
import { convertDocument } from '../../src/node/documents.js';
import { convert } from '../../src/node/index.js';
import { fixture } from '../engine/helpers.js';
import { convertChecked, hanOutside } from './helpers.js';

const page = `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>汉字标题</title>
<meta name="description" content="这是描述"><meta property="og:title" content="开放标题"><meta name="author" content="作者名">
<script>var s = "汉字"; if (a < b) {}</script><style>.汉 { content: "头发"; }</style></head>
<body>
<p class="汉字类" title="头发" data-x="数据">头发&amp;汉字&#x6c49;后来 <a href="https://zh.wikipedia.org/wiki/汉字">链接</a></p>
<code>汉字</code><pre>汉字 <b>代码</b></pre><span translate="no">汉字</span>
<div class="a notranslate">汉字<b>汉</b></div><div class="ignore-opencc">头发</div>
<img src="汉.png" alt="图片"><input type="button" value="按钮"><input type="text" value="文字"><input placeholder="输入">
<!-- 注释汉字 --><![CDATA[汉字]]>
</body></html>`;

describe('HTML', () => {
  it('converts text and human-facing attributes only', () => {
    const { pieces, output } = convertChecked(page, 'html', 's2tw');
    expect(pieces.filter((p) => /\p{Script=Han}/u.test(p))).toEqual([
      '汉字标题', '这是描述', '开放标题', '头发', '头发', '汉字', '后来 ', '链接', '图片', '按钮', '输入',
    ]);
    expect(output).toContain('<p class="汉字类" title="頭髮" data-x="数据">頭髮&amp;漢字&#x6c49;後來 <a href="https://zh.wikipedia.org/wiki/汉字">鏈接</a>');
  });

  it('leaves script, style, code, pre, translate="no", notranslate and ignore-opencc, URLs, comments', () => {
    // Han text the converter never saw: exactly that of the parts that must stay.
    expect(hanOutside(page, 'html')).toBe('作者名汉字汉头发汉字类数据汉字汉字汉字代码汉字汉字汉头发汉文字注释汉字汉字');
    const output = convertDocument(page, { format: 'html', config: 's2tw' });
    for (const kept of ['var s = "汉字"', '.汉 { content: "头发"; }', '<code>汉字</code>', '<pre>汉字 <b>代码</b></pre>',
      '<span translate="no">汉字</span>', '<div class="a notranslate">汉字<b>汉</b></div>', '<div class="ignore-opencc">头发</div>',
      'wiki/汉字', 'src="汉.png"', 'value="文字"', '<!-- 注释汉字 -->', 'content="作者名"', 'class="汉字类"', 'data-x="数据"']) {
      expect(output).toContain(kept);
    }
  });

  it('updates lang from the source side to the target', () => {
    expect(convertDocument('<html lang="zh-CN"><p lang="zh-Hans">汉</p><p lang="en">x</p><p lang="zh-TW">漢</p>', { format: 'html', config: 's2tw' }))
      .toBe('<html lang="zh-TW"><p lang="zh-Hant">漢</p><p lang="en">x</p><p lang="zh-TW">漢</p>');
    expect(convertDocument('<html lang="zh-HK" xml:lang="zh-HK">', { format: 'xhtml', config: 'hk2s' })).toBe('<html lang="zh-CN" xml:lang="zh-CN">');
  });

  it('converts the seed article (a scraped fragment with <xmp> and <td>) like plain text', () => {
    const article = fixture('article.txt');
    const { output } = convertChecked(article, 'html', 't2s');
    expect(output).toBe(fixture('seed/article.zh-Hans.txt'));
    expect(output).toBe(convert(article, 't2s'));
  });

  it('rewrites a declaration of another encoding when told the output charset, and only then', () => {
    const html = '<meta charset="GB2312"><meta http-equiv="Content-Type" content="text/html; charset=gbk"><p>汉</p>';
    expect(convertDocument(html, { format: 'html', config: 's2t', charset: 'utf-8' }))
      .toBe('<meta charset="utf-8"><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><p>漢</p>');
    expect(convertDocument(html, { format: 'html', config: 's2t' })).toBe(html.replace('汉', '漢'));
    // gbk, gb2312 and gb18030 name one decoder in browsers: nothing to fix.
    expect(convertDocument(html, { format: 'html', config: 's2t', charset: 'gb18030' })).toBe(html.replace('汉', '漢'));
    const xhtml = '<?xml version="1.0" encoding=\'big5\'?>\n<html><p charset="big5">漢</p></html>';
    expect(convertDocument(xhtml, { format: 'xhtml', config: 't2s', charset: 'utf-8' }))
      .toBe('<?xml version="1.0" encoding=\'utf-8\'?>\n<html><p charset="big5">汉</p></html>');
  });

  it('converts quotes inside converted text only', () => {
    const html = '<p title="“标题”">他说：“你好，‘朋友’。”</p><code>“代码”</code>';
    expect(convertDocument(html, { format: 'html', config: 's2tw', quotes: 'cjk' }))
      .toBe('<p title="「標題」">他說：「你好，『朋友』。」</p><code>“代码”</code>');
    expect(convertDocument('<p>「你好」</p>', { format: 'html', config: 'tw2s', quotes: 'western' })).toBe('<p>“你好”</p>');
  });
});
