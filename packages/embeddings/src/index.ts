/**
 * @kornlp/embeddings. Only these exports are public.
 * @packageDocumentation
 */
export {};
