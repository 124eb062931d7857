/**
 * The playground page in real Chromium (Debian's, through playwright-core): built by site/build.mjs into a
 * temporary folder and served by site/serve.mjs (what `npm run site` and `npm run serve` run). Typing, choosing a
 * candidate with mouse and keyboard, exporting the dictionary and using it with the CLI's --dict, detect, repair of
 * the seed article against its gold file, files (GBK, Big5, HTML, EPUB) converted byte for byte as the CLI
 * converts them, offline use, phone width.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import iconv from 'iconv-lite';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIGS, convert, createConverter, detect } from '../../src/node/index.js';
import { fanjian } from '../cli/helpers.js';
import { launchChromium, repoRoot } from './helpers.js';
// @ts-expect-error -- a plain ES module script without type declarations
import { serveSite } from '../../site/serve.mjs';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const article = fixture('article.txt');
const simplified = fixture('seed/article.zh-Hans.txt');
const repairedGold = fixture('seed/article.zh-TW.repaired.txt');

let browser: Browser;
let url: string;
let server: { close(): void; closeAllConnections(): void };
let folder: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'fanjian-site-'));
  execFileSync(process.execPath, [join(repoRoot, 'site', 'build.mjs')], {
    cwd: repoRoot, env: { ...process.env, FANJIAN_SITE_DIR: join(folder, 'site') }, stdio: 'pipe',
  });
  ({ server, url } = await serveSite({ dir: join(folder, 'site'), port: 0 }));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  server?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** A fresh browser context (own storage) with the playground loaded and rendered. */
async function open(options: { width?: number; height?: number } = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(url);
  await page.waitForSelector('html[data-rendered]', { state: 'attached', timeout: 30_000 });
  return { context, page, errors };
}

const rendered = (page: Page) => page.evaluate(() => Number(document.documentElement.dataset.rendered ?? 0));

/** Runs `action` and waits until the page has rendered after it. */
async function afterRender(page: Page, action: () => Promise<unknown>): Promise<void> {
  const before = await rendered(page);
  await action();
  await page.waitForFunction((n) => Number(document.documentElement.dataset.rendered ?? 0) > n, before, { timeout: 30_000 });
  // A render scheduled by the same action may still be pending: settle on the last one.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 50))));
}

const setText = (page: Page, text: string) => afterRender(page, () => page.fill('#input', text));
const outputText = (page: Page) => page.locator('#output').evaluate((e) => e.textContent ?? '');
async function chooseConfig(page: Page, config: string): Promise<void> {
  if ((await page.inputValue('#config')) === config) return;
  await afterRender(page, () => page.selectOption('#config', config));
}

async function downloadOf(page: Page, click: () => Promise<unknown>): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return readFileSync(await download.path());
}

describe('playground: convert as you type', () => {
  it('reaches its first output fetching only what it shows: no file-drop code, documents module or detect data', async () => {
    const { context, page } = await open();
    const before = await page.evaluate(() => {
      const mark = performance.getEntriesByName('fanjian:first-output')[0]!;
      return performance.getEntriesByType('resource').filter((e) => e.startTime < mark.startTime).map((e) => new URL(e.name).pathname);
    });
    expect(before.some((path) => path.endsWith('/fanjian.js'))).toBe(true);
    expect(before.filter((path) => /documents\.bundle|file-encoding|attested-|script-classes|\/sw\.js/.test(path))).toEqual([]);
    await context.close();
  });

  it('types into the input and shows the conversion with changed spans marked', async () => {
    const { context, page, errors } = await open();
    await chooseConfig(page, 's2twp');
    await setText(page, '');
    await afterRender(page, () => page.type('#input', '鼠标和软件'));
    expect(await outputText(page)).toBe('滑鼠和軟體');
    expect(await page.locator('#output .chg').allTextContents()).toEqual(['滑鼠', '軟體']);
    expect(await page.locator('#output .chg').first().getAttribute('title')).toMatch(/鼠标 → 滑鼠 · TWPhrases/);
    expect(await page.locator('#stats').textContent()).toMatch(/5 characters · 2 changed/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('converts with every configuration exactly as Node does, marking each span explain reports', async () => {
    const { context, page, errors } = await open();
    for (const config of CONFIGS) {
      const text = (config.from === 'cn' ? simplified : article).slice(0, 1500);
      await setText(page, text);
      await chooseConfig(page, config.name);
      expect(await outputText(page), config.name).toBe(convert(text, config.name));
      const changed = createConverter(config.name).explain(text).filter((s) => s.source !== s.target || s.ambiguous);
      expect(await page.locator('#output .chg, #output .amb').allTextContents(), config.name).toEqual(changed.map((s) => s.target));
      expect(await page.locator('#output .amb').count(), config.name).toBe(changed.filter((s) => s.ambiguous).length);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the detect result: script, variant and the outliers marked in the input', async () => {
    const { context, page } = await open();
    await setText(page, '這里并沒有干部。');
    expect(await page.locator('#detect-badge').textContent()).toMatch(/^Mixed scripts/);
    expect(await page.locator('#highlights mark.outlier').allTextContents()).toEqual(['并']);
    expect(await page.locator('#detect-summary .chip').allTextContents()).toEqual(['并']);
    await setText(page, article);
    const expected = detect(article);
    expect(expected.script).toBe('traditional');
    expect(await page.locator('#detect-badge').textContent()).toMatch(/^Traditional · tw · \d+%/);
    expect(await page.locator('#detect-summary').textContent()).toContain('Taiwan standard');
    expect(await page.locator('#highlights mark.outlier').allTextContents()).toEqual(expected.outliers.map((o) => o.char));
    expect(await page.locator('#detect-summary').textContent()).toMatch(/Lines in the other script/);
    await context.close();
  });
});

describe('playground: candidates and the user dictionary', () => {
  it('a click on a candidate chooses it; the exported dictionary makes the CLI give the same output', async () => {
    const { context, page } = await open();
    await chooseConfig(page, 's2tw');
    const text = '她冲了一杯咖啡，又冲了一杯茶。';
    await setText(page, text);
    expect(await outputText(page)).toBe('她衝了一杯咖啡，又衝了一杯茶。'); // 冲 → 衝 is the default, and ambiguous
    await page.locator('#output button.amb').first().click();
    await expect.poll(() => page.locator('#popover').isVisible()).toBe(true);
    expect(await page.locator('#popover .candidate').allTextContents()).toEqual(['衝', '沖']);
    await page.locator('#popover-scope label', { hasText: '冲 everywhere' }).click();
    await afterRender(page, () => page.locator('#popover .candidate', { hasText: '沖' }).click());
    expect(await outputText(page)).toBe('她沖了一杯咖啡，又沖了一杯茶。');
    expect(await page.locator('#output .usr').allTextContents()).toEqual(['沖', '沖']);
    expect(await page.locator('#dictionary-list .pair').allTextContents()).toEqual(['冲 → 沖']);

    const exported = await downloadOf(page, () => page.click('#dictionary-export'));
    expect(exported.toString('utf8')).toMatch(/^# fanjian user dictionary for s2tw/);
    expect(exported.toString('utf8').split('\n')).toContain('冲\t沖');
    const dir = mkdtempSync(join(tmpdir(), 'fanjian-dict-'));
    try {
      writeFileSync(join(dir, 'dictionary.txt'), exported);
      const cli = await fanjian(['convert', '-c', 's2tw', '--dict', join(dir, 'dictionary.txt')], { input: text });
      expect(cli.stderr).toBe('');
      expect(cli.stdout.toString('utf8')).toBe(await outputText(page));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // Kept in the browser: a reload still applies it.
    await page.reload();
    await page.waitForSelector('html[data-rendered]', { state: 'attached' });
    await setText(page, text);
    expect(await outputText(page)).toBe('她沖了一杯咖啡，又沖了一杯茶。');
    await afterRender(page, () => page.getByRole('button', { name: 'Remove 冲 → 沖' }).click());
    expect(await outputText(page)).toBe('她衝了一杯咖啡，又衝了一杯茶。');
    await context.close();
  });

  it('works from the keyboard: Tab to a mark, Enter, arrows, Escape, Enter to choose', async () => {
    const { context, page } = await open();
    await chooseConfig(page, 's2tw');
    await setText(page, '她冲了一杯咖啡。');
    await page.focus('#input');
    let reached = false;
    for (let i = 0; i < 15 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.matches('#output button.amb') ?? false);
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#popover').isVisible()).toBe(true);
    const focused = () => page.evaluate(() => document.activeElement?.textContent ?? '');
    expect(await focused()).toBe('衝');
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe('沖');
    await page.keyboard.press('Escape');
    expect(await page.locator('#popover').isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.matches('#output button.amb'))).toBe(true);

    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowRight');
    await afterRender(page, () => page.keyboard.press('Enter'));
    // The default scope is the word with the character before: 她冲 → 她沖.
    expect(await outputText(page)).toBe('她沖了一杯咖啡。');
    expect(await page.locator('#dictionary-list .pair').allTextContents()).toEqual(['她冲 → 她沖']);
    expect(await page.evaluate(() => document.activeElement?.matches('#output .usr'))).toBe(true);

    // Modes switch with the arrow keys like any radio group.
    await page.focus('input[name=mode][value=convert]');
    await afterRender(page, () => page.keyboard.press('ArrowRight'));
    expect(await page.locator('#target-field').isVisible()).toBe(true);
    await context.close();
  });
});

describe('playground: repair', () => {
  it('repairs the seed article exactly as the gold file, listing each change with its reason', async () => {
    const { context, page, errors } = await open();
    await afterRender(page, () => page.locator('.modes label', { hasText: 'Repair' }).click());
    await setText(page, '這里并沒有干部。');
    expect(await outputText(page)).toBe('這裡並沒有幹部。');
    const rows = page.locator('#changes-body tr');
    expect(await rows.count()).toBe(3);
    expect(await rows.nth(1).textContent()).toMatch(/1:3并 → 並out-of-script-character.*not used in Traditional/);
    expect(await page.locator('#highlights mark.fix').allTextContents()).toEqual(['里', '并', '干']);
    expect(await page.locator('#highlights mark.outlier').count()).toBe(0); // repair mode marks its changes only

    await setText(page, article);
    expect(await outputText(page)).toBe(repairedGold);
    expect(await rows.count()).toBe(53);
    expect(await page.locator('#changes-summary').textContent()).toMatch(/^53 changes: .*out-of-script-line/);
    expect(errors).toEqual([]);
    await context.close();
  });
});

/** An EPUB with one chapter, for the file round trip. */
function epub(): Uint8Array {
  const opf = `<?xml version="1.0" encoding="UTF-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">urn:test:1</dc:identifier><dc:title>汉字的头发</dc:title><dc:language>zh-CN</dc:language></metadata>
<manifest><item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c1"/></spine></package>`;
  return zipSync({
    mimetype: [strToU8('application/epub+zip'), { level: 0 }],
    'META-INF/container.xml': strToU8('<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>'),
    'content.opf': strToU8(opf),
    'c1.xhtml': strToU8('<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml" lang="zh-CN"><head><title>头发</title></head><body><p>后来他用鼠标打开了软件。</p><pre>汉字</pre></body></html>'),
  });
}

describe('playground: files', () => {
  const cases: { name: string; config: string; bytes: Uint8Array; shows: RegExp; contains: string }[] = [
    { name: '文章.txt', config: 's2tw', bytes: iconv.encode(simplified.slice(0, 2000), 'gbk'), shows: /read as GBK \/ GB18030/, contains: '主動打理30多個微信群 邯鄲一區委書記牛穎成“網紅”' },
    { name: 'subs.srt', config: 'tw2s', bytes: iconv.encode('1\r\n00:00:01,000 --> 00:00:02,500\r\n這裡並沒有幹部，後來頭髮乾了。\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\n滑鼠和軟體的記憶體不夠用。\r\n', 'big5'), shows: /read as Big5/, contains: '这里并没有干部，后来头发干了。' },
    { name: 'page.html', config: 's2tw', bytes: iconv.encode('<!doctype html><html lang="zh-CN"><head><meta charset="gbk"><title>头发</title></head><body><p title="软件">后来他用鼠标打开了软件。</p><code>汉字</code></body></html>', 'gbk'), shows: /HTML · read as GBK/, contains: '<meta charset="utf-8"><title>頭髮</title></head><body><p title="軟件">後來他用鼠標打開了軟件。</p><code>汉字</code>' },
    { name: 'notes.md', config: 's2twp', bytes: strToU8('# 软件\n\n后来他用**鼠标**打开了 `汉字` 软件。\n'), shows: /Markdown · read as UTF-8/, contains: '# 軟體\n\n後來他用**滑鼠**打開了 `汉字` 軟體。' },
    // Phrases across markup whose conversion has another length (字节 → 位元組, U盘 → 隨身碟).
    { name: 'across.html', config: 's2twp', bytes: strToU8('<p>字<b>节</b>和<i>U</i>盘，<a href="x">打印</a>机</p>'), shows: /HTML · read as UTF-8/, contains: '<p>位元組<b></b>和<i>隨身碟</i>，<a href="x">印表</a>機</p>' },
    { name: 'leftovers.md', config: 'repair', bytes: strToU8('# 說明\n\n這里并沒有**干部**，他于去年來過。\n'), shows: /Markdown/, contains: '這裡並沒有**幹部**，他於去年來過。' },
  ];

  it.each(cases)('$name: downloaded converted, byte for byte as the CLI converts it', async ({ name, config, bytes, shows, contains }) => {
    const { context, page, errors } = await open();
    if (config === 'repair') await afterRender(page, () => page.locator('.modes label', { hasText: 'Repair' }).click());
    else await chooseConfig(page, config);
    await page.setInputFiles('#file-input', { name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
    const card = page.locator('#file-results .file').first();
    await card.locator('button.download').waitFor({ timeout: 30_000 });
    expect(await card.textContent()).toMatch(shows);
    const downloaded = await downloadOf(page, () => card.locator('button.download').click());
    const dir = mkdtempSync(join(tmpdir(), 'fanjian-file-'));
    try {
      writeFileSync(join(dir, name), bytes);
      const cli = await fanjian(config === 'repair' ? ['repair', '-t', 'tw', join(dir, name)] : ['convert', '-c', config, join(dir, name)]);
      expect(cli.code, cli.stderr).toBe(0);
      expect(downloaded.toString('utf8')).toBe(cli.stdout.toString('utf8'));
      expect(downloaded.toString('utf8')).toContain(contains);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an EPUB dropped on the page comes back converted as the CLI converts it', async () => {
    const { context, page } = await open();
    await chooseConfig(page, 's2tw');
    const bytes = epub();
    await page.evaluate((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], '书.epub', { type: 'application/epub+zip' }));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        window.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }
    }, [...bytes]);
    const card = page.locator('#file-results .file').first();
    await card.locator('button.download').waitFor({ timeout: 30_000 });
    expect(await card.locator('button.download').textContent()).toBe('Download 書.s2tw.epub');
    const downloaded = unzipSync(new Uint8Array(await downloadOf(page, () => card.locator('button.download').click())));
    const dir = mkdtempSync(join(tmpdir(), 'fanjian-epub-'));
    try {
      writeFileSync(join(dir, 'in.epub'), bytes);
      const cli = await fanjian(['convert', '-c', 's2tw', '-o', join(dir, 'out.epub'), join(dir, 'in.epub')]);
      expect(cli.code, cli.stderr).toBe(0);
      const expected = unzipSync(new Uint8Array(readFileSync(join(dir, 'out.epub'))));
      expect(Object.keys(downloaded)).toEqual(Object.keys(expected));
      for (const entry of Object.keys(expected)) expect(strFromU8(downloaded[entry]!), entry).toBe(strFromU8(expected[entry]!));
      expect(strFromU8(downloaded['c1.xhtml']!)).toContain('<p>後來他用鼠標打開了軟件。</p><pre>汉字</pre>');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await context.close();
  });

  it.each(['document.docx', 'spreadsheet.xlsx', 'presentation.odp'])('%s (an Office file): converted as the CLI converts it', async (name) => {
    const { context, page, errors } = await open();
    await chooseConfig(page, 's2tw');
    const bytes = readFileSync(new URL(`../fixtures/office/${name}`, import.meta.url));
    await page.setInputFiles('#file-input', { name, mimeType: 'application/octet-stream', buffer: bytes });
    const card = page.locator('#file-results .file').first();
    await card.locator('button.download').waitFor({ timeout: 30_000 });
    const downloaded = unzipSync(new Uint8Array(await downloadOf(page, () => card.locator('button.download').click())));
    const dir = mkdtempSync(join(tmpdir(), 'fanjian-office-'));
    try {
      const [stem, extension] = name.split('.');
      writeFileSync(join(dir, name), bytes);
      const cli = await fanjian(['convert', '-c', 's2tw', '-o', join(dir, `${stem}.out.${extension}`), join(dir, name)]);
      expect(cli.code, cli.stderr).toBe(0);
      const expected = unzipSync(new Uint8Array(readFileSync(join(dir, `${stem}.out.${extension}`))));
      const original = unzipSync(new Uint8Array(bytes));
      expect(Object.keys(downloaded)).toEqual(Object.keys(expected));
      for (const entry of Object.keys(expected)) expect(strFromU8(downloaded[entry]!), entry).toBe(strFromU8(expected[entry]!));
      expect(Object.keys(expected).some((entry) => strFromU8(expected[entry]!) !== strFromU8(original[entry]!))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a short file that reads as GBK and as Big5 is not guessed: the user sees both readings and chooses', async () => {
    const { context, page } = await open();
    await chooseConfig(page, 's2tw');
    // 北京 in GBK falls inside both GBK's and Big5's frequent characters, and is too short for statistics.
    const bytes = iconv.encode('北京', 'gbk');
    await page.setInputFiles('#file-input', { name: 'short.txt', mimeType: 'text/plain', buffer: bytes });
    const card = page.locator('#file-results .file').first();
    await card.locator('[role=alert]').waitFor();
    expect(await card.locator('[role=alert]').textContent()).toBe('short.txt could be GBK / GB18030 or Big5 and the evidence is not clear: choose its encoding.');
    expect(await card.locator('.readings li').allTextContents()).toEqual(['GBK / GB18030: 北京', `Big5: ${iconv.decode(bytes, 'big5')}`]);
    expect(await card.locator('button.download').count()).toBe(0);
    await card.locator('select').selectOption('gb18030');
    const chosen = page.locator('#file-results .file').first();
    await chosen.locator('button.download').waitFor();
    expect(await chosen.textContent()).toMatch(/read as GBK \/ GB18030 \(chosen by you\)/);
    expect((await downloadOf(page, () => chosen.locator('button.download').click())).toString('utf8')).toBe('北京');
    await context.close();
  });

  it('refuses bytes that no encoding explains, naming the file, and lets the user choose an encoding', async () => {
    const { context, page } = await open();
    await page.setInputFiles('#file-input', { name: 'broken.txt', mimeType: 'text/plain', buffer: Buffer.from([0xe4, 0xb8, 0x80, 0xff, 0xfe, 0x41, 0xff]) });
    const card = page.locator('#file-results .file').first();
    await card.locator('[role=alert]').waitFor();
    expect(await card.locator('[role=alert]').textContent()).toMatch(/broken\.txt is neither UTF-8 nor GBK\/GB18030 nor Big5/);
    expect(await card.locator('select').count()).toBe(1);
    await context.close();
  });
});

describe('npm run serve (site/serve.mjs)', () => {
  it('serves the built files with their types, and nothing outside the folder', async () => {
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<script type="module" src="playground.js"></script>');
    expect((await fetch(new URL('playground.js', url))).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(new URL('missing.js', url))).status).toBe(404);
    for (const path of ['..%2f..%2fpackage.json', '%2e%2e/%2e%2e/package.json', '..%5c..%5cpackage.json']) {
      expect([403, 404], path).toContain((await fetch(url + path)).status);
    }
  });

  it('compresses text files for browsers that accept gzip, and answers an unchanged revalidation with 304', async () => {
    const get = (path: string, headers: Record<string, string>) => new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((done, fail) => {
      request(new URL(path, url), { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
      }).on('error', fail).end();
    });
    const plain = await get('fanjian.js', {});
    const zipped = await get('fanjian.js', { 'accept-encoding': 'gzip, br' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    expect(zipped.body.length).toBeLessThan(plain.body.length / 2);
    expect(zipped.headers.etag).not.toBe(plain.headers.etag);
    const again = await get('fanjian.js', { 'accept-encoding': 'gzip', 'if-none-match': String(zipped.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    // Another encoding's tag, or none, gets the file.
    expect((await get('fanjian.js', { 'if-none-match': String(zipped.headers.etag) })).status).toBe(200);
    expect((await get('icon.svg', { 'accept-encoding': 'gzip' })).headers['content-encoding']).toBe('gzip');
    // The dictionaries fetched as bytes (an s2t page's largest file) are compressed too.
    const bin = readdirSync(join(folder, 'site', 'data')).find((name) => name.endsWith('.bin'))!;
    const bytes = await get(`data/${bin}`, {});
    const packed = await get(`data/${bin}`, { 'accept-encoding': 'gzip' });
    expect(bytes.headers['content-type']).toBe('application/octet-stream');
    expect(packed.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(packed.body).equals(bytes.body)).toBe(true);
    expect(packed.body.length).toBeLessThan(bytes.body.length * 0.75);
  });
});

describe('playground: offline and phone width', () => {
  it('works offline once loaded, with a configuration not used before', async () => {
    const { context, page } = await open();
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((done) => navigator.serviceWorker.addEventListener('controllerchange', done, { once: true }));
      }
    });
    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('html[data-rendered]', { state: 'attached', timeout: 30_000 });
    await setText(page, '漢字的頭髮');
    await chooseConfig(page, 't2jp');
    expect(await outputText(page)).toBe(convert('漢字的頭髮', 't2jp'));
    await chooseConfig(page, 'hk2s');
    expect(await outputText(page)).toBe('汉字的头发');
    await context.close();
  });

  it('fits a phone screen: no sideways scrolling, panes stacked', async () => {
    const { context, page } = await open({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const input = await page.locator('.pane').nth(0).boundingBox();
    const output = await page.locator('.pane').nth(1).boundingBox();
    expect(output!.y).toBeGreaterThanOrEqual(input!.y + input!.height);
    await context.close();
  });
});
