/** The core stays platform-neutral: only src/node, src/cli, src/build and src/bench may touch Node. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

const src = new URL('../../src/', import.meta.url);
const edges = ['node/', 'cli/', 'build/', 'bench/'];

function sources(dir = ''): string[] {
  return readdirSync(new URL(dir, src), { withFileTypes: true }).flatMap((entry) => {
    const path = dir + entry.name;
    if (entry.isDirectory()) return edges.includes(`${path}/`) ? [] : sources(`${path}/`);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('architecture', () => {
  const core = sources();
  it('finds the core modules', () => {
    expect(core).toEqual(expect.arrayContaining(['converter.ts', 'conversion-chain.ts', 'dictionary/compiled-dictionary.ts']));
  });

  it.each(core)('%s uses no Node API', (path) => {
    const text = readFileSync(new URL(path, src), 'utf8');
    expect(text).not.toMatch(/from ['"](node:|fs|path|os|child_process|worker_threads)['"/]/);
    expect(text).not.toMatch(/\bprocess\.[a-z]|\bBuffer\.[a-z]|\brequire\(/);
  });
});

describe('browser entry', () => {
  it('converts with the embedded dictionaries exactly as the Node entry does', async () => {
    const text = readFileSync(new URL('../fixtures/article.txt', import.meta.url), 'utf8');
    const configs = ['s2twp', 't2s', 'jp2t'] as const;
    // Each entry installs its own data source in a fresh copy of the core modules.
    vi.resetModules();
    const browser = await import('../../src/browser/index.js');
    expect((await import('../../src/data-source.js')).dataSourceLocation()).toMatch(/embedded/);
    const viaBrowser = configs.map((config) => browser.convert(text, config));
    vi.resetModules();
    const node = await import('../../src/node/index.js');
    expect(viaBrowser).toEqual(configs.map((config) => node.convert(text, config)));
    expect(viaBrowser[1]).not.toBe(text);
  });
});
