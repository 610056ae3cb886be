import { readFileSync } from 'node:fs';

/** The `@kornlp/tasks` version, recorded in every saved pipeline. */
export const KORNLP_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
