import { getPreset, initBackend, listPresets, summary } from '@kornlp/models';
import { type Command, UsageError } from '../command.js';
import { intFlag } from '../flags.js';

const usage = `Usage: kornlp summary --preset NAME [--max-len N]

Prints a preset model's layers, output shapes and parameter counts, as Keras's model.summary().

Options:
  -p, --preset NAME   one of: ${listPresets().join(', ')}
      --max-len N     input length shown in the shapes (default: the preset's own)

Example:
  kornlp summary --preset seed-bi-gru`;

/** `kornlp summary`: the Keras-style table of a preset model. */
export const summaryCommand: Command = {
  name: 'summary',
  summary: "print a preset model's layers and parameter counts (Keras model.summary())",
  usage,
  options: {
    preset: { type: 'string', short: 'p' },
    'max-len': { type: 'string' },
  },
  async run({ values }, io) {
    const name = values.preset as string | undefined;
    const names = listPresets();
    if (!name) throw new UsageError(`--preset is required; expected one of ${names.join(', ')}`);
    if (!names.includes(name))
      throw new UsageError(`unknown preset ${JSON.stringify(name)}; expected one of ${names.join(', ')}`);
    const maxLen = intFlag(values, 'max-len', 1);
    await initBackend();
    const model = getPreset(name, maxLen === undefined ? {} : { maxLen });
    io.stdout.write(`${summary(model)}\n`);
    model.dispose();
    return 0;
  },
};
