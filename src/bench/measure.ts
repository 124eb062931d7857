/** Small measuring helpers shared by the benchmarks. */

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Median wall times in ms of two actions timed in alternation (A, B, A, B, …) after warm-up, so that both see the
 * same machine: on a shared virtual machine, load comes and goes between runs.
 */
export function timeTogether(a: () => unknown, b: () => unknown, runs = 9, warmup = 2): [number, number] {
  for (let i = 0; i < warmup; i++) {
    a();
    b();
  }
  const timesA: number[] = [], timesB: number[] = [];
  for (let i = 0; i < runs; i++) {
    let start = performance.now();
    a();
    timesA.push(performance.now() - start);
    start = performance.now();
    b();
    timesB.push(performance.now() - start);
  }
  return [median(timesA), median(timesB)];
}

export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export const mbPerSecond = (bytes: number, ms: number) => (bytes / 1e6 / (ms / 1000)).toFixed(1);
export const ratio = (slow: number, fast: number) => `${(slow / fast).toFixed(1)}×`;
