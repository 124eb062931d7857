/**
 * npm run site:screenshot: docs/playground.png, the playground at desktop and phone width side by side, taken in
 * Debian's Chromium (CHROMIUM_PATH, else /usr/bin/chromium) from the built site (npm run site first).
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveSite } from './serve.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { server, url } = await serveSite({ dir: `${root}dist/site`, port: 0 });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const shoot = async (viewport, scale, prepare) => {
    const page = await browser.newPage({ viewport, deviceScaleFactor: scale });
    await page.goto(url);
    await page.waitForSelector('html[data-rendered]', { state: 'attached' });
    await prepare(page);
    await page.waitForTimeout(300);
    const png = await page.screenshot();
    await page.close();
    return png.toString('base64');
  };
  const desktop = await shoot({ width: 1280, height: 800 }, 1, async (page) => {
    await page.selectOption('#config', 's2tw');
    await page.waitForTimeout(200);
    await page.locator('#output button.amb').first().click();
  });
  const phone = await shoot({ width: 390, height: 800 }, 1, async (page) => {
    await page.locator('.modes label', { hasText: 'Repair' }).click();
    await page.click('#sample');
    await page.evaluate(() => {
      document.activeElement.blur();
      document.getElementById('detect').open = false;
    });
    await page.locator('#output').scrollIntoViewIfNeeded();
  });
  const sheet = await browser.newPage({ viewport: { width: 1720, height: 840 } });
  await sheet.setContent(`<body style="margin:0;background:#e9e4dc;display:flex;gap:20px;padding:20px;align-items:flex-start">
<img src="data:image/png;base64,${desktop}" style="width:1280px;box-shadow:0 4px 18px #0003;border-radius:6px">
<img src="data:image/png;base64,${phone}" style="width:390px;box-shadow:0 4px 18px #0003;border-radius:18px"></body>`);
  mkdirSync(`${root}docs`, { recursive: true });
  await sheet.screenshot({ path: `${root}docs/playground.png` });
  console.log('wrote docs/playground.png');
} finally {
  await browser.close();
  server.close();
}
