import type { Command } from '../command.js';
import { embeddingsCommand } from './embeddings.js';
import { evalCommand } from './eval.js';
import { nerCommand } from './ner.js';
import { posCommand } from './pos.js';
import { predictCommand } from './predict.js';
import { summaryCommand } from './summary.js';
import { tokenizeCommand } from './tokenize.js';
import { trainCommand } from './train.js';
import { vocabCommand } from './vocab.js';

// Each command lives in its own file in this folder; list it here to make it reachable.
export const commands: Command[] = [
  tokenizeCommand,
  trainCommand,
  evalCommand,
  predictCommand,
  posCommand,
  nerCommand,
  vocabCommand,
  embeddingsCommand,
  summaryCommand,
];
