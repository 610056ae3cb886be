import { classificationReport } from '../../metrics/classification.js';
import { confusionMatrix } from '../../metrics/confusion.js';
import { entityReport } from '../../metrics/entity.js';
import { loadPipeline } from '../../pipeline/load.js';
import { readTaggedSentences, readTextExamples, requireExamples } from '../../tasks/read_data.js';
import { tokenAccuracy } from '../../tasks/train_tagger.js';
import { type Command, UsageError } from '../command.js';

const usage = `Usage: kornlp eval --model DIR --data FILE [--data-morphs]

Scores a saved pipeline on labelled data and prints a JSON report: accuracy, per-class and averaged
precision/recall/F1 and the confusion matrix (classifiers); token accuracy and, for NER, seqeval
entity-level P/R/F1 (taggers). A label (or entity type) the model never saw in training is scored
as its own class, as sklearn and seqeval do: recall 0, since the model cannot predict it; its
examples count as errors in accuracy; and it is listed under "unseenLabels" with a warning on
stderr. Exit code 0: the report is complete and honest about it.

Options:
  --model DIR   a pipeline saved by kornlp train
  --data FILE   labelled data in the format used for training
  --data-morphs taggers: take morpheme features from the file's LEMMA/XPOS (CoNLL-U) instead of
                analyzing each token

Example:
  kornlp eval --model models/sentiment --data examples/data/sentiment.dev.tsv`;

/** `kornlp eval`: score a pipeline on a labelled file, JSON report out. */
export const evalCommand: Command = {
  name: 'eval',
  summary: 'score a saved pipeline on labelled data (JSON report)',
  usage,
  options: {
    model: { type: 'string' },
    data: { type: 'string' },
    'data-morphs': { type: 'boolean', default: false },
  },
  async run({ values }, io) {
    if (!values.model) throw new UsageError('--model is required');
    if (!values.data) throw new UsageError('--data is required');
    const pipeline = await loadPipeline(values.model as string);
    const file = values.data as string;
    const known = new Set(pipeline.labels);
    const unseen: Record<string, number> = {};
    let report: Record<string, unknown>;
    if (pipeline.kind === 'classifier') {
      const examples = requireExamples(await readTextExamples(file), 'classifier', file);
      const predicted = pipeline.predict(examples.map((e) => e.text)).map((p) => p.label);
      const gold = examples.map((e) => e.label);
      for (const l of gold) if (!known.has(l)) unseen[l] = (unseen[l] ?? 0) + 1;
      const { accuracy, perClass, macro, weighted } = classificationReport(gold, predicted, {
        labels: pipeline.labels,
      });
      report = {
        task: pipeline.manifest.task,
        examples: examples.length,
        accuracy,
        macro,
        weighted,
        perClass,
        confusion: confusionMatrix(gold, predicted),
      };
    } else {
      const sentences = requireExamples(await readTaggedSentences(file), 'tagger', file);
      const useMorphs = values['data-morphs'] as boolean;
      const predicted = pipeline
        .tagTokens(
          sentences.map((s) => s.tokens),
          sentences.map((s) => (useMorphs ? s.morphs : undefined)),
        )
        .map((s) => s.map((t) => t.tag));
      for (const s of sentences) for (const t of s.tags) if (!known.has(t)) unseen[t] = (unseen[t] ?? 0) + 1;
      const gold = sentences.map((s) => s.tags);
      const entities = pipeline.manifest.featurizer.scheme ? entityReport(gold, predicted) : undefined;
      report = {
        task: pipeline.manifest.task,
        sentences: sentences.length,
        tokens: sentences.reduce((n, s) => n + s.tokens.length, 0),
        ...tokenAccuracy(gold, predicted),
        ...(entities
          ? { entities: { micro: entities.micro, macro: entities.macro, perType: entities.perClass } }
          : {}),
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
