// pnpm bench:tokenizer — throughput of the built-in analyzer against Debian's `mecab` binary on the
// same dictionary and the same input file, both measured in this one run; plus the built-in
// dictionary's load time and resident memory.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTokenizer, defaultDictionaryDir } from '@kornlp/tokenizer';

// Both programs run pinned to the same core (BENCH_CPU, default 0; mecab inherits the affinity), so
// a busy neighbour on the other core, or the scheduler moving one of them, cannot favour either.
if (
  process.env.KORNLP_BENCH_PINNED === undefined &&
  process.platform === 'linux' &&
  spawnSync('taskset', ['-V']).status === 0
) {
  const cpu = process.env.BENCH_CPU ?? '0';
  const script = fileURLToPath(import.meta.url);
  const r = spawnSync('taskset', ['-c', cpu, process.execPath, ...process.execArgv, script], {
    stdio: 'inherit',
    env: { ...process.env, KORNLP_BENCH_PINNED: cpu },
  });
  process.exit(r.status ?? 1);
}

const TARGET_BYTES = Number(process.env.BENCH_BYTES ?? 4_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const shared = fileURLToPath(new URL('../../shared/fixtures/mecab-ko/sentences.txt', import.meta.url));
const local = fileURLToPath(
  new URL('../packages/tokenizer/test/fixtures/stock-mecab/sentences.txt', import.meta.url),
);
const source = existsSync(shared) ? shared : local;
const base = readFileSync(source, 'utf8');
let corpus = base;
while (Buffer.byteLength(corpus) < TARGET_BYTES) corpus += base;
const lines = corpus.split('\n');
if (lines.at(-1) === '') lines.pop();
const bytes = Buffer.byteLength(corpus);
const dir = mkdtempSync(join(tmpdir(), 'kornlp-bench-'));
const file = join(dir, 'corpus.txt');
writeFileSync(file, corpus);
const dict = defaultDictionaryDir();

const rss0 = process.memoryUsage().rss;
const t0 = performance.now();
const tok = await createTokenizer();
const loadMs = performance.now() - t0;
const rssLoaded = process.memoryUsage().rss;

// CPU time beside wall time: on a shared machine the two programs run at different moments, and
// CPU time is less sensitive to how busy the machine was at each.
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
const oursCpu: number[] = [];
const theirsCpu: number[] = [];

function runBuiltin(): number {
  const c = process.cpuUsage();
  const t = performance.now();
  let out = 0;
  for (const line of lines) out += tok.mecab(line).length;
  if (out === 0) throw new Error('no output');
  const ms = performance.now() - t;
  oursCpu.push(cpuMs(process.cpuUsage(c)));
  return ms;
}

/** CPU time (ms) of this process's finished children, from /proc (Linux); null elsewhere. */
function childrenCpuMs(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of stat(5), cutime and cstime, in clock ticks (100 per second on Linux).
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return null;
  }
}

function runPos(): number {
  const t = performance.now();
  let n = 0;
  for (const line of lines) n += tok.pos(line).length;
  if (n === 0) throw new Error('no tokens');
  return performance.now() - t;
}

const haveMecab = spawnSync('mecab', ['--version']).status === 0;
// MeCab reads the file and writes to /dev/null: its best case, no pipe to drain.
async function runMecab(input: string | null): Promise<number> {
  const fd = input === null ? 'ignore' : openSync(input, 'r');
  const c0 = childrenCpuMs();
  const t = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn('mecab', ['-d', dict], { stdio: [fd, 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`mecab exited with ${code}`))));
  });
  const ms = performance.now() - t;
  const c1 = childrenCpuMs();
  if (input !== null && c0 !== null && c1 !== null) theirsCpu.push(c1 - c0 - mecabLoadCpu);
  else if (c0 !== null && c1 !== null) mecabLoadCpu = c1 - c0;
  if (typeof fd === 'number') closeSync(fd);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const ours: number[] = [];
const oursPos: number[] = [];
const theirs: number[] = [];
let mecabLoad = 0;
let mecabLoadCpu = 0;
if (haveMecab) mecabLoad = await runMecab(null);
// One unmeasured round first: JIT compilation, the usage-ordered connection matrix and the first
// reads of feature strings happen once per process, not per sentence.
runBuiltin();
oursCpu.pop();
for (let r = 0; r < ROUNDS; r++) {
  ours.push(runBuiltin());
  oursPos.push(runPos());
  if (haveMecab) theirs.push((await runMecab(file)) - mecabLoad);
}
rmSync(dir, { recursive: true, force: true });
const rssAfter = process.memoryUsage().rss;

const rate = (ms: number) =>
  `${((lines.length * 1000) / ms).toFixed(0)} sentences/s, ${((bytes / 1e6) * (1000 / ms)).toFixed(2)} MB/s`;
const oursMs = median(ours);
const pinned = process.env.KORNLP_BENCH_PINNED;
console.log(
  `tokenizer: ${lines.length} lines, ${(bytes / 1e6).toFixed(1)} MB (${source === shared ? 'shared mecab-ko sentences' : 'in-repo fixture'}, repeated), median of ${ROUNDS} rounds after one warm-up${pinned === undefined ? '' : `, both pinned to CPU ${pinned}`}`,
);
console.log(
  `  built-in dictionary load : ${loadMs.toFixed(0)} ms, RSS +${((rssLoaded - rss0) / 2 ** 20).toFixed(0)} MB (total ${(rssLoaded / 2 ** 20).toFixed(0)} MB)`,
);
console.log(
  `  RSS after the runs       : ${(rssAfter / 2 ** 20).toFixed(0)} MB (adds the usage-ordered connection matrix and the feature strings read so far)`,
);
console.log(`  built-in, mecab format   : ${rate(oursMs)}`);
console.log(`  built-in, pos() tokens   : ${rate(median(oursPos))}`);
if (haveMecab) {
  const theirMs = median(theirs);
  console.log(`  Debian mecab 0.996 (-d)  : ${rate(theirMs)} (load ${mecabLoad.toFixed(0)} ms, not counted)`);
  const cpu =
    theirsCpu.length === ROUNDS ? `, CPU time ${(median(theirsCpu) / median(oursCpu)).toFixed(2)}x` : '';
  const perRound = (xs: number[]) => xs.map((ms) => ((lines.length * 1000) / ms).toFixed(0)).join(' ');
  console.log(`  rounds, sentences/s      : built-in ${perRound(ours)}; mecab ${perRound(theirs)}`);
  console.log(`  ratio (built-in speed / mecab speed): ${(theirMs / oursMs).toFixed(2)}x wall${cpu}`);
} else {
  console.log('  Debian mecab not installed (apt-get install mecab): no reference, no ratio');
}
