import { loadPipeline } from '../../pipeline/load.js';
import type { TaggingPrediction } from '../../pipeline/token_tagger.js';
import { readLines } from '../../tasks/lines.js';
import { type Command, UsageError } from '../command.js';
import { oneOfFlag } from '../flags.js';

/** Output formats of `kornlp pos` and `kornlp ner`. */
export const TAG_FORMATS = ['pretty', 'json', 'conll'] as const;

/**
 * Formats one tagged line: `pretty` (`token/TAG` pairs, and entities for NER), `json` (tokens and
 * spans), or `conll` (`token<TAB>tag` lines and a blank line).
 *
 * @param text - the input line
 * @param p - the pipeline's prediction for it
 * @param format - one of {@link TAG_FORMATS}
 */
export function formatTagged(
  text: string,
  p: TaggingPrediction,
  format: (typeof TAG_FORMATS)[number],
  entities: boolean,
): string {
  if (format === 'json') return `${JSON.stringify({ text, tokens: p.tokens, spans: p.spans })}\n`;
  if (format === 'conll')
    return `${p.tokens.map((t) => `${t.text === ' ' ? '_' : t.text}\t${t.tag}`).join('\n')}\n\n`;
  if (entities) {
    return `${p.spans.map((s) => `${s.text}/${s.type}`).join(' ') || '(no entities)'}\n`;
  }
  return `${p.tokens.map((t) => `${t.text}/${t.tag}`).join(' ')}\n`;
}

/**
 * Builds `kornlp pos` or `kornlp ner`: tag stdin lines with a saved tagger pipeline.
 *
 * @param name - `pos` or `ner`
 */
export function tagCommand(name: 'pos' | 'ner'): Command {
  const what = name === 'pos' ? 'part-of-speech tags' : 'named entities';
  const usage = `Usage: kornlp ${name} --model DIR [--format pretty|json|conll] < texts.txt

Tags each stdin line with ${what} using a tagger saved by \`kornlp train --task ${name}\`.

Options:
  --model DIR      the tagger pipeline
  --format F       pretty: ${name === 'pos' ? 'token/TAG pairs' : 'entity/TYPE pairs'} (default); json: tokens with offsets and spans;
                   conll: token<TAB>tag lines, a blank line after each input line

Example:
  echo '${name === 'pos' ? '철수가 책을 읽었다.' : '김철수는 서울에 갔다.'}' | kornlp ${name} --model models/${name}`;
  return {
    name,
    summary: `tag stdin lines with ${what} (pretty, JSON or CoNLL output)`,
    usage,
    options: { model: { type: 'string' }, format: { type: 'string', default: 'pretty' } },
    async run({ values }, io) {
      if (!values.model) throw new UsageError('--model is required');
      const format = oneOfFlag(values, 'format', TAG_FORMATS)!;
      const pipeline = await loadPipeline(values.model as string);
      if (pipeline.kind !== 'tagger') {
        pipeline.dispose();
        throw new UsageError(
          `${values.model} is a ${pipeline.manifest.task} classifier; kornlp ${name} needs a tagger (kornlp train --task ${name})`,
        );
      }
      const entities = name === 'ner' || pipeline.manifest.featurizer.scheme !== null;
      for await (const line of readLines(io.stdin)) {
        const [p] = pipeline.predict([line]);
        io.stdout.write(
          formatTagged(
            line,
            p!,
            format as (typeof TAG_FORMATS)[number],
            entities && pipeline.manifest.featurizer.scheme !== null,
          ),
        );
      }
      pipeline.dispose();
      return 0;
    },
  };
}

/** `kornlp pos`: part-of-speech tagging with a saved tagger. */
export const posCommand: Command = tagCommand('pos');
