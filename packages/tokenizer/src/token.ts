/** The eight mecab-ko-dic feature fields after the POS tag, parsed. `*` becomes `null`. */
export interface TokenFeatures {
  /** Semantic class, e.g. `장소`, or null. */
  semanticClass: string | null;
  /** Whether the last syllable has a final consonant (`T`), has none (`F`), or unknown (null). */
  hasFinalConsonant: boolean | null;
  /** Reading, or null. */
  reading: string | null;
  /** `Inflect`, `Compound`, `Preanalysis`, or null. */
  type: 'Inflect' | 'Compound' | 'Preanalysis' | null;
  /** First morpheme's POS for compound tags like `EP+EC`, or null. */
  firstPos: string | null;
  /** Last morpheme's POS, or null. */
  lastPos: string | null;
  /** The morphemes the token stands for, e.g. `시/EP/*+ㄴ다/EC/*`, or null. */
  expression: string | null;
}

/** One analyzed token with UTF-16 offsets into the original input. */
export interface Token {
  /** The text as it appears in the input: `input.slice(start, end) === surface`. */
  surface: string;
  /** POS tag (Sejong, mecab-ko-dic), possibly compound such as `EP+EC`. */
  pos: string;
  /** The remaining feature fields. */
  features: TokenFeatures;
  /** UTF-16 offset of the first code unit in the input. */
  start: number;
  /** UTF-16 offset one past the last code unit. */
  end: number;
  /** Index of the whitespace-delimited word (eojeol) the token belongs to, from 0. */
  eojeol: number;
}
