/**
 * Naming a conversion: configuration and pair names in any case, BCP 47 tags (zh-CN, zh-TW, zh-HK, zh-Hant, zh-MO,
 * zh-SG, …) as locales or as a target alone, and a "did you mean" for a mistyped name — in the library and the CLI.
 */
import { describe, expect, it } from 'vitest';
import {
  CONFIG_NAMES, configInfo, convert, createConverter, FanjianError, PAIR_NAMES, type ConfigName,
} from '../../src/node/index.js';
import { localeOf } from '../../src/locales.js';
import { closestName, editDistance } from '../../src/suggest.js';
import { fanjian } from '../cli/helpers.js';

function errorOf(action: () => unknown): FanjianError {
  try {
    action();
  } catch (error) {
    if (error instanceof FanjianError) return error;
    throw error;
  }
  throw new Error('expected a FanjianError');
}

describe('BCP 47 tags', () => {
  it.each([
    ['zh-CN', 'cn'], ['zh-Hans', 'cn'], ['zh-SG', 'cn'], ['zh-MY', 'cn'], ['zh-Hans-CN', 'cn'], ['zh-Hans-TW', 'cn'],
    ['zh-TW', 'tw'], ['zh-Hant-TW', 'tw'], ['zh_TW', 'tw'], ['ZH-tw', 'tw'],
    ['zh-HK', 'hk'], ['zh-MO', 'hk'], ['zh-Hant-HK', 'hk'], ['zh-Hant-MO', 'hk'],
    ['zh-Hant', 't'], ['zh-Hant-US', 't'], ['ja', 'jp'], ['ja-JP', 'jp'],
    ['cn', 'cn'], ['TWP', 'twp'], ['hkp', 'hkp'], ['t', 't'],
  ])('%s names %s', (tag, locale) => {
    expect(localeOf(tag)).toBe(locale);
  });

  it.each(['zh', 'zh-US', 'zh-Latn', 'zh-Latn-TW', 'en-US', 'zh-TW-TW', 'ja-KR', 'zh-', 'zh-yue-HK', 'tw2s', ''])('%s names no locale', (tag) => {
    expect(localeOf(tag)).toBeNull();
  });

  it('work as { from, to } and as a target alone (from the other script)', () => {
    expect(createConverter({ from: 'zh-CN', to: 'zh-TW' }).config).toBe('s2tw');
    expect(createConverter({ from: 'zh-HK', to: 'zh-TW' }).config).toBe('hk2tw');
    expect(createConverter({ from: 'zh-TW', to: 'zh-Hans' }).config).toBe('tw2s');
    expect(createConverter({ from: 'zh-MO', to: 'zh-CN' }).config).toBe('hk2s');
    expect(createConverter({ from: 'zh-Hant', to: 'zh-SG' }).config).toBe('t2s');
    expect(createConverter({ to: 'zh-TW' }).config).toBe('s2tw');
    expect(createConverter({ to: 'zh-Hant' }).config).toBe('s2t');
    expect(createConverter({ to: 'zh-CN' }).config).toBe('t2s');
    expect(createConverter({ to: 'ja' }).config).toBe('t2jp');
    expect(createConverter('zh-TW').config).toBe('s2tw');
    expect(createConverter('zh-hk').config).toBe('s2hk');
    expect(convert('汉字', 'zh-TW')).toBe('漢字');
    expect(convert('漢字', { to: 'zh-MY' })).toBe('汉字');
    expect(configInfo({ from: 'zh-HK', to: 'zh-TW' })).toMatchObject({ name: 'hk2tw', from: 'hk', to: 'tw' });
  });

  it('are rejected when they name no script, with the valid forms', () => {
    for (const bad of [{ from: 'zh', to: 'zh-TW' }, { from: 'zh-CN', to: 'en' }, { to: 'zh-US' }, { from: 3, to: 'tw' }]) {
      const error = errorOf(() => createConverter(bad as never));
      expect(error.code).toBe('UNKNOWN_CONFIG');
      expect(error.message).toContain('zh-Hant');
    }
    expect(errorOf(() => createConverter({ to: 'zh-TWW' } as never)).message).toContain('did you mean "zh-TW"?');
    expect(errorOf(() => createConverter('zh' as never)).code).toBe('UNKNOWN_CONFIG');
  });
});

describe('configuration names', () => {
  it('are case-insensitive in the library', () => {
    expect(createConverter('S2TW' as ConfigName).config).toBe('s2tw');
    expect(createConverter('Hk2Tw' as ConfigName).config).toBe('hk2tw');
    expect(convert('汉字', 'S2T' as ConfigName)).toBe('漢字');
    expect(createConverter({ from: 'CN', to: 'TWP' } as never).config).toBe('s2twp');
  });

  it('get a "did you mean" for a typo, and none for something else', () => {
    const cases: [string, string | null][] = [
      ['s2tww', 's2tw'], ['sw2t', 's2t'], ['s2twpp', 's2twp'], ['hkk2tw', 'hk2tw'], ['tw2hkk', 'tw2hk'], ['s2jpp', 's2jp'],
      ['s2tw.json', 's2tw'], ['zh-TWW', 'zh-TW'], ['s2x', null], ['convert', null], ['hello world', null],
    ];
    for (const [typed, meant] of cases) {
      const message = errorOf(() => createConverter(typed as ConfigName)).message;
      if (meant) expect(message).toContain(`did you mean "${meant}"?`);
      else expect(message).not.toContain('did you mean');
      for (const name of CONFIG_NAMES) expect(message).toContain(name);
    }
  });

  it('measures typos by edit distance with swaps', () => {
    expect(editDistance('s2tww', 's2tw')).toBe(1);
    expect(editDistance('sw2t', 's2wt')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(closestName('S2TWW', ['s2t', 's2tw', 's2twp'])).toBe('s2tw');
    expect(closestName('x', ['s2t'])).toBeNull();
  });
});

describe('the CLI', () => {
  const simplified = '鼠标和软件在这里，汉字\n';
  it.each([
    [['-c', 'zh-tw'], convert(simplified, 's2tw')],
    [['-c', 'ZH-TW'], convert(simplified, 's2tw')],
    [['--to', 'zh-TW'], convert(simplified, 's2tw')],
    [['--from', 'zh-CN', '--to', 'zh-TW'], convert(simplified, 's2tw')],
    [['--from', 'cn', '--to', 'twp'], convert(simplified, 's2twp')],
    [['-c', 'S2TWP'], convert(simplified, 's2twp')],
    [['-c', 'Hk2Tw'], convert(simplified, 'hk2tw')],
    [['--from', 'zh-HK', '--to', 'zh-TW'], convert(simplified, 'hk2tw')],
    [['-c', 's2jp'], convert(simplified, { from: 'cn', to: 'jp' })],
  ])('%j converts as the library does', async (args, expected) => {
    const result = await fanjian(args, { input: simplified });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.toString('utf8')).toBe(expected);
  });

  it('suggests the configuration meant by a typo, and exits 2', async () => {
    const result = await fanjian(['-c', 's2tww'], { input: '汉字' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown configuration "s2tww" (did you mean "s2tw"?)');
    const tag = await fanjian(['--to', 'zh-TWW'], { input: '汉字' });
    expect(tag.code).toBe(2);
    expect(tag.stderr).toContain('did you mean "zh-TW"?');
  });

  it('rejects contradictory or incomplete choices', async () => {
    for (const args of [['-c', 's2t', '--to', 'zh-TW'], ['--from', 'zh-CN'], ['--from', 'zh', '--to', 'tw']]) {
      const result = await fanjian(args, { input: '汉字' });
      expect(result.code).toBe(2);
      expect(result.stdout.length).toBe(0);
    }
  });

  it('takes repair targets in any case and as tags (repair -t TW)', async () => {
    for (const target of ['TW', 'tw', 'zh-TW', 'Zh-Hant-TW']) {
      const result = await fanjian(['repair', '-t', target], { input: '這里的干部\n' });
      expect(result.code).toBe(0);
      expect(result.stdout.toString('utf8')).toBe('這裡的幹部\n');
    }
    const wrong = await fanjian(['repair', '-t', 'zh-TWW'], { input: '這里' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('did you mean "zh-TW"?');
  });

  it('lists the pairs, one per line, and the tags in the help', async () => {
    const result = await fanjian(['list', '--pairs']);
    expect(result.code).toBe(0);
    const lines = result.stdout.toString('utf8').trim().split('\n');
    expect(lines.map((l) => l.split(' ')[0])).toEqual([...PAIR_NAMES]);
    expect(lines.find((l) => l.startsWith('hk2tw'))).toMatch(/Hong Kong.*to.*Taiwan/);
    const help = (await fanjian(['list', '--help'])).stdout.toString('utf8');
    for (const tag of ['zh-CN', 'zh-MO', 'zh-Hant', 'zh-SG']) expect(help).toContain(tag);
  });
});
