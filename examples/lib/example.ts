// Shared plumbing for the example scripts: where the data is (bundled small files, or the real
// corpora beside the checkout with --real / KORNLP_DATA), a few flags, and the save-and-reload step.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadPipeline, readTextExamples, type TextClassifierPipeline, type TextExample } from '@kornlp/tasks';

/** Flags every example accepts. */
export interface ExampleArgs {
  /** Use the real corpus from ../shared/data (or $KORNLP_DATA) instead of the bundled files. */
  real: boolean;
  /** Directory of the real corpora. */
  dataDir: string;
  /** Where the trained pipeline is saved. */
  out: string;
  /** Epochs to train. */
  epochs: number | undefined;
  /** Explicit train / dev files (override both bundled and real data). */
  train: string | undefined;
  dev: string | undefined;
}

export function exampleArgs(name: string): ExampleArgs {
  const { values } = parseArgs({
    options: {
      real: { type: 'boolean', default: false },
      out: { type: 'string' },
      epochs: { type: 'string' },
      train: { type: 'string' },
      dev: { type: 'string' },
    },
  });
  const dataDir = process.env.KORNLP_DATA ?? new URL('../../../shared/data/', import.meta.url).pathname;
  const real = Boolean(values.real) || process.env.KORNLP_REAL === '1';
  if (real && !values.train && !existsSync(dataDir)) {
    console.error(`--real: no corpora at ${dataDir}; set KORNLP_DATA to the shared data directory`);
    process.exit(2);
  }
  return {
    real,
    dataDir,
    out: values.out ?? `${process.env.TMPDIR ?? '/tmp'}/kornlp-example-${name}${real ? '-real' : ''}`,
    epochs: values.epochs === undefined ? undefined : Number(values.epochs),
    train: values.train,
    dev: values.dev,
  };
}

/** A bundled data file. */
export const bundled = (file: string): string => new URL(`../data/${file}`, import.meta.url).pathname;

/**
 * Labelled texts to train and evaluate on: the --train/--dev files when given, else the bundled
 * `<task>.train.jsonl` and `<task>.dev.jsonl`.
 */
export async function textSplit(
  args: ExampleArgs,
  task: string,
): Promise<{ train: TextExample[]; dev: TextExample[] }> {
  return {
    train: await readTextExamples(args.train ?? bundled(`${task}.train.jsonl`)),
    dev: await readTextExamples(args.dev ?? bundled(`${task}.dev.jsonl`)),
  };
}

/** Saves a trained classifier to `out` and loads it back from there, as a user of the saved model would. */
export async function saveAndReload(
  pipeline: TextClassifierPipeline,
  out: string,
): Promise<TextClassifierPipeline> {
  await pipeline.save(out);
  const loaded = await loadPipeline(out);
  if (loaded.kind !== 'classifier') throw new Error('expected a classifier pipeline');
  return loaded;
}
