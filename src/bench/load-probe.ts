/**
 * Run in a fresh process by the benchmark: `node load-probe.js <fanjian|opencc-js> <config> [file]`. Prints JSON
 * with the load time (import + create converter + first conversion), wall and CPU, and, after converting the file,
 * peak RSS.
 */
import { existsSync, readFileSync } from 'node:fs';

/**
 * Peak RSS of this process. On Linux, getrusage's maxRSS survives fork and exec, so a probe started from a large
 * benchmark process would report the parent's size; VmHWM belongs to this process's own address space.
 */
function peakRss(): number {
  if (existsSync('/proc/self/status')) {
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) * 1024;
  }
  return process.resourceUsage().maxRSS * 1024;
}

const [library, config, file] = process.argv.slice(2) as [string, string, string | undefined];
const localeOf: Record<string, [string, string]> = {
  s2t: ['cn', 't'], t2s: ['t', 'cn'], s2twp: ['cn', 'twp'], tw2sp: ['twp', 'cn'], s2tw: ['cn', 'tw'],
};

const start = performance.now();
const startCpu = process.cpuUsage();
let convert: (text: string) => string;
if (library === 'fanjian') {
  // The package entry as users load it (its declarations are generated after this file is compiled).
  const entry = 'fanjian';
  const fanjian = (await import(entry)) as typeof import('../node/index.js');
  const converter = fanjian.createConverter(config as 's2t');
  convert = (text) => converter.convert(text);
} else {
  const OpenCC = (await import('opencc-js')).default;
  const [from, to] = localeOf[config]!;
  convert = OpenCC.Converter({ from, to });
}
convert('汉字');
const loadMs = performance.now() - start;
const cpu = process.cpuUsage(startCpu);
const loadCpuMs = (cpu.user + cpu.system) / 1000; // this process's threads, compilation included
const rssAfterLoad = process.memoryUsage().rss;
if (file) convert(readFileSync(file, 'utf8'));
console.log(JSON.stringify({ loadMs, loadCpuMs, rssAfterLoad, peakRss: peakRss() }));
