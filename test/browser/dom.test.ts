/**
 * fanjian/dom in real Chromium: a live page converted in place (text nodes and the attributes people read, never
 * code, editable fields or translate="no"), a paragraph converted as one text across inline elements, content added
 * later followed, lang set, and restore() giving back document.documentElement.outerHTML byte for byte. The package's
 * dist/ is served as a static folder and the page imports fanjian.js and dom.bundle.js with no import map.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert } from '../../src/node/index.js';
import { convertDocument } from '../../src/node/documents.js';
import { launchChromium, repoRoot, serveStatic, type StaticServer } from './helpers.js';

const article = readFileSync(new URL('../fixtures/article.txt', import.meta.url), 'utf8');

/** Loads fanjian and fanjian/dom as a page would, into window.fj. */
const LOADER = `<script type="module">
import { loadConverter } from '/browser/fanjian.js';
import { convertDom } from '/browser/dom.bundle.js';
window.fj = { loadConverter, convertDom };
window.fjReady = true;
</script>`;

const PAGE = `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>头发和软件</title>
<meta name="description" content="软件下载"><meta name="viewport" content="width=device-width">
<style>p::before { content: "头发"; }</style>
<script>var 汉字 = "头发";</script>
</head>
<body>
<h1 id="title" title="软件">头发</h1>
<p id="inline">头<b>发</b>干了，<a href="/软件?q=头发">鼠标</a>和软件。</p>
<p id="longer">字<b>节</b>和U<i>盘</i></p>
<p>后来<!-- 头发 -->他说&amp;笑了。<br>里面</p>
<pre>头发 = 1</pre>
<p>用 <code>软件()</code> 和 <kbd>头发</kbd>。</p>
<div translate="no">头发</div><div class="notranslate">头发</div>
<div contenteditable="true">头发</div>
<textarea>头发</textarea>
<input type="text" value="软件" placeholder="输入软件"><input type="button" value="下载软件">
<img src="头发.png" alt="头发照片"><button aria-label="关闭软件">×</button>
<span lang="zh-CN">头发</span> <span lang="en">hello 头发</span>
<ul id="list"><li>鼠标</li></ul>
<code id="code"></code>
${LOADER}
</body></html>`;

let browser: Browser;
let server: StaticServer;
beforeAll(async () => {
  browser = await launchChromium();
  server = await serveStatic(join(repoRoot, 'dist'));
  server.pages.set('/dom.html', PAGE);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path: string): Promise<Page> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(new URL(path.slice(1), server.url).href);
  await page.waitForFunction('window.fjReady === true', undefined, { timeout: 30_000 });
  expect(errors).toEqual([]);
  return page;
}

const html = (page: Page) => page.evaluate(() => document.documentElement.outerHTML);

describe('fanjian/dom', () => {
  it('converts text and the attributes people read, skips code and editable fields, sets lang, restores exactly', async () => {
    const page = await open('/dom.html');
    const before = await html(page);
    await page.evaluate(async () => {
      const { loadConverter, convertDom } = (window as any).fj;
      (window as any).conversion = convertDom(document, { converter: await loadConverter('s2twp') });
    });
    const $ = (selector: string, what = 'innerHTML') => page.$eval(selector, (e, w) => (w.startsWith('@') ? e.getAttribute(w.slice(1)) : (e as any)[w]), what);
    expect(await page.title()).toBe('頭髮和軟體');
    expect(await $('meta[name=description]', '@content')).toBe('軟體下載');
    expect(await $('meta[name=viewport]', '@content')).toBe('width=device-width');
    expect(await $('#title')).toBe('頭髮');
    expect(await $('#title', '@title')).toBe('軟體');
    // 头<b>发</b> is the word 头发 (发 alone would be 發); the link's URL stays.
    expect(await $('#inline')).toBe('頭<b>髮</b>幹了，<a href="/软件?q=头发">滑鼠</a>和軟體。');
    // Phrases whose conversion is longer than their source (字节 → 位元組, U盘 → 隨身碟), across elements: all of it
    // goes where the phrase starts.
    expect(await $('#longer')).toBe('位元組<b></b>和隨身碟<i></i>');
    expect(await page.$eval('p:nth-of-type(3)', (e) => e.innerHTML)).toBe('後來<!-- 头发 -->他說&amp;笑了。<br>裡面');
    expect(await $('pre')).toBe('头发 = 1');
    expect(await page.$eval('code', (e) => e.parentElement!.innerHTML)).toBe('用 <code>软件()</code> 和 <kbd>头发</kbd>。');
    expect(await page.$$eval('div', (ds) => ds.map((d) => d.textContent))).toEqual(['头发', '头发', '头发']);
    expect(await $('textarea', 'value')).toBe('头发');
    expect(await $('input[type=text]', '@value')).toBe('软件');
    expect(await $('input[type=text]', '@placeholder')).toBe('輸入軟體');
    expect(await $('input[type=button]', '@value')).toBe('下載軟體');
    expect(await $('img', '@alt')).toBe('頭髮照片');
    expect(await $('img', '@src')).toBe('头发.png');
    expect(await $('button', '@aria-label')).toBe('關閉軟體');
    expect(await page.$$eval('span', (ss) => ss.map((s) => `${s.lang}:${s.textContent}`))).toEqual(['zh-TW:頭髮', 'en:hello 頭髮']);
    expect(await $('html', '@lang')).toBe('zh-TW');
    expect(await page.$eval('head script', (e) => e.textContent)).toBe('var 汉字 = "头发";');
    expect(await page.$eval('style', (e) => e.textContent)).toBe('p::before { content: "头发"; }');

    await page.evaluate(() => (window as any).conversion.restore());
    expect(await html(page)).toBe(before);
    await page.close();
  });

  it('follows content added later when asked, and restores the page as the page itself left it', async () => {
    /** The page's own changes: a paragraph added, a text replaced, a text node edited, an attribute set, code. */
    const mutate = () => {
      const p = document.createElement('p');
      p.id = 'added';
      p.innerHTML = '鼠标和<i>软件</i>';
      document.body.append(p);
      document.getElementById('title')!.textContent = '后来的软件';
      (document.querySelector('#list li')!.firstChild as Text).data = '头发';
      document.getElementById('title')!.setAttribute('title', '下载');
      document.getElementById('code')!.textContent = '头发()';
      const li = document.createElement('li');
      li.textContent = '干部';
      document.getElementById('list')!.append(li);
    };
    // What the page looks like after its own changes, never converted.
    const control = await open('/dom.html');
    await control.evaluate(mutate);
    const expected = await html(control);
    await control.close();

    const page = await open('/dom.html');
    await page.evaluate(async () => {
      const { loadConverter, convertDom } = (window as any).fj;
      (window as any).conversion = convertDom(document, { converter: await loadConverter('s2tw'), observe: true });
    });
    await page.evaluate(mutate);
    await page.evaluate(() => new Promise((done) => setTimeout(done, 0))); // the observer's callback
    expect(await page.$eval('#added', (e) => e.innerHTML)).toBe('鼠標和<i>軟件</i>');
    expect(await page.$eval('#title', (e) => [e.textContent, e.getAttribute('title')])).toEqual(['後來的軟件', '下載']);
    expect(await page.$$eval('#list li', (ls) => ls.map((l) => l.textContent))).toEqual(['頭髮', '幹部']);
    expect(await page.$eval('#code', (e) => e.textContent)).toBe('头发()');

    await page.evaluate(() => (window as any).conversion.restore());
    expect(await html(page)).toBe(expected);
    // Restored pages are no longer followed.
    await page.evaluate(() => {
      document.getElementById('title')!.textContent = '软件';
    });
    await page.evaluate(() => new Promise((done) => setTimeout(done, 0)));
    expect(await page.$eval('#title', (e) => e.textContent)).toBe('软件');
    await page.close();
  });

  it('changes what the HTML format changes (one policy): a page converted live equals the converted file', async () => {
    // Apart from what only a live page has: phrases across inline elements (a file's converter sees each text
    // between tags) and contenteditable regions, where a person may be typing (a file's are converted).
    const source = PAGE.replace('字<b>节</b>和U<i>盘</i>', '字节和U盘').replace('头<b>发</b>', '头发')
      .replace('<div contenteditable="true">头发</div>', '');
    server.pages.set('/original.html', source);
    server.pages.set('/converted.html', convertDocument(source, { format: 'html', config: 's2twp' }));
    const live = await open('/original.html');
    await live.evaluate(async () => {
      const { loadConverter, convertDom } = (window as any).fj;
      convertDom(document, { converter: await loadConverter('s2twp') });
    });
    const file = await open('/converted.html');
    expect(await html(live)).toBe(await html(file));
    await live.close();
    await file.close();
  });

  it('converts an element only, and a long real page; restore is byte-identical', async () => {
    const paragraphs = article.split('\n');
    server.pages.set('/article.html', `<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title></head><body>
<header id="keep">后来</header><main id="main">${paragraphs.map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`).join('\n')}</main>${LOADER}</body></html>`);
    const page = await open('/article.html');
    const before = await html(page);
    const ms = await page.evaluate(async () => {
      const { loadConverter, convertDom } = (window as any).fj;
      const converter = await loadConverter('t2s');
      const started = performance.now();
      (window as any).conversion = convertDom(document.getElementById('main')!, { converter, lang: false });
      return performance.now() - started;
    });
    expect(await page.$$eval('#main p', (ps) => ps.map((p) => p.textContent))).toEqual(paragraphs.map((p) => convert(p, 't2s')));
    expect(await page.$eval('#keep', (e) => e.textContent)).toBe('后来');
    expect(await page.$eval('html', (e) => e.hasAttribute('lang'))).toBe(false);
    expect(ms).toBeGreaterThan(0);
    await page.evaluate(() => (window as any).conversion.restore());
    expect(await html(page)).toBe(before);
    await page.close();
  });

  it('a chained pair\'s converter (hk → tw) sets its target\'s lang too', async () => {
    server.pages.set('/pair.html', `<!DOCTYPE html><html lang="zh-HK"><head><meta charset="utf-8"><title>x</title></head><body>
<p id="p">${'裏面'}</p>${LOADER}</body></html>`);
    const page = await open('/pair.html');
    await page.evaluate(async () => {
      const { loadConverter, convertDom } = (window as any).fj;
      (window as any).conversion = convertDom(document, { converter: await loadConverter({ from: 'hk', to: 'tw' }) });
    });
    expect(await page.$eval('#p', (e) => e.textContent)).toBe(convert('裏面', { from: 'hk', to: 'tw' }));
    expect(await page.$eval('html', (e) => e.lang)).toBe('zh-TW');
    await page.close();
  });

  it('refuses a call without a converter', async () => {
    const page = await open('/dom.html');
    const message = await page.evaluate(() => {
      try {
        (window as any).fj.convertDom(document, {});
        return 'no error';
      } catch (error) {
        return String(error);
      }
    });
    expect(message).toMatch(/TypeError: convertDom needs \{ converter \}/);
    await page.close();
  });
});
