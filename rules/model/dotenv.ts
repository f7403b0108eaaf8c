/**
 * The `KEY=value` lines of a dotenv file, as Compose reads an `env_file`: blank lines and `#`
 * comments skipped, an optional `export ` prefix, single quotes literal, double quotes with
 * backslash escapes and possibly spanning lines, unquoted values trimmed and cut at ` #`.
 */

export interface DotenvEntry {
  name: string;
  value: string;
  /** 1-based line of the key. */
  line: number;
  /** How the value was written: single quotes are never interpolated. */
  quote: "'" | '"' | undefined;
}

const assignment = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/;

export function parseDotenv(text: string): DotenvEntry[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const entries: DotenvEntry[] = [];
  for (let index = 0; index < lines.length; index++) {
    const match = assignment.exec(lines[index] ?? '');
    if (!match) continue;
    const name = match[1] ?? '';
    const rest = match[2] ?? '';
    const line = index + 1;
    const quote = rest[0];
    if (quote === "'" || quote === '"') {
      // A quoted value runs to its closing quote, on this line or a later one.
      let body = rest.slice(1);
      let close = closingQuote(body, quote);
      while (close < 0 && index + 1 < lines.length) {
        index += 1;
        body += `\n${lines[index]}`;
        close = closingQuote(body, quote);
      }
      const raw = close < 0 ? body : body.slice(0, close);
      const value = quote === '"' ? raw.replace(/\\([\\"nrt])/g, (_, c: string) => escapes[c] ?? c) : raw;
      entries.push({ name, value, line, quote });
    } else {
      entries.push({ name, value: rest.replace(/(^|\s)#.*$/, '').trim(), line, quote: undefined });
    }
  }
  return entries;
}

const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t' };

function closingQuote(text: string, quote: string): number {
  for (let index = 0; index < text.length; index++) {
    if (quote === '"' && text[index] === '\\') index += 1;
    else if (text[index] === quote) return index;
  }
  return -1;
}
