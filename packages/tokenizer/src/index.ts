/**
 * @kornlp/tokenizer. Only these exports are public.
 * @packageDocumentation
 */
export {};
