/**
 * The documents layer through the CLI (in process, run(argv, io)): --explain positions come from the ranges, and
 * hostile documents fail with the limit's option and can be let through by raising it.
 */
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../cli/helpers.js';

describe('documents in the CLI', () => {
  it('--explain places the note of a JSON value on the value, not on the identical key', async () => {
    const result = await runInProcess(['-c', 's2t', '--format', 'json', '--explain'], { input: '{"后":"后"}' });
    expect(result.code).toBe(0);
    expect(result.stdout.toString()).toBe('{"后":"後"}');
    expect(result.stderr).toMatch(/^-:1:7: 后 → 後/m);
  });

  it('--explain reports a phrase split by markup once, where it starts', async () => {
    const result = await runInProcess(['-c', 's2twp', '--format', 'html', '--explain'], { input: '<p>\n软<b>件</b>开发</p>' });
    expect(result.stdout.toString()).toBe('<p>\n軟<b>體</b>開發</p>');
    expect(result.stderr).toMatch(/^-:2:1: 软件开发 → 軟體開發/m);
  });

  it('a Markdown document nested past --max-depth fails naming the option; raising it converts', async () => {
    const deep = '>'.repeat(1500) + ' 后';
    const refused = await runInProcess(['-c', 's2t', '--format', 'markdown'], { input: deep });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/1500 levels.*exceeds the limit of 1000 levels.*--max-depth/);
    expect(refused.stdout.length).toBe(0);
    const raised = await runInProcess(['-c', 's2t', '--format', 'markdown', '--max-depth', '2000'], { input: deep });
    expect(raised.code).toBe(0);
    expect(raised.stdout.toString()).toBe('>'.repeat(1500) + ' 後');
    const bad = await runInProcess(['-c', 's2t', '--max-depth', 'deep'], { input: '' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--max-depth needs a positive whole number/);
  });
});
