import { describe, expect, it } from 'vitest';
import {
  CONFIG_NAMES, CONFIGS, convert, createConverter, FanjianError, isConfigName, type ConfigName,
} from '../../src/node/index.js';
import { errorOf } from './helpers.js';

describe('public API', () => {
  it('converts with a configuration name', () => {
    expect(convert('汉字', 's2tw')).toBe('漢字');
    expect(convert('漢字', 't2s')).toBe('汉字');
  });

  it('reuses a converter and accepts opencc-js style locales', () => {
    const toTW = createConverter('s2twp');
    expect(toTW.convert('鼠标和软件')).toBe('滑鼠和軟體');
    expect(toTW.config).toBe('s2twp');
    expect(createConverter({ from: 'cn', to: 'twp' }).convert('鼠标和软件')).toBe('滑鼠和軟體');
    expect(createConverter({ from: 'twp', to: 'cn' }).config).toBe('tw2sp');
    expect(createConverter({ from: 't', to: 'jp' }).config).toBe('t2jp');
  });

  it('lists all 16 configurations with a description each', () => {
    expect(CONFIGS.map((c) => c.name)).toEqual([...CONFIG_NAMES]);
    expect(CONFIG_NAMES).toHaveLength(16);
    for (const c of CONFIGS) expect(c.description.length).toBeGreaterThan(20);
    expect(isConfigName('s2hk')).toBe(true);
    expect(isConfigName('s2x')).toBe(false);
  });

  it('rejects an unknown configuration with UNKNOWN_CONFIG listing the valid names', () => {
    for (const bad of ['s2x', 's2tww', '', 42] as unknown as ConfigName[]) {
      const error = errorOf(() => createConverter(bad));
      expect(error.code).toBe('UNKNOWN_CONFIG');
      for (const name of CONFIG_NAMES) expect(error.message).toContain(name);
    }
    expect(errorOf(() => convert('x', 'zz' as ConfigName)).code).toBe('UNKNOWN_CONFIG');
    expect(errorOf(() => createConverter('s2tww' as ConfigName)).message).toContain('did you mean "s2tw"?');
    expect(errorOf(() => createConverter('s2twp.json' as ConfigName)).message).toContain('did you mean "s2twp"?');
    expect(errorOf(() => createConverter('s2x' as ConfigName)).message).not.toContain('did you mean');
  });

  it('rejects unknown or mistyped options with INVALID_OPTION', () => {
    expect(errorOf(() => createConverter('s2t', { correction: false } as never)).code).toBe('INVALID_OPTION');
    expect(errorOf(() => createConverter('s2t', { corrections: 'no' } as never)).message).toContain('corrections');
    expect(errorOf(() => createConverter('s2t', { protect: '于颖建' } as never)).code).toBe('INVALID_OPTION');
    expect(errorOf(() => createConverter('s2t', { dictionaries: '干 幹' } as never)).code).toBe('INVALID_OPTION');
  });

  it('passes everything the dictionaries do not cover through untouched', () => {
    const text = 'ASCII text, 123\r\n\ttabs 😀 \ud800 lone \udc00 surrogates\n';
    for (const config of CONFIG_NAMES) expect(convert(text, config)).toBe(text);
    expect(convert('', 's2t')).toBe('');
  });

  it('converts short and long texts alike, lone surrogates kept (short ones skip the platform codec)', () => {
    const piece = '头发\ud800干部😀\udc00于';
    const expected = '頭髮\ud800幹部😀\udc00於';
    const converter = createConverter('s2t');
    for (let copies = 1; copies <= 8; copies++) {
      // 10 units a piece: 10 to 80 units, across the 32-unit boundary of the short path
      expect(converter.convert(piece.repeat(copies))).toBe(expected.repeat(copies));
    }
    expect(converter.convert('\ud800')).toBe('\ud800');
    expect(converter.convert('发')).toBe('發');
  });

  it('keeps CRLF, non-BMP characters and ideographic description sequences whole', () => {
    expect(convert('汉\r\n字', 's2t')).toBe('漢\r\n字');
    expect(convert('𠮷野家的头发', 's2t')).toBe('𠮷野家的頭髮');
    expect(convert('⿰发发发', 's2t')).toBe('⿰发发發');
  });
});

describe('user dictionaries and protected terms', () => {
  it('protects terms: s2tw turns the name 于颖建 into 於穎建 unless it is protected', () => {
    expect(convert('于颖建', 's2tw')).toBe('於穎建');
    const converter = createConverter('s2tw', { protect: ['于颖建'] });
    expect(converter.convert('于颖建')).toBe('于颖建');
    expect(converter.convert('关于于颖建的报道')).toBe('關於于颖建的報道');
  });

  it('lets user entries win over built-in ones, in text, pairs and records', () => {
    expect(convert('头发', 's2t')).toBe('頭髮');
    for (const dictionary of ['头发\t头发丝', [['头发', '头发丝']] as [string, string][], { 头发: '头发丝' }]) {
      expect(createConverter('s2t', { dictionaries: [dictionary] }).convert('我的头发很长')).toBe('我的头发丝很長');
    }
  });

  it('gives earlier dictionaries priority and the last line of one dictionary for a repeated key', () => {
    const converter = createConverter('s2t', { dictionaries: ['甲\tA\n甲\tB', '甲\tC'] });
    expect(converter.convert('甲')).toBe('B');
  });

  it('prefers the longest user entry and protects over user entries of the same key', () => {
    const converter = createConverter('s2t', { dictionaries: ['颖建\tX\n于颖建\tY'], protect: ['颖'] });
    expect(converter.convert('于颖建颖')).toBe('Y颖');
  });

  it('reports the line of a malformed dictionary entry', () => {
    const error = errorOf(() => createConverter('s2t', { dictionaries: ['# comment\n好\t好\nno-tab-here\n'] }));
    expect(error.code).toBe('INVALID_DICTIONARY');
    expect(error.details.line).toBe(3);
    expect(error.message).toContain('line 3');
    const second = errorOf(() => createConverter('s2t', { dictionaries: ['好\t好', '\t空'] }));
    expect(second.details).toMatchObject({ line: 1, source: 'dictionaries[1]' });
    expect(errorOf(() => createConverter('s2t', { dictionaries: [[['好', 1]]] as never })).code).toBe('INVALID_DICTIONARY');
  });

  it('refuses an empty value in pairs and objects as the text format does (it would delete the key from the text)', () => {
    const fromObject = errorOf(() => createConverter('s2t', { dictionaries: [{ 软件: '軟體', 鼠标: '' }] }));
    expect(fromObject).toMatchObject({ code: 'INVALID_DICTIONARY', details: { line: 2, source: 'dictionaries[0]' } });
    expect(fromObject.message).toContain('no value for "鼠标"');
    expect(errorOf(() => createConverter('s2t', { dictionaries: [[['鼠标', '']]] })).code).toBe('INVALID_DICTIONARY');
  });
});

describe('corrections layer', () => {
  it('is on by default and fixes the upstream cases the 1.4.2 data misses', () => {
    expect(convert('剔團圞月', 't2s')).toBe('剔团𪢮月');
    expect(createConverter('t2s', { corrections: false }).convert('剔團圞月')).toBe('剔团圞月');
  });
});
