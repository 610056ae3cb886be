#!/usr/bin/env node
// Builds kornlp's optional native accelerator, native/build/kornlp_native.node: the C++ sources in
// native/*.cc compiled with g++ against Node's own headers (node_api.h) and linked with OpenBLAS
// (Debian: `apt-get install g++ libopenblas-dev`). No download, no node-gyp. The binary is tuned for
// this machine's CPU (-march=native), so it is built on the machine that runs it.
//
//   node scripts/build-native.mjs             build; exit 1 with the reason if it cannot
//   node scripts/build-native.mjs --optional  build if possible; otherwise say why and exit 0
//                                             (the package install step: kornlp then runs on wasm)
//
// KORNLP_NATIVE=0 skips the build. The result is written to a temporary file and renamed into
// place, so an interrupted build never leaves a half-written module behind.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const optional = process.argv.includes('--optional');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = path.join(root, 'native');
const outDir = path.join(srcDir, 'build');
const out = path.join(outDir, 'kornlp_native.node');

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

const headerDirs = [
  process.env.KORNLP_NODE_HEADERS,
  path.resolve(process.execPath, '..', '..', 'include', 'node'),
  '/usr/include/node',
  '/usr/local/include/node',
].filter(Boolean);
const headers = headerDirs.find((d) => existsSync(path.join(d, 'node_api.h')));
if (!headers) give_up(`node_api.h not found in ${headerDirs.join(', ')} (set KORNLP_NODE_HEADERS)`);

const cxx = process.env.CXX ?? 'g++';
const probe = spawnSync(cxx, ['--version'], { encoding: 'utf8' });
if (probe.status !== 0) give_up(`C++ compiler ${cxx} not found (apt-get install g++)`);

const sources = readdirSync(srcDir)
  .filter((f) => f.endsWith('.cc'))
  .sort()
  .map((f) => path.join(srcDir, f));
mkdirSync(outDir, { recursive: true });
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
renameSync(tmp, out);
console.log(
  `kornlp: native accelerator built in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${path.relative(process.cwd(), out)}`,
);
