/**
 * The command line as opencc users type it: -i/-o, output flushed line by line on a slow pipe, -c with an OpenCC
 * JSON configuration file (checked against the real `opencc` command, Debian package `opencc`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, fanjian, temporaryFolder } from './helpers.js';
import { corpusFolder } from '../engine/helpers.js';

const article = new URL('../fixtures/article.txt', import.meta.url);
const openccData = process.env.OPENCC_DATA ?? '/usr/share/opencc'; // Debian's data folder (package opencc)
const hasOpencc = spawnSync('opencc', ['--version']).status === 0 && spawnSync('opencc_dict', ['--help']).error === undefined &&
  existsSync(join(openccData, 's2twp.json'));
if (!hasOpencc) console.warn('opencc-compat: the opencc command or its data is missing (Debian package opencc); the comparisons with it are skipped');

describe('-i and -o as in opencc', () => {
  it('-i FILE reads the file and writes standard output, leaving the file as it was', async () => {
    const dir = await temporaryFolder();
    const file = join(dir, 'in.txt');
    await writeFile(file, '汉字后来\n');
    const result = await fanjian(['-c', 's2t', '-i', file]);
    expect(result.code).toBe(0);
    expect(result.stdout.toString()).toBe('漢字後來\n');
    expect(await readFile(file, 'utf8')).toBe('汉字后来\n');
  });

  it('-i FILE -o FILE converts one file into another; --in-place rewrites it', async () => {
    const dir = await temporaryFolder();
    const file = join(dir, 'in.txt');
    await writeFile(file, '头发\n');
    expect((await fanjian(['-c', 's2t', '-i', file, '-o', join(dir, 'out.txt')])).code).toBe(0);
    expect(await readFile(join(dir, 'out.txt'), 'utf8')).toBe('頭髮\n');
    expect(await readFile(file, 'utf8')).toBe('头发\n');
    expect((await fanjian(['-c', 's2t', '--in-place', file])).code).toBe(0);
    expect(await readFile(file, 'utf8')).toBe('頭髮\n');
  });

  it('-i without a file is a usage error, never "in place"', async () => {
    const dir = await temporaryFolder();
    const file = join(dir, 'a.txt');
    await writeFile(file, '汉\n');
    const result = await fanjian(['-c', 's2t', file, '-i']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/-i, --input <file>.*argument missing|argument missing/);
    expect(await readFile(file, 'utf8')).toBe('汉\n');
  });
});

describe('line by line on a slow pipe', () => {
  it('writes each line as soon as it is read while the input stays open', async () => {
    const child = spawn(process.execPath, [bin, '-c', 's2t'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let wake: (() => void) | null = null;
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      out += text;
      wake?.();
    });
    // Generous bound for a loaded machine: the point is that output comes before the input ends, not how fast.
    const waitFor = (expected: string) => new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no output ${JSON.stringify(expected)} while the input stays open; got ${JSON.stringify(out)}`)), 20_000);
      wake = () => {
        if (out === expected) {
          clearTimeout(timer);
          resolve();
        }
      };
      wake();
    });
    try {
      child.stdin.write('汉字\n');
      await waitFor('漢字\n');
      child.stdin.write('后来\n头发');
      await waitFor('漢字\n後來\n'); // the unfinished line waits for its end
      child.stdin.end('\n');
      const code = await new Promise((resolve) => child.on('close', resolve));
      expect(code).toBe(0);
      expect(out).toBe('漢字\n後來\n頭髮\n');
    } finally {
      child.kill();
    }
  }, 60_000);

  it('gives the same output however the input is paced', async () => {
    const text = '头发\n' + (await readFile(article, 'utf8'));
    const whole = await fanjian(['-c', 's2tw'], { input: text });
    const child = spawn(process.execPath, [bin, '-c', 's2tw'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    const lines = text.split(/(?<=\n)/);
    for (let i = 0; i < lines.length; i += 7) {
      child.stdin.write(lines.slice(i, i + 7).join(''));
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    child.stdin.end();
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
    expect(Buffer.concat(out).toString()).toBe(whole.stdout.toString());
  }, 60_000);
});

describe('-c with an OpenCC configuration file', () => {
  /** Debian's configuration with its dictionaries turned into text by opencc_dict, in a temporary folder. */
  async function textConfiguration(name: string): Promise<string> {
    const dir = await temporaryFolder();
    const json = await readFile(join(openccData, `${name}.json`), 'utf8');
    for (const file of new Set([...json.matchAll(/"file":\s*"([^"]+)\.ocd2"/g)].map((m) => m[1]!))) {
      const made = spawnSync('opencc_dict', ['-i', join(openccData, `${file}.ocd2`), '-o', join(dir, `${file}.txt`), '-f', 'ocd2', '-t', 'text']);
      expect(made.status, made.stderr?.toString()).toBe(0);
    }
    const path = join(dir, `${name}.json`);
    await writeFile(path, json.replace(/"type":\s*"ocd2"/g, '"type": "text"').replace(/\.ocd2"/g, '.txt"'));
    return path;
  }

  const sample = async () => {
    const corpus = join(corpusFolder, 'data689k.txt');
    if (existsSync(corpus)) return (await readFile(corpus, 'utf8')).slice(0, 200_000);
    console.warn('opencc-compat: the shared corpus is absent (FANJIAN_CORPUS); comparing on the seed article only');
    return readFile(article, 'utf8');
  };

  it.each(['s2twp', 'tw2sp', 's2hk', 't2jp'])('%s.json with text dictionaries converts as the opencc command', async (name) => {
    if (!hasOpencc) return;
    const config = await textConfiguration(name);
    const dir = await temporaryFolder();
    const input = join(dir, 'in.txt');
    await writeFile(input, await sample());
    const ours = await fanjian(['-c', config, '-i', input]);
    expect(ours.code, ours.stderr).toBe(0);
    const theirs = spawnSync('opencc', ['-c', join(openccData, `${name}.json`), '-i', input], { maxBuffer: 64 << 20 });
    expect(theirs.status).toBe(0);
    expect(ours.stdout.toString()).toBe(theirs.stdout.toString());
    expect(ours.stdout.toString()).not.toBe(await readFile(input, 'utf8'));
    // Streamed from standard input (the text stream of a configuration file), the same.
    const piped = await fanjian(['-c', config], { input: await readFile(input) });
    expect(piped.stdout.toString()).toBe(theirs.stdout.toString());
  }, 120_000);

  it('refuses .ocd2 dictionaries, naming the opencc_dict command that makes text ones', async () => {
    const dir = await temporaryFolder();
    const config = join(dir, 'c.json');
    await writeFile(config, JSON.stringify({ conversion_chain: [{ dict: { type: 'ocd2', file: 'STPhrases.ocd2' } }] }));
    const result = await fanjian(['-c', config, '-i', config]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('opencc_dict -i STPhrases.ocd2 -o STPhrases.txt -f ocd2 -t text');
    expect(result.stdout.length).toBe(0);
  });

  it('a configuration of hand-written text dictionaries; errors name the file', async () => {
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'words.txt'), '软件\t軟體\n件\t件\n');
    await writeFile(join(dir, 'chars.txt'), '软\t軟\n');
    await writeFile(join(dir, 'c.json'), JSON.stringify({
      segmentation: { type: 'mmseg', dict: { type: 'text', file: 'words.txt' } },
      conversion_chain: [{ dict: { type: 'group', dicts: [{ type: 'text', file: 'words.txt' }, { type: 'text', file: 'chars.txt' }] } }],
    }));
    const result = await fanjian(['-c', join(dir, 'c.json')], { input: '软件，软\n' });
    expect(result.stderr).toBe('');
    expect(result.stdout.toString()).toBe('軟體，軟\n');
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ conversion_chain: [{ dict: { type: 'text', file: 'missing.txt' } }] }));
    const missing = await fanjian(['-c', join(dir, 'bad.json')], { input: 'x' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/bad\.json: cannot read dictionary missing\.txt/);
    const notJson = await fanjian(['-c', join(dir, 'words.txt')], { input: 'x' });
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/is not OpenCC JSON/);
  });
});
