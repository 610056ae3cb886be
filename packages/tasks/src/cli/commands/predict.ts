import { loadPipeline } from '../../pipeline/load.js';
import { readLines } from '../../tasks/lines.js';
import { type Command, UsageError } from '../command.js';
import { intFlag } from '../flags.js';

const usage = `Usage: kornlp predict --model DIR [--batch N] < texts.txt

Reads one text per line from stdin and writes one JSON object per line (JSONL):
  classifiers: {"text","label","probability","probabilities"}
  taggers:     {"text","tokens":[{"text","start","end","tag","probability"}],"spans":[{"type","start","end","text"}]}

Options:
  --model DIR   a pipeline saved by kornlp train
  --batch N     lines per forward pass (default 256)

Example:
  echo '정말 재밌어요' | kornlp predict --model models/sentiment`;

/** `kornlp predict`: run a saved pipeline over stdin lines, JSONL out. */
export const predictCommand: Command = {
  name: 'predict',
  summary: 'run a saved pipeline on stdin lines and print JSONL predictions',
  usage,
  options: { model: { type: 'string' }, batch: { type: 'string' } },
  async run({ values }, io) {
    if (!values.model) throw new UsageError('--model is required');
    const batch = intFlag(values, 'batch', 1) ?? 256;
    const pipeline = await loadPipeline(values.model as string);
    let pending: string[] = [];
    const flush = () => {
      if (!pending.length) return;
      const texts = pending;
      pending = [];
      const out =
        pipeline.kind === 'classifier'
          ? pipeline.predict(texts).map((p, i) => ({ text: texts[i], ...p }))
          : pipeline.predict(texts).map((p, i) => ({ text: texts[i], ...p }));
      io.stdout.write(`${out.map((o) => JSON.stringify(o)).join('\n')}\n`);
    };
    for await (const line of readLines(io.stdin)) {
      pending.push(line);
      if (pending.length >= batch) flush();
    }
    flush();
    pipeline.dispose();
    return 0;
  },
};
