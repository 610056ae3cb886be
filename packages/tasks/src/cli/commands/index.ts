import type { Command } from '../command.js';

// Each command lives in its own file in this folder; list it here to make it reachable.
export const commands: Command[] = [];
