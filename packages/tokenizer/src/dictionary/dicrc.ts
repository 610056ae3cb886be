import { DictionaryError } from '../errors.js';

/**
 * Parses a `dicrc` (`key = value` lines; `;` and `#` start comments).
 *
 * @param file - the path, for error messages
 * @param text - the file's text
 * @returns the settings
 */
export function parseDicrc(file: string, text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) {
      throw new DictionaryError(file, `line ${i + 1}: expected "key = value", got ${JSON.stringify(line)}`);
    }
    out.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return out;
}

/**
 * Parses mecab-ko's `left-space-penalty-factor` (`posid,penalty,posid,penalty,...`).
 *
 * @returns a table indexed by posid (0 where there is no penalty)
 */
export function parseSpacePenalty(file: string, value: string | undefined): Int32Array {
  const table = new Int32Array(0x10000);
  if (!value) return table;
  const seen = new Uint8Array(0x10000);
  const parts = value.split(',').map((s) => s.trim());
  if (parts.length % 2 !== 0) {
    throw new DictionaryError(
      file,
      `left-space-penalty-factor must hold posid,penalty pairs, got ${parts.length} numbers`,
    );
  }
  for (let i = 0; i < parts.length; i += 2) {
    const posid = Number(parts[i]);
    const cost = Number(parts[i + 1]);
    if (!Number.isInteger(posid) || posid < 0 || posid > 0xffff || !Number.isInteger(cost)) {
      throw new DictionaryError(
        file,
        `left-space-penalty-factor: bad pair ${JSON.stringify(`${parts[i]},${parts[i + 1]}`)} (expected posid 0..65535 and an integer penalty)`,
      );
    }
    // mecab-ko returns the first matching entry, so earlier pairs win.
    if (seen[posid] === 0) {
      seen[posid] = 1;
      table[posid] = cost;
    }
  }
  return table;
}
