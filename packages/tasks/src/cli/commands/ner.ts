import type { Command } from '../command.js';
import { tagCommand } from './pos.js';

/** `kornlp ner`: named-entity recognition with a saved tagger. */
export const nerCommand: Command = tagCommand('ner');
