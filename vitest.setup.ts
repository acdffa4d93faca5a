/**
 * Seed every random generator in the unit tests: fast-check runs the same generated inputs on
 * every machine (set FC_SEED to explore other seeds; a failure prints its seed and path).
 */
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20_261_126) });
