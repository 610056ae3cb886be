import { loadPipeline } from '../../pipeline/load.js';
import { readTaggedSentences, readTextExamples } from '../../tasks/read_data.js';
import { tokenAccuracy } from '../../tasks/train_tagger.js';
import { type Command, UsageError } from '../command.js';

const usage = `Usage: kornlp eval --model DIR --data FILE

Scores a saved pipeline on labelled data and prints a JSON report: accuracy, the confusion counts
(classifiers) and token accuracy (taggers). Labels the model never saw in training count as errors
and are listed under "unseenLabels" (with a warning on stderr).

Options:
  --model DIR   a pipeline saved by kornlp train
  --data FILE   labelled data in the format used for training

Example:
  kornlp eval --model models/sentiment --data examples/data/sentiment.dev.tsv`;

/** `kornlp eval`: score a pipeline on a labelled file, JSON report out. */
export const evalCommand: Command = {
  name: 'eval',
  summary: 'score a saved pipeline on labelled data (JSON report)',
  usage,
  options: { model: { type: 'string' }, data: { type: 'string' } },
  async run({ values }, io) {
    if (!values.model) throw new UsageError('--model is required');
    if (!values.data) throw new UsageError('--data is required');
    const pipeline = await loadPipeline(values.model as string);
    const file = values.data as string;
    const known = new Set(pipeline.labels);
    const unseen: Record<string, number> = {};
    let report: Record<string, unknown>;
    if (pipeline.kind === 'classifier') {
      const examples = await readTextExamples(file);
      const predicted = pipeline.predict(examples.map((e) => e.text));
      const confusion: Record<string, Record<string, number>> = {};
      let correct = 0;
      examples.forEach((e, i) => {
        const p = predicted[i]!.label;
        if (!known.has(e.label)) unseen[e.label] = (unseen[e.label] ?? 0) + 1;
        correct += Number(p === e.label);
        confusion[e.label] ??= {};
        confusion[e.label]![p] = (confusion[e.label]![p] ?? 0) + 1;
      });
      report = {
        task: pipeline.manifest.task,
        examples: examples.length,
        accuracy: examples.length ? correct / examples.length : 0,
        confusion,
      };
    } else {
      const sentences = await readTaggedSentences(file);
      const predicted = pipeline.tagTokens(sentences.map((s) => s.tokens)).map((s) => s.map((t) => t.tag));
      for (const s of sentences) for (const t of s.tags) if (!known.has(t)) unseen[t] = (unseen[t] ?? 0) + 1;
      report = {
        task: pipeline.manifest.task,
        sentences: sentences.length,
        tokens: sentences.reduce((n, s) => n + s.tokens.length, 0),
        ...tokenAccuracy(
          sentences.map((s) => s.tags),
          predicted,
        ),
      };
    }
    if (Object.keys(unseen).length) {
      io.stderr.write(
        `kornlp eval: warning: labels never seen in training: ${Object.entries(unseen)
          .map(([l, n]) => `${JSON.stringify(l)} ×${n}`)
          .join(
            ', ',
          )}; they count as errors. The model knows: ${[...known].filter((l) => l !== '<pad>').join(', ')}\n`,
      );
      report.unseenLabels = unseen;
    }
    io.stdout.write(`${JSON.stringify({ model: values.model, data: file, ...report }, null, 2)}\n`);
    pipeline.dispose();
    return 0;
  },
};
