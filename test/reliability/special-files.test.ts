/**
 * Guarantee: fanjian never replaces what is not a regular file. `-o` onto a symbolic link writes the file it
 * points to (the link stays); onto a pipe or character device, writes through it; onto a folder or a dangling
 * link, refuses. `-i` on a symbolic link named on the command line converts the file it points to and keeps the
 * link; links inside folders are not followed out. Pipes and devices are read when named (a FIFO, `<(cmd)`).
 */
import { execFileSync, spawn } from 'node:child_process';
import { lstat, readdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, fanjian, temporaryFolder } from '../cli/helpers.js';

async function fifo(path: string): Promise<void> {
  execFileSync('mkfifo', [path]);
}

describe('outputs that are not regular files', () => {
  it('-o onto a symbolic link writes the file it points to, and keeps the link', async () => {
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'in.txt'), '汉字');
    await writeFile(join(dir, 'real.txt'), 'old');
    await symlink('real.txt', join(dir, 'link.txt'));
    const result = await fanjian(['-c', 's2t', '-o', join(dir, 'link.txt'), join(dir, 'in.txt')]);
    expect(result.code).toBe(0);
    expect((await lstat(join(dir, 'link.txt'))).isSymbolicLink()).toBe(true);
    expect(await readlink(join(dir, 'link.txt'))).toBe('real.txt');
    expect(await readFile(join(dir, 'real.txt'), 'utf8')).toBe('漢字');
  });

  it('-o onto a character device or a FIFO writes through it and leaves it what it was', async () => {
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'in.txt'), '汉字');
    const toNull = await fanjian(['-c', 's2t', '-o', '/dev/null', join(dir, 'in.txt')]);
    expect(toNull.code).toBe(0);
    expect((await lstat('/dev/null')).isCharacterDevice()).toBe(true);
    await fifo(join(dir, 'pipe'));
    const reader = spawn('cat', [join(dir, 'pipe')]);
    const read: Buffer[] = [];
    reader.stdout.on('data', (chunk: Buffer) => read.push(chunk));
    const closed = new Promise((resolve) => reader.on('close', resolve));
    const result = await fanjian(['-c', 's2t', '-o', join(dir, 'pipe'), join(dir, 'in.txt')]);
    await closed;
    expect(result.code).toBe(0);
    expect(Buffer.concat(read).toString('utf8')).toBe('漢字');
    expect((await lstat(join(dir, 'pipe'))).isFIFO()).toBe(true);
  });

  it('-o onto a folder or a dangling link is refused with the fix', async () => {
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'in.txt'), '汉字');
    await symlink('nowhere.txt', join(dir, 'dangling.txt'));
    const folder = await fanjian(['-c', 's2t', '-o', dir, join(dir, 'in.txt')]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain(`-o ${dir} is a folder; use --out-dir ${dir} to write into it`);
    expect(folder.stderr).not.toContain('EISDIR');
    const dangling = await fanjian(['-c', 's2t', '-o', join(dir, 'dangling.txt'), join(dir, 'in.txt')]);
    expect(dangling.code).toBe(2);
    expect(dangling.stderr).toContain('symbolic link to nothing');
    expect((await lstat(join(dir, 'dangling.txt'))).isSymbolicLink()).toBe(true);
  });

  it('-o into a folder that does not exist is refused with the fix, not made silently (a mistyped path)', async () => {
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'in.txt'), '汉字');
    await writeFile(join(dir, 'file'), 'x');
    const missing = join(dir, 'no', 'such', 'out.txt');
    const result = await fanjian(['-c', 's2t', '-o', missing, join(dir, 'in.txt')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`-o ${missing}: the folder ${join(dir, 'no', 'such')} does not exist; create it first (mkdir -p)`);
    expect(await readdir(dir)).toEqual(['file', 'in.txt']);
    // A file where the folder should be, and standard input (whose Markdown is kept aside beside the -o file).
    const under = await fanjian(['-c', 's2t', '-o', join(dir, 'file', 'out.txt'), join(dir, 'in.txt')]);
    expect(under.code).toBe(2);
    expect(under.stderr).toContain(`the folder ${join(dir, 'file')} is not a folder`);
    const stdin = await fanjian(['-c', 's2t', '--format', 'markdown', '-o', missing], { input: '[后][a]\n\n[a]: /u\n' });
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toContain('does not exist; create it first');
    expect(await readdir(dir)).toEqual(['file', 'in.txt']);
  });

  it('--out-dir refuses to replace a symbolic link where an output would go', async () => {
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'a.txt'), '汉字');
    execFileSync('mkdir', [join(dir, 'out')]);
    await writeFile(join(dir, 'secret.txt'), 'keep');
    await symlink(join(dir, 'secret.txt'), join(dir, 'out', 'a.txt'));
    const result = await fanjian(['-c', 's2t', '--out-dir', join(dir, 'out'), join(dir, 'a.txt')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is a symbolic link; fanjian does not replace links');
    expect(await readFile(join(dir, 'secret.txt'), 'utf8')).toBe('keep');
  });
});

describe('--out-dir and symbolic links inside it', () => {
  it('refuses a folder inside --out-dir that is a symbolic link (outside the tree, or into the inputs): nothing written', async () => {
    const dir = await temporaryFolder();
    execFileSync('mkdir', ['-p', join(dir, 'in', 'sub'), join(dir, 'out'), join(dir, 'elsewhere')]);
    await writeFile(join(dir, 'in', 'sub', '發.txt'), '頭髮');
    await writeFile(join(dir, 'in', 'b.txt'), '头发');
    await symlink('../elsewhere', join(dir, 'out', 'sub'));
    const result = await fanjian(['-c', 't2s', '--rename', '--out-dir', join(dir, 'out'), join(dir, 'in')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(dir, 'out', 'sub')} is a symbolic link; fanjian does not write through links inside --out-dir`);
    expect(execFileSync('ls', ['-A', join(dir, 'elsewhere'), join(dir, 'out')], { encoding: 'utf8' })).toBe(`${join(dir, 'elsewhere')}:\n\n${join(dir, 'out')}:\nsub\n`);
    // A link into the inputs themselves would have put the renamed file among them.
    execFileSync('rm', [join(dir, 'out', 'sub')]);
    await symlink('../in/sub', join(dir, 'out', 'sub'));
    const into = await fanjian(['-c', 't2s', '--rename', '--out-dir', join(dir, 'out'), join(dir, 'in')]);
    expect(into.code).toBe(2);
    expect(into.stderr).toContain('is a symbolic link; fanjian does not write through links inside --out-dir');
    expect(execFileSync('ls', ['-A', join(dir, 'in', 'sub')], { encoding: 'utf8' })).toBe('發.txt\n');
  });
});

describe('inputs that are not regular files', () => {
  it('--in-place on a symbolic link named on the command line converts its file and keeps the link', async () => {
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'real.txt'), '汉字');
    await symlink('real.txt', join(dir, 'link.txt'));
    const result = await fanjian(['-c', 's2t', '--in-place', join(dir, 'link.txt')]);
    expect(result.code).toBe(0);
    expect(await readlink(join(dir, 'link.txt'))).toBe('real.txt');
    expect(await readFile(join(dir, 'real.txt'), 'utf8')).toBe('漢字');
    const renamed = await fanjian(['-c', 's2t', '--in-place', '--rename', join(dir, 'link.txt')]);
    expect(renamed.code).toBe(2);
    expect(renamed.stderr).toContain('is a symbolic link: --rename would rename the link');
  });

  it('reads a FIFO or a process substitution named as input, and refuses to rewrite it in place', async () => {
    const dir = await temporaryFolder();
    await fifo(join(dir, 'pipe'));
    const writer = spawn('sh', ['-c', `printf '头发' > "${join(dir, 'pipe')}"`]);
    const written = new Promise((resolve) => writer.on('close', resolve));
    const result = await fanjian(['-c', 's2t', join(dir, 'pipe')]);
    await written;
    expect(result.code).toBe(0);
    expect(result.stdout.toString('utf8')).toBe('頭髮');
    const inPlace = await fanjian(['-c', 's2t', '--in-place', join(dir, 'pipe')]);
    expect(inPlace.code).toBe(2);
    expect(inPlace.stderr).toContain('is a pipe or device: it cannot be rewritten in place; use -o FILE');
    const substitution = spawn('bash', ['-c', `"${process.execPath}" "${bin}" -c s2t <(printf '汉字')`]);
    const out: Buffer[] = [];
    substitution.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    expect(await new Promise((resolve) => substitution.on('close', resolve))).toBe(0);
    expect(Buffer.concat(out).toString('utf8')).toBe('漢字');
  });

  it('under --in-place, leaves a link inside a folder to the file it points to (converted once)', async () => {
    const dir = await temporaryFolder();
    execFileSync('mkdir', [join(dir, 'in')]);
    await writeFile(join(dir, 'in', 'a.txt'), '汉字');
    await symlink('a.txt', join(dir, 'in', 'link.txt'));
    const result = await fanjian(['-c', 's2t', '--in-place', join(dir, 'in')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/skipped .*link\.txt: symbolic link: its file inside the folder is converted itself/);
    expect(await readlink(join(dir, 'in', 'link.txt'))).toBe('a.txt');
    expect(await readFile(join(dir, 'in', 'a.txt'), 'utf8')).toBe('漢字');
  });

  it('fails a socket named as input (exit 1, named), and converts the other inputs', async () => {
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'a.txt'), '汉字');
    const server = createServer().listen(join(dir, 'socket'));
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const result = await fanjian(['-c', 's2t', '--in-place', join(dir, 'socket'), join(dir, 'a.txt')]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`${join(dir, 'socket')} is a socket; fanjian reads regular files, pipes and character devices`);
      expect(result.stderr).toMatch(/1 converted, 0 skipped, 1 failed/);
      expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe('漢字');
    } finally {
      server.close();
    }
    // A block device (a disk) likewise, where one can be made (root).
    try {
      execFileSync('mknod', [join(dir, 'disk'), 'b', '7', '250'], { stdio: 'ignore' });
    } catch {
      console.warn('block-device input not tested: mknod needs root');
      return;
    }
    const disk = await fanjian(['-c', 's2t', join(dir, 'disk')]);
    expect(disk.code).toBe(1);
    expect(disk.stderr).toContain(`${join(dir, 'disk')} is a block device (a disk); fanjian reads regular files, pipes and character devices`);
  });

  it('skips pipes found inside folders (they could block forever) with a warning', async () => {
    const dir = await temporaryFolder();
    execFileSync('mkdir', [join(dir, 'in')]);
    await writeFile(join(dir, 'in', 'a.txt'), '汉字');
    await fifo(join(dir, 'in', 'pipe.txt'));
    const result = await fanjian(['-c', 's2t', '--in-place', join(dir, 'in')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/skipped .*pipe\.txt: not a regular file/);
    expect(await readFile(join(dir, 'in', 'a.txt'), 'utf8')).toBe('漢字');
  });
});
