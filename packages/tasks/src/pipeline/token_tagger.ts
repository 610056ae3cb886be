import { ArtifactError } from '@kornlp/core';
import type { Vocabulary } from '@kornlp/embeddings';
import type { Tokenizer } from '@kornlp/tokenizer';
import type { SequenceTagger } from '../heads/sequence_tagger.js';
import type { TaggerManifest } from './format.js';
import { idRows } from './id_rows.js';
import { type Segment, segment } from './segment.js';
import { type Morph, tokenFeatures } from './token_features.js';
import { type PipelineExtras, writePipeline } from './write.js';

/** One token with its predicted tag and offsets into the input. */
export interface TaggedToken extends Segment {
  /** The predicted tag, e.g. `NOUN` or `B-PS`. */
  tag: string;
  /** Its probability. */
  probability: number;
}

/** An entity: its type and where it is in the input (`text.slice(start, end)`). */
export interface EntitySpan {
  /** The entity type, e.g. `PS`. */
  type: string;
  /** UTF-16 offset of its first character. */
  start: number;
  /** UTF-16 offset one past its last character. */
  end: number;
  /** The entity's text. */
  text: string;
}

/** One text's tagging: every token, and for NER pipelines the entity spans. */
export interface TaggingPrediction {
  /** The tokens in order with their tags. */
  tokens: TaggedToken[];
  /** Entity spans (NER pipelines), empty for POS. */
  spans: EntitySpan[];
}

/** Turns tags of tokens into spans; supplied by the label-scheme code for NER pipelines. */
export type SpanDecoder = (tags: readonly string[]) => { type: string; start: number; end: number }[];

/**
 * A trained tagger (POS or NER) with everything it needs to run on raw text: the unit it tags,
 * its features' vocabularies, the tags and the model. Get one from `trainTagger` or
 * {@link loadPipeline}.
 *
 * @example
 * ```ts
 * import { readTaggedSentences, taskSpec, trainTagger } from '@kornlp/tasks';
 * const train = await readTaggedSentences('examples/data/ner.train.tsv'); // KLUE-NER characters
 * const dev = await readTaggedSentences('examples/data/ner.dev.tsv');
 * const { unit, features } = taskSpec('ner');
 * const options = { dev, unit, features, scheme: 'BIO' as const, epochs: 40, progress: false as const };
 * const { pipeline: ner } = await trainTagger(train, options);
 * console.log(ner.predict(['김철수는 서울에 갔다.'])[0]!.spans);
 * // [ { type: 'PS', start: 0, end: 3, text: '김철수' }, { type: 'LC', start: 5, end: 7, text: '서울' } ]
 * ```
 */
export class TokenTaggerPipeline {
  /** Always `tagger`. */
  readonly kind = 'tagger' as const;

  /**
   * @param manifest - the pipeline description (tags, featurizer, head config)
   * @param vocabs - one vocabulary per feature, by feature name
   * @param tagger - the head with its model
   * @param tokenizer - the analyzer, when the unit or features need one
   * @param spanDecoder - span extraction for `BIO`/`BIOES` tags
   */
  constructor(
    readonly manifest: TaggerManifest,
    readonly vocabs: Record<string, Vocabulary>,
    readonly tagger: SequenceTagger,
    readonly tokenizer: Tokenizer | null,
    readonly spanDecoder: SpanDecoder | null = null,
  ) {
    const { features } = manifest.featurizer;
    for (const [i, f] of features.entries()) {
      const vocab = vocabs[f];
      const channel = tagger.config.channels[i];
      if (!vocab) throw new ArtifactError('TokenTaggerPipeline', `no vocabulary for feature ${f}`);
      if (!channel || channel.vocabSize !== vocab.size) {
        throw new ArtifactError(
          'TokenTaggerPipeline',
          `feature ${f}: vocabulary vocab/${f}.json has ${vocab.size} tokens but the model embeds ${channel?.vocabSize ?? 'nothing'}: vocab and model do not belong together`,
        );
      }
    }
    if (manifest.labels.length !== tagger.config.numTags) {
      throw new ArtifactError(
        'TokenTaggerPipeline',
        `${manifest.labels.length} tags but the model has ${tagger.config.numTags} outputs`,
      );
    }
  }

  /** The tags in id order (index 0 is padding). */
  get labels(): readonly string[] {
    return this.manifest.labels;
  }

  /**
   * Cuts a text into the tokens this pipeline tags (characters for NER, eojeols for POS), with
   * their offsets.
   *
   * @param text - a raw text
   */
  segment(text: string): Segment[] {
    return segment(text, this.manifest.featurizer.unit, this.tokenizer ?? undefined);
  }

  /**
   * Per-channel padded id rows for one token window (at most maxLen tokens).
   *
   * @param tokens - the tokens
   * @param morphs - their morphemes when the data has them; else the tokenizer analyzes them
   */
  encodeWindow(tokens: readonly string[], morphs?: readonly (readonly Morph[])[]): number[][] {
    const { features, maxLen } = this.manifest.featurizer;
    const values = tokenFeatures(tokens, features, this.tokenizer ?? undefined, morphs);
    return features.map((f, i) => idRows(this.vocabs[f]!, [values[i]!], maxLen, 'post')[0]!);
  }

  /**
   * Tags pre-split token sequences (e.g. from a CoNLL file). Sequences longer than maxLen are
   * tagged in consecutive windows.
   *
   * @param sentences - token sequences
   * @param morphs - per sentence, each token's morphemes when the data has them
   * @returns per sentence, per token: the tag and its probability
   */
  tagTokens(
    sentences: readonly (readonly string[])[],
    morphs?: readonly (readonly (readonly Morph[])[] | undefined)[],
  ): { tag: string; probability: number }[][] {
    const { maxLen } = this.manifest.featurizer;
    const windows: number[][][] = [];
    const owner: number[] = [];
    sentences.forEach((toks, s) => {
      for (let i = 0; i < Math.max(toks.length, 1); i += maxLen) {
        if (toks.length === 0) break;
        windows.push(this.encodeWindow(toks.slice(i, i + maxLen), morphs?.[s]?.slice(i, i + maxLen)));
        owner.push(s);
      }
    });
    const predicted = this.tagger.predict(windows);
    const out: { tag: string; probability: number }[][] = sentences.map(() => []);
    predicted.forEach((w, k) => {
      out[owner[k]!]!.push(...w.map((t) => ({ tag: this.labels[t.tag]!, probability: t.prob })));
    });
    return out;
  }

  /**
   * Tags raw texts; for NER pipelines also returns entity spans with offsets into each text.
   *
   * @param texts - raw texts
   */
  predict(texts: readonly string[]): TaggingPrediction[] {
    const segs = texts.map((t) => this.segment(t));
    const tagged = this.tagTokens(segs.map((s) => s.map((x) => x.text)));
    const { scheme } = this.manifest.featurizer;
    return segs.map((s, i) => {
      const tags = tagged[i]!;
      const tokens = s.map((seg, k) => ({ ...seg, tag: tags[k]!.tag, probability: tags[k]!.probability }));
      const spans: EntitySpan[] =
        scheme && this.spanDecoder
          ? this.spanDecoder(tokens.map((t) => t.tag)).map((sp) => {
              const start = tokens[sp.start]!.start;
              const end = tokens[sp.end - 1]!.end;
              return { type: sp.type, start, end, text: texts[i]!.slice(start, end) };
            })
          : [];
      return { tokens, spans };
    });
  }

  /**
   * Saves the pipeline atomically (see {@link writePipeline}).
   *
   * @param dir - the directory; replaced as a whole
   * @param extras - extra files, e.g. `{ 'curves.svg': svg }`
   */
  async save(dir: string, extras?: PipelineExtras): Promise<void> {
    await writePipeline(dir, {
      manifest: this.manifest,
      vocabs: this.vocabs,
      model: this.tagger.model,
      extras,
    });
  }

  /** Frees the model. */
  dispose(): void {
    this.tagger.dispose();
  }
}
