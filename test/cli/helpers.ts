/** Running the real `bin/fanjian.js` (built by npm run build / pretest) in temporary folders. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

export const bin = fileURLToPath(new URL('../../bin/fanjian.js', import.meta.url));

export interface RunResult {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

export function fanjian(args: readonly string[],
  options: { input?: Uint8Array | string; cwd?: string; env?: Record<string, string>; uid?: number; gid?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd,
      ...(options.uid !== undefined ? { uid: options.uid } : {}),
      ...(options.gid !== undefined ? { gid: options.gid } : {}),
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => undefined); // the command may exit before reading everything
    child.stdin.end(options.input ?? '');
  });
}

const folders: string[] = [];

/** A fresh temporary folder, removed after the test. */
export async function temporaryFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'fanjian-cli-'));
  folders.push(folder);
  return folder;
}

afterEach(async () => {
  await Promise.all(folders.splice(0).map((f) => rm(f, { recursive: true, force: true })));
});

/** Running the CLI in this process: run(argv, io) with collected output. */
export async function runInProcess(args: readonly string[],
  options: { input?: Uint8Array | string | readonly Uint8Array[]; cwd?: string; env?: Record<string, string>;
    /** Worker threads started early, as bin/fanjian.js starts them. */
    workers?: readonly import('node:worker_threads').Worker[] } = {}): Promise<RunResult> {
  const { run } = await import('../../src/cli/main.js');
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const sink = (into: Buffer[]) => ({
    write(chunk: Uint8Array | string, callback?: (error?: Error | null) => void): boolean {
      into.push(Buffer.from(chunk));
      callback?.();
      return true;
    },
  });
  const input = options.input ?? '';
  const chunks = typeof input === 'string' ? [Buffer.from(input)] : input instanceof Uint8Array ? [input] : input;
  const code = await run(args, {
    stdin: (async function* () { yield* chunks; })(),
    stdout: sink(out), stderr: sink(err), env: options.env ?? {}, cwd: options.cwd ?? process.cwd(),
    ...(options.workers ? { workers: options.workers } : {}),
  });
  return { code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') };
}
