#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { register } from 'node:module';

const built = new URL('../dist/cli/main.js', import.meta.url);
let entry = built;
if (!existsSync(built)) {
  // From a checkout: run the TypeScript sources through tsx.
  register('./source-conditions.mjs', import.meta.url);
  const { register: registerTsx } = await import('tsx/esm/api');
  registerTsx();
  entry = new URL('../src/cli/main.ts', import.meta.url);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
