/**
 * The browser entry's explicit loading, run in Node (the data modules are plain ES modules): nothing converts before
 * its configuration is loaded, loadConverter brings in exactly that configuration's files, loadDetector the data of
 * detect and repair, and every result equals the Node entry's.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { CONFIG_NAMES } from '../../src/configs.js';
import { dataFilesOf } from './helpers.js';

const article = readFileSync(new URL('../fixtures/article.txt', import.meta.url), 'utf8');

async function entries() {
  // Each entry installs its own default store in a fresh copy of the core modules.
  vi.resetModules();
  const browser = await import('../../src/browser/index.js');
  const browserStore = (await import('../../src/data-source.js')).defaultStore();
  vi.resetModules();
  const node = await import('../../src/node/index.js');
  return { browser, browserStore, node };
}

describe('browser entry: data loaded explicitly, per configuration', () => {
  it('refuses to convert synchronously before loading, naming loadConverter', async () => {
    const { browser } = await entries();
    expect(() => browser.createConverter('s2t')).toThrow(expect.objectContaining({ code: 'DATA_NOT_LOADED' }));
    expect(() => browser.convert('汉字', 't2s')).toThrow(/loadConverter/);
    expect(() => browser.detect('漢字')).toThrow(/loadDetector/);
  });

  it('loadConverter loads only the files of its configuration, and converts as Node does', async () => {
    const { browser, browserStore, node } = await entries();
    const converter = await browser.loadConverter('s2twp');
    expect(converter.convert(article)).toBe(node.convert(article, 's2twp'));
    const loaded = browserStore.allFiles().filter((file) => browserStore.has(file));
    expect(loaded.sort()).toEqual(dataFilesOf('s2twp'));
    expect(loaded).toHaveLength(3);
    expect(converter.explain(article)).toEqual(node.createConverter('s2twp').explain(article));
    // Loaded once: the synchronous API now works for it, and for nothing else.
    expect(browser.convert('软件', 's2twp')).toBe('軟體');
    expect(() => browser.createConverter('t2s')).toThrow(expect.objectContaining({ code: 'DATA_NOT_LOADED' }));
  });

  it('every configuration, with and without corrections, converts as in Node', async () => {
    const { browser, node } = await entries();
    for (const { name } of node.CONFIGS) {
      for (const corrections of [true, false]) {
        const converter = await browser.loadConverter(name, { corrections });
        expect(converter.convert(article), `${name} corrections=${corrections}`)
          .toBe(node.createConverter(name, { corrections }).convert(article));
      }
    }
    const byPair = await browser.loadConverter({ from: 'cn', to: 'hk' });
    expect(byPair.convert(article)).toBe(node.convert(article, 's2hk'));
  });

  it('concurrent loads of one configuration share one request per file', async () => {
    const { browser } = await entries();
    const [a, b] = await Promise.all([browser.loadConverter('t2s'), browser.loadConverter('t2s')]);
    expect(a.convert('漢字')).toBe('汉字');
    expect(b.convert('漢字')).toBe('汉字');
  });

  it('loadDetector gives detect and repair, equal to Node', async () => {
    const { browser, node } = await entries();
    const { detect, repair } = await browser.loadDetector();
    expect(detect(article)).toEqual(node.detect(article));
    expect(repair(article, { to: 'tw' })).toEqual(node.repair(article, { to: 'tw' }));
    expect(repair(article, { to: 'cn' })).toEqual(node.repair(article, { to: 'cn' }));
    expect(() => repair(article, { to: 'tw', corrections: false })).toThrow(expect.objectContaining({ code: 'DATA_NOT_LOADED' }));
    await browser.loadDetector({ corrections: 'both' });
    expect(repair(article, { to: 'tw', corrections: false })).toEqual(node.repair(article, { to: 'tw', corrections: false }));
  });

  it('rejects unknown configurations and options with FanjianError', async () => {
    const { browser } = await entries();
    await expect(browser.loadConverter('s2x' as never)).rejects.toMatchObject({ code: 'UNKNOWN_CONFIG' });
    await expect(browser.loadConverter('s2t', { corrections: 'yes' as never })).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    await expect(browser.loadDetector({ corrections: 'maybe' as never })).rejects.toMatchObject({ code: 'INVALID_OPTION' });
  });

  it('the Node entry offers the same asynchronous API, resolved from disk', async () => {
    const { node } = await entries();
    const converter = await node.loadConverter('t2s');
    expect(converter.convert(article)).toBe(node.convert(article, 't2s'));
    const { detect } = await node.loadDetector();
    expect(detect(article).script).toBe(node.detect(article).script);
  });

  it('preload.json lists, for every configuration, the data modules loadConverter loads', async () => {
    const list = JSON.parse(readFileSync(new URL('../../dist/browser/data/preload.json', import.meta.url), 'utf8')) as
      { fanjian: Record<string, string[]>; upstream: Record<string, string[]> };
    const modules = (paths: readonly string[] = []) => paths.map((path) => path.replace(/^data\//, '').replace(/\.js$/, '.bin')).sort();
    expect(Object.keys(list.fanjian).sort()).toEqual([...CONFIG_NAMES].sort());
    for (const config of CONFIG_NAMES) {
      expect(modules(list.fanjian[config]), config).toEqual(dataFilesOf(config));
      expect(modules(list.upstream[config]), `${config}, corrections: false`).toEqual(dataFilesOf(config, false));
    }
    // And what the browser entry really loads, for one configuration each way.
    for (const corrections of [true, false]) {
      const { browser, browserStore } = await entries();
      await browser.loadConverter('s2hk', { corrections });
      const loaded = browserStore.allFiles().filter((file) => browserStore.has(file)).sort();
      expect(loaded).toEqual(modules(list[corrections ? 'fanjian' : 'upstream'].s2hk));
    }
  });
});
