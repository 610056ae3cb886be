#!/usr/bin/env node
// Builds kornlp's optional native accelerator, native/build/kornlp_native.node: the C++ sources in
// native/*.cc compiled with g++ against Node's own headers (node_api.h) and linked with OpenBLAS
// (Debian: `apt-get install g++ libopenblas-dev`). No download, no node-gyp. The binary is tuned for
// this machine's CPU (-march=native), so it is built on the machine that runs it.
//
//   node scripts/build-native.mjs              build; exit 1 with the reason if it cannot
//   node scripts/build-native.mjs --optional   build if possible; otherwise say why and exit 0
//                                              (the package install step: kornlp then runs on wasm)
//   node scripts/build-native.mjs --out FILE   write FILE instead of native/build/kornlp_native.node
//
// Environment: KORNLP_NATIVE=0 skips the build; CXX names the compiler (default g++);
// KORNLP_NODE_HEADERS is the one directory to take node_api.h from (default: next to this node
// binary, then /usr/include/node, /usr/local/include/node).
//
// The module is compiled to a temporary file beside the output, loaded once in a child process
// (a missing symbol only shows at load time), and only then renamed over the output: a failed or
// interrupted build never leaves a half-written module and never replaces a working one.
// Temporary files of builds that were killed are removed by the next build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const optional = argv.includes('--optional');
const outFlag = argv.indexOf('--out');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = path.join(root, 'native');
const out =
  outFlag >= 0 ? path.resolve(argv[outFlag + 1] ?? '') : path.join(srcDir, 'build', 'kornlp_native.node');
const outDir = path.dirname(out);

function give_up(reason) {
  const msg = `kornlp: native accelerator not built: ${reason}`;
  if (optional) {
    console.log(`${msg}\nkornlp: models will run on the wasm backend alone (slower training).`);
    process.exit(0);
  }
  console.error(msg);
  process.exit(1);
}

if (process.env.KORNLP_NATIVE === '0') give_up('KORNLP_NATIVE=0');
if (process.platform !== 'linux' && process.platform !== 'darwin')
  give_up(`platform ${process.platform} is not supported yet (linux and macOS are)`);

if (outFlag >= 0 && !argv[outFlag + 1]) give_up('--out needs a file name');
const headerDirs = process.env.KORNLP_NODE_HEADERS
  ? [process.env.KORNLP_NODE_HEADERS]
  : [
      path.resolve(process.execPath, '..', '..', 'include', 'node'),
      '/usr/include/node',
      '/usr/local/include/node',
    ];
const headers = headerDirs.find((d) => existsSync(path.join(d, 'node_api.h')));
if (!headers)
  give_up(
    `node_api.h not found in ${headerDirs.join(', ')} (Node.js headers: they come with the nodejs package or a Node.js tarball; set KORNLP_NODE_HEADERS to their directory)`,
  );

const cxx = process.env.CXX ?? 'g++';
const probe = spawnSync(cxx, ['--version'], { encoding: 'utf8' });
if (probe.status !== 0) give_up(`C++ compiler ${cxx} not found (apt-get install g++)`);

const sources = readdirSync(srcDir)
  .filter((f) => f.endsWith('.cc'))
  .sort()
  .map((f) => path.join(srcDir, f));
mkdirSync(outDir, { recursive: true });
sweepLeftovers();
const tmp = `${out}.${process.pid}.tmp`;
const args = [
  '-O3',
  '-march=native',
  '-fno-math-errno',
  '-std=c++17',
  '-shared',
  '-fPIC',
  '-Wall',
  `-I${headers}`,
  ...sources,
  '-o',
  tmp,
  '-lopenblas',
  '-lpthread',
];
const t0 = Date.now();
const r = spawnSync(cxx, args, { encoding: 'utf8' });
if (r.status !== 0) {
  rmSync(tmp, { force: true });
  const err = `${r.stderr ?? ''}${r.error?.message ?? ''}`;
  if (/cblas\.h|lopenblas/.test(err)) give_up('OpenBLAS not found (apt-get install libopenblas-dev)');
  give_up(`${cxx} failed:\n${err.trim().split('\n').slice(0, 20).join('\n')}`);
}
// The loader check runs in a child so that this process never holds the new module open.
const check = spawnSync(
  process.execPath,
  [
    '-e',
    `const m = { exports: {} }; process.dlopen(m, ${JSON.stringify(tmp)});
     if (typeof m.exports.gemm !== 'function' || typeof m.exports.info !== 'function') throw new Error('gemm/info missing');`,
  ],
  { encoding: 'utf8' },
);
if (check.status !== 0) {
  rmSync(tmp, { force: true });
  give_up(
    `the built module does not load:\n${(check.stderr ?? '').trim().split('\n').slice(0, 8).join('\n')}`,
  );
}
renameSync(tmp, out);
const shown = path.relative(process.cwd(), out);
console.log(
  `kornlp: native accelerator built in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${shown.startsWith('..') ? out : shown}`,
);

/** Removes `<out>.<pid>.tmp` files whose build process is gone (killed mid-build). */
function sweepLeftovers() {
  const prefix = `${path.basename(out)}.`;
  for (const f of readdirSync(outDir)) {
    const m = f.startsWith(prefix) ? /^(\d+)\.tmp$/.exec(f.slice(prefix.length)) : null;
    if (!m) continue;
    const pid = Number(m[1]);
    let alive = pid !== process.pid;
    try {
      process.kill(pid, 0);
    } catch (e) {
      alive = e.code === 'EPERM';
    }
    if (!alive) rmSync(path.join(outDir, f), { force: true });
  }
}
