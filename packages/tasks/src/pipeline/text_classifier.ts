import { ArtifactError } from '@kornlp/core';
import type { Vocabulary } from '@kornlp/embeddings';
import type { Tokenizer } from '@kornlp/tokenizer';
import type { SequenceClassifier } from '../heads/sequence_classifier.js';
import type { ClassifierManifest } from './format.js';
import { idRows } from './id_rows.js';
import { segment } from './segment.js';
import { type PipelineExtras, writePipeline } from './write.js';

/** One text's predicted label. */
export interface ClassificationPrediction {
  /** The most probable label. */
  label: string;
  /** Its probability. */
  probability: number;
  /** Every label's probability. */
  probabilities: Record<string, number>;
}

/**
 * A trained text classifier with everything it needs to run on raw text: tokenizer settings,
 * vocabulary, labels and model. Get one from `trainClassifier` or {@link loadPipeline}.
 *
 * @example
 * ```ts
 * import { readTextExamples, trainClassifier } from '@kornlp/tasks';
 * const train = await readTextExamples('examples/data/sentiment.train.tsv');
 * const { pipeline } = await trainClassifier(train, { epochs: 3, progress: false });
 * const [p] = pipeline.predict(['정말 재밌어요 최고의 영화']);
 * console.log(p!.label, p!.probability > 0.5, Object.keys(p!.probabilities)); // 1 true [ '0', '1' ]
 * ```
 */
export class TextClassifierPipeline {
  /** Always `classifier`. */
  readonly kind = 'classifier' as const;

  /**
   * @param manifest - the pipeline description (labels, featurizer, head config)
   * @param vocab - the token vocabulary
   * @param classifier - the head with its model
   * @param tokenizer - the analyzer, when the unit needs one
   */
  constructor(
    readonly manifest: ClassifierManifest,
    readonly vocab: Vocabulary,
    readonly classifier: SequenceClassifier,
    readonly tokenizer: Tokenizer | null,
  ) {
    const embedding = classifier.config.vocabSize;
    if (embedding !== vocab.size) {
      throw new ArtifactError(
        'TextClassifierPipeline',
        `vocabulary vocab/tokens.json has ${vocab.size} tokens but the model embeds ${embedding}: vocab and model do not belong together`,
      );
    }
    if (manifest.labels.length !== classifier.config.numClasses) {
      throw new ArtifactError(
        'TextClassifierPipeline',
        `${manifest.labels.length} labels but the model has ${classifier.config.numClasses} outputs`,
      );
    }
  }

  /** The labels in id order. */
  get labels(): readonly string[] {
    return this.manifest.labels;
  }

  /**
   * The unit strings of a text, as the model sees them before the vocabulary.
   *
   * @param text - a raw text
   * @example
   * ```ts
   * // A sentiment pipeline (unit morph_tag):
   * console.log(pipeline.tokens('정말 재밌어요')); // [ '정말/MAG', '재밌/VA', '어요/EF' ]
   * ```
   */
  tokens(text: string): string[] {
    return segment(text, this.manifest.featurizer.unit, this.tokenizer ?? undefined).map((s) => s.text);
  }

  /**
   * Padded id rows for texts: the vocabulary ids of {@link TextClassifierPipeline.tokens},
   * left-padded with 0 (or cut) to the manifest's `maxLen`.
   *
   * @param texts - raw texts
   */
  encode(texts: readonly string[]): number[][] {
    const { maxLen } = this.manifest.featurizer;
    return idRows(
      this.vocab,
      texts.map((t) => this.tokens(t)),
      maxLen,
      'pre',
    );
  }

  /**
   * Labels with probabilities for each text.
   *
   * @param texts - raw texts
   */
  predict(texts: readonly string[]): ClassificationPrediction[] {
    const probs = this.classifier.predictProba(this.encode(texts));
    return probs.map((p) => {
      let best = 0;
      for (let i = 1; i < p.length; i++) if (p[i]! > p[best]!) best = i;
      return {
        label: this.labels[best]!,
        probability: p[best]!,
        probabilities: Object.fromEntries(this.labels.map((l, i) => [l, p[i]!])),
      };
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
      vocabs: { tokens: this.vocab },
      model: this.classifier.model,
      extras,
    });
  }

  /** Frees the model. */
  dispose(): void {
    this.classifier.dispose();
  }
}
