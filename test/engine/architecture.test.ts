/** The core stays platform-neutral: only src/node, src/cli, src/build and src/bench may touch Node. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

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
