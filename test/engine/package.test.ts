/** The built package as users get it: the bundled ES module and CommonJS entries (built by npm install/build). */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/node/index.js';
import { fixture } from './helpers.js';

const root = new URL('../../', import.meta.url);
const article = fixture('article.txt');

describe('package entries', () => {
  it('the ES module bundle converts like the sources', async () => {
    const bundle = (await import(pathToFileURL(`${root.pathname}dist/node/fanjian.js`).href)) as typeof import('../../src/node/index.js');
    expect(bundle.convert(article, 's2twp')).toBe(convert(article, 's2twp'));
    expect(bundle.CONFIGS).toHaveLength(16);
  });

  it('require("fanjian") gives the CommonJS bundle with the same API', () => {
    const require = createRequire(new URL('package.json', root));
    const fanjian = require('fanjian') as typeof import('../../src/node/index.js');
    expect(fanjian.convert(article, 't2s')).toBe(fixture('seed/article.zh-Hans.txt'));
    expect(() => fanjian.createConverter('nope' as never)).toThrow(fanjian.FanjianError);
  });
});
