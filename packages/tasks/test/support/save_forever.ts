// Child process for the interrupted-save tests: loads a pipeline, then saves it to `out` over and
// over until the parent kills it (SIGKILL), so the kill lands in the middle of a save.
import { loadPipeline } from '../../src/index.js';

const [src, out] = process.argv.slice(2);
if (!src || !out) throw new Error('usage: save_forever.ts SRC OUT');
const pipeline = await loadPipeline(src);
await pipeline.save(out);
process.stdout.write('saving\n');
for (;;) await pipeline.save(out);
