import type { Instruction } from 'dockerfile-ast';
import type { Range, TextEdit } from '../engine/types';
import type { DockerfileModel, Stage } from './dockerfile';

/** One word of a shell command: its value with quotes removed, and where it is in the file. */
export interface ShellWord {
  value: string;
  range: Range;
  /** Source offsets of the word, quotes included. */
  start: number;
  end: number;
  /** An element of an exec-form JSON array (`RUN ["curl", "-k", …]`): removing it means editing JSON. */
  execForm?: boolean;
}

export type ShellSeparator = 'start' | '|' | '&&' | '||' | ';' | '&';

/** A simple command: its words, and how it is joined to the command before it. */
export interface ShellCommand {
  words: ShellWord[];
  separator: ShellSeparator;
  /** Where the separator is written (the `|` of a pipe); absent for the first command of a script. */
  separatorRange?: Range;
}

const shells = new Set([
  'sh',
  'bash',
  'ash',
  'dash',
  'zsh',
  '/bin/sh',
  '/bin/bash',
  '/bin/ash',
  '/bin/dash',
  '/usr/bin/env',
]);

const commandsByInstruction = new WeakMap<Instruction, ShellCommand[]>();

/**
 * The shell commands a RUN instruction executes, every word mapped back to the file: shell form
 * across `\` continuations (and the comment lines Docker drops inside them), exec form
 * `["sh", "-c", "…"]`, heredoc scripts, scripts nested in `sh -c "…"`, and the commands of `$(…)` and
 * `<(…)` substitutions (right after the command whose word holds them). `case` patterns are not pipes.
 * Read once per instruction: most Dockerfile rules walk them.
 */
export function runCommands(model: DockerfileModel, instruction: Instruction): ShellCommand[] {
  let commands = commandsByInstruction.get(instruction);
  if (!commands) {
    commands = readRunCommands(model, instruction);
    commandsByInstruction.set(instruction, commands);
  }
  return commands;
}

function readRunCommands(model: DockerfileModel, instruction: Instruction): ShellCommand[] {
  const { source } = model;
  const argumentsRange = instruction.getArgumentsRange();
  if (!argumentsRange) return [];
  const start = source.offsetAt(argumentsRange.start);
  const end = source.offsetAt(instruction.getRange().end);
  const text = source.text;
  const firstWordStart = skipFlags(text, start, end);
  const lineEnd = logicalLineEnd(text, firstWordStart, end, model.escapeCharacter);
  const scriptCommands =
    text[firstWordStart] === '['
      ? execFormCommands(model, firstWordStart, lineEnd)
      : tokenizeShell(model, firstWordStart, lineEnd);
  const commands = [...scriptCommands, ...heredocCommands(model, scriptCommands)];
  const all = commands.flatMap((command) => [command, ...nestedScriptCommands(model, command)]);
  // A `$(…)` inside an `sh -c "…"` script is read with the script and again with the word around it.
  const seen = new Set<number>();
  return all.filter((command) => {
    const start = command.words[0]?.start ?? -1;
    if (seen.has(start)) return false;
    seen.add(start);
    return true;
  });
}

/** Every RUN of every stage, with the commands it executes: what rules about RUN steps walk through. */
export function stageRuns(model: DockerfileModel): { stage: Stage; run: Instruction; commands: ShellCommand[] }[] {
  return model.stages.flatMap((stage) =>
    stage.instructions
      .filter((instruction) => instruction.getKeyword() === 'RUN')
      .map((run) => ({ stage, run, commands: runCommands(model, run) })),
  );
}

/** Where the instruction's own line ends: the first line break not escaped; heredoc bodies follow it. */
function logicalLineEnd(text: string, start: number, end: number, escapeCharacter: string): number {
  for (let offset = start; offset < end; offset++) {
    if (text[offset] === escapeCharacter && /^\r?\n/.test(text.slice(offset + 1, offset + 3))) {
      offset = skipContinuationComments(text, text.indexOf('\n', offset) + 1, end) - 1;
    } else if (text[offset] === '\n') return offset;
  }
  return end;
}

/** Skips RUN's own flags (`--mount=…`, `--network=…`), which are not part of the command. */
function skipFlags(text: string, start: number, end: number): number {
  let offset = start;
  while (offset < end) {
    while (offset < end && /\s/.test(text[offset] ?? '')) offset++;
    if (!text.startsWith('--', offset)) break;
    while (offset < end && !/\s/.test(text[offset] ?? '')) offset++;
  }
  return offset;
}

/**
 * How deep `$(…)` substitutions are read. Real scripts nest two or three; thousands (fuzzed or
 * hostile input) overflowed the stack of every RUN rule. Deeper ones stay part of their word.
 */
const maxSubstitutionDepth = 32;

/** Splits shell text between two source offsets into commands and words. */
export function tokenizeShell(model: DockerfileModel, start: number, end: number, depth = 0): ShellCommand[] {
  const { source, escapeCharacter } = model;
  const text = source.text;
  const commands: ShellCommand[] = [];
  let words: ShellWord[] = [];
  let separator: ShellSeparator = 'start';
  let separatorRange: Range | undefined;
  let value = '';
  let wordStart = -1;
  let quote: '"' | "'" | undefined;
  // In `case … in a | b) …;; esac`, the `|` between patterns is not a pipe: track where patterns are.
  let openCases = 0;
  let inPatterns = false;
  // `$(…)`, `<(…)` and `>(…)` stay inside their word; the commands they run follow that word's command.
  let substitutions: [number, number][] = [];

  const endCommand = (next: ShellSeparator, nextRange?: Range) => {
    if (words.length > 0) commands.push(separatorRange ? { words, separator, separatorRange } : { words, separator });
    if (depth < maxSubstitutionDepth)
      for (const [from, to] of substitutions) commands.push(...tokenizeShell(model, from, to, depth + 1));
    substitutions = [];
    words = [];
    separator = next;
    separatorRange = nextRange;
  };
  const endWord = (offset: number) => {
    if (wordStart < 0) return;
    const word = { value, start: wordStart, end: offset, range: source.rangeAt(wordStart, offset) };
    wordStart = -1;
    value = '';
    words.push(word);
    if (word.value === 'esac' && words.length === 1 && openCases > 0) {
      openCases--;
      inPatterns = false;
    } else if (inPatterns && word.value.endsWith(')')) {
      words = [];
      inPatterns = false;
    } else if (word.value === 'in' && words.find((w) => !reservedWords.has(w.value))?.value === 'case') {
      endCommand(';');
      openCases++;
      inPatterns = true;
    }
  };

  let offset = start;
  while (offset < end) {
    const char = text[offset] ?? '';
    const continuation = /^(\r?\n)/.exec(text.slice(offset + 1, offset + 3));
    if (char === escapeCharacter && continuation && quote !== "'") {
      offset = skipContinuationComments(text, offset + 1 + (continuation[1]?.length ?? 1), end);
      continue;
    }
    const substitution = quote === "'" ? undefined : /^([$<>])\((?!\()/.exec(text.slice(offset, offset + 3));
    if (substitution && (substitution[1] === '$' || !quote)) {
      const close = closingParenthesis(text, offset + 2, end);
      if (wordStart < 0) wordStart = offset;
      value += text.slice(offset, Math.min(close + 1, end));
      substitutions.push([offset + 2, close]);
      offset = close + 1;
      continue;
    }
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && offset + 1 < end) {
        value += text[offset + 1] ?? '';
        offset += 2;
        continue;
      } else value += char;
      offset++;
      continue;
    }
    if (char === '"' || char === "'") {
      if (wordStart < 0) wordStart = offset;
      quote = char;
      offset++;
      continue;
    }
    if (char === '#' && wordStart < 0) {
      while (offset < end && text[offset] !== '\n') offset++;
      continue;
    }
    const caseEnd = openCases > 0 ? /^(;;&|;;|;&)/.exec(text.slice(offset, offset + 3))?.[1] : undefined;
    if (caseEnd) {
      endWord(offset);
      endCommand(';', source.rangeAt(offset, offset + caseEnd.length));
      inPatterns = true;
      offset += caseEnd.length;
      continue;
    }
    const operator = /^(&&|\|\||\||;|&|\r?\n)/.exec(text.slice(offset, offset + 2))?.[1];
    if (operator === '|' && inPatterns) {
      endWord(offset);
      offset++;
      continue;
    }
    if (operator && !isRedirection(value, text, offset)) {
      endWord(offset);
      endCommand(
        operator.endsWith('\n') ? ';' : (operator as ShellSeparator),
        source.rangeAt(offset, offset + operator.length),
      );
      offset += operator.length;
      continue;
    }
    if (/\s/.test(char)) {
      endWord(offset);
      offset++;
      continue;
    }
    if (char === '\\' && offset + 1 < end) {
      if (wordStart < 0) wordStart = offset;
      value += text[offset + 1] ?? '';
      offset += 2;
      continue;
    }
    if (wordStart < 0) wordStart = offset;
    value += char;
    offset++;
  }
  endWord(offset);
  endCommand('start');
  return commands;
}

/** The `)` that closes a substitution opened just before `from`, past quotes and nested parentheses. */
function closingParenthesis(text: string, from: number, end: number): number {
  let depth = 1;
  for (let offset = from; offset < end; offset++) {
    const char = text[offset];
    if (char === '\\') offset++;
    else if (char === "'" || char === '"') {
      const close = text.indexOf(char, offset + 1);
      offset = close < 0 || close >= end ? end : close;
    } else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return offset;
  }
  return end;
}

/** `2>&1`, `<&3`, `&>file` and `>|file` are redirections, not the `&` and `|` operators. */
function isRedirection(wordSoFar: string, text: string, offset: number): boolean {
  const char = text[offset];
  if (char === '&') return /[<>]$/.test(wordSoFar) || text[offset + 1] === '>';
  return char === '|' && wordSoFar.endsWith('>');
}

/** After a line continuation, Docker drops whole comment lines before the command goes on. */
function skipContinuationComments(text: string, offset: number, end: number): number {
  let position = offset;
  for (;;) {
    let lineStart = position;
    while (lineStart < end && (text[lineStart] === ' ' || text[lineStart] === '\t')) lineStart++;
    if (text[lineStart] !== '#') return position;
    const newline = text.indexOf('\n', lineStart);
    if (newline < 0 || newline >= end) return end;
    position = newline + 1;
  }
}

/** `["sh", "-c", "script"]`: the script's words, located inside its JSON string when it has no escapes. */
function execFormCommands(model: DockerfileModel, start: number, end: number): ShellCommand[] {
  const raw = model.source.text.slice(start, end);
  let argv: unknown;
  try {
    argv = JSON.parse(raw.replace(/\\\r?\n/g, ''));
  } catch {
    return [];
  }
  if (!Array.isArray(argv) || !argv.every((item) => typeof item === 'string')) return [];
  const strings = [...raw.matchAll(/"((?:[^"\\]|\\.)*)"/g)];
  const words = strings.map((match) => {
    const wordStart = start + (match.index ?? 0);
    const wordEnd = wordStart + match[0].length;
    return {
      value: JSON.parse(match[0]) as string,
      start: wordStart,
      end: wordEnd,
      range: model.source.rangeAt(wordStart, wordEnd),
      execForm: true,
    };
  });
  return words.length > 0 ? [{ words, separator: 'start' }] : [];
}

/** `sh -c "curl … | sh"`: the quoted script is shell too. */
function nestedScriptCommands(model: DockerfileModel, command: ShellCommand): ShellCommand[] {
  const [program, ...rest] = command.words;
  if (!program || !shells.has(program.value)) return [];
  const flagIndex = rest.findIndex((word) => /^-[a-z]*c[a-z]*$/.test(word.value));
  const script = flagIndex >= 0 ? rest[flagIndex + 1] : undefined;
  if (!script) return [];
  const quoted = /^["']/.test(model.source.text[script.start] ?? '');
  return tokenizeShell(model, script.start + (quoted ? 1 : 0), script.end - (quoted ? 1 : 0));
}

/** `RUN <<EOF` (or `RUN bash <<EOF`): the heredoc body is the script. Bodies fed to other programs are not shell. */
function heredocCommands(model: DockerfileModel, commands: readonly ShellCommand[]): ShellCommand[] {
  const result: ShellCommand[] = [];
  const text = model.source.text;
  for (const command of commands) {
    const index = command.words.findIndex(
      (word) =>
        /^<<-?["']?[A-Za-z_][A-Za-z0-9_]*["']?$/.test(word.value) || /^<<-?/.test(text.slice(word.start, word.end)),
    );
    if (index < 0) continue;
    const runsShell = index === 0 || shells.has(command.words[0]?.value ?? '');
    const marker = command.words[index];
    if (!runsShell || !marker) continue;
    const delimiter = marker.value.replace(/^<<-?/, '').replace(/["']/g, '');
    const bodyStart = text.indexOf('\n', marker.end) + 1;
    if (bodyStart <= 0) continue;
    const terminator = new RegExp(`^[\\t ]*${delimiter}[\\t ]*$`, 'm');
    const match = terminator.exec(text.slice(bodyStart));
    const bodyEnd = match ? bodyStart + match.index : text.length;
    result.push(...tokenizeShell(model, bodyStart, bodyEnd));
  }
  return result;
}

/** The program a command runs, past `VAR=value` prefixes: `sudo` and `env` stay visible to rules. */
export function commandName(command: ShellCommand): ShellWord | undefined {
  return command.words.find((word) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word.value));
}

/** Words that open or continue a compound command (`if`, `then`, `do`…) before the command proper. */
const reservedWords = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{']);

/**
 * Where the command proper starts: past `VAR=value` prefixes and the reserved words of the compound
 * command around it (`then sudo make install`); -1 when there is none.
 */
export function commandStart(command: ShellCommand): number {
  return command.words.findIndex((word) => !isAssignment(word.value) && !reservedWords.has(word.value));
}

/** The name a program is known by: `/usr/bin/curl` and `curl.exe` → `curl`. */
export function programName(word: ShellWord): string {
  return word.value.slice(word.value.lastIndexOf('/') + 1).replace(/\.exe$/i, '');
}

/** One option of a command: `-k`, a letter of `-fsSLk`, `--insecure`, `--trusted-host=x` or `--trusted-host x`. */
export interface CommandOption {
  /** As written alone: `-k`, `--trusted-host`. */
  name: string;
  word: ShellWord;
  /** For a letter inside a cluster of short options, its index in the word's value. */
  letterIndex?: number;
  value?: string;
  /** The separate word holding the value, when it is not attached. */
  valueWord?: ShellWord;
}

export interface OptionSyntax {
  /** Short options that take a value (`o` for `-o file`). */
  shortWithValue?: string;
  /** Long options that take a value in the next word when written without `=`. */
  longWithValue?: readonly string[];
  /** Options end at the first operand (`sudo`, `sh`) rather than anywhere (`curl`, `apt-get`). */
  stopAtOperand?: boolean;
}

/** How the tools that security rules read take their options, from their manuals. */
export const optionSyntax = {
  curl: {
    shortWithValue: 'AbcCdDeEFHKmoPQrtTuUwxXyYz',
    longWithValue: [
      '--output',
      '--header',
      '--user',
      '--data',
      '--data-raw',
      '--data-binary',
      '--url',
      '--proxy',
      '--request',
      '--user-agent',
      '--cacert',
      '--cert',
      '--key',
      '--retry',
      '--max-time',
      '--connect-timeout',
      '--output-dir',
      '--write-out',
    ],
  },
  wget: {
    shortWithValue: 'oaeiBOtTwQPUlARDIXn',
    longWithValue: ['--output-document', '--output-file', '--user-agent', '--header', '--tries', '--timeout'],
  },
  sudo: { shortWithValue: 'ugChprtUD', longWithValue: ['--user', '--group'], stopAtOperand: true },
} satisfies Record<string, OptionSyntax>;

/** Wrappers that run the command after them, and their options that take a value. */
const wrappers: Record<string, string> = {
  sudo: optionSyntax.sudo.shortWithValue,
  env: 'uCS',
  nice: 'n',
  nohup: '',
  exec: 'a',
  command: '',
  time: 'fo',
};

/**
 * The program a command really runs, past `VAR=value` prefixes and wrappers such as `sudo -E`,
 * `env X=1` or `exec`; `index` is its position in the command's words.
 */
export function programOf(command: ShellCommand): { word: ShellWord; index: number; name: string } | undefined {
  const words = command.words;
  let index = commandStart(command);
  while (index >= 0 && index < words.length) {
    const word = words[index] as ShellWord;
    const name = programName(word);
    const valued = wrappers[name];
    if (valued === undefined) return { word, index, name };
    index++;
    while (index < words.length) {
      const next = (words[index] as ShellWord).value;
      if (next === '--') {
        index++;
        break;
      }
      if (name === 'env' && isAssignment(next)) index++;
      else if (/^-[A-Za-z]$/.test(next) && valued.includes(next.charAt(1))) index += 2;
      else if (next.startsWith('-')) index++;
      else break;
    }
  }
  return undefined;
}

export function isAssignment(value: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*=/.test(value);
}

/** Reads the options and operands of the words after a program, the way getopt-style tools do. */
export function parseOptions(
  words: readonly ShellWord[],
  syntax: OptionSyntax,
): { options: CommandOption[]; operands: ShellWord[] } {
  const options: CommandOption[] = [];
  const operands: ShellWord[] = [];
  const shortWithValue = syntax.shortWithValue ?? '';
  const longWithValue = new Set(syntax.longWithValue ?? []);
  let index = 0;
  let optionsEnded = false;
  while (index < words.length) {
    const word = words[index++] as ShellWord;
    const value = word.value;
    if (optionsEnded || value === '-' || !value.startsWith('-')) {
      operands.push(word);
      if (syntax.stopAtOperand) optionsEnded = true;
      continue;
    }
    if (value === '--') {
      optionsEnded = true;
      continue;
    }
    if (value.startsWith('--')) {
      const equals = value.indexOf('=');
      const name = equals < 0 ? value : value.slice(0, equals);
      const next = words[index];
      if (equals >= 0) options.push({ name, word, value: value.slice(equals + 1) });
      else if (longWithValue.has(name) && next) {
        options.push({ name, word, value: next.value, valueWord: next });
        index++;
      } else options.push({ name, word });
      continue;
    }
    for (let letter = 1; letter < value.length; letter++) {
      const name = `-${value.charAt(letter)}`;
      if (!shortWithValue.includes(value.charAt(letter))) {
        options.push({ name, word, letterIndex: letter });
        continue;
      }
      const attached = value.slice(letter + 1);
      const next = words[index];
      if (attached) options.push({ name, word, letterIndex: letter, value: attached });
      else if (next) {
        options.push({ name, word, letterIndex: letter, value: next.value, valueWord: next });
        index++;
      } else options.push({ name, word, letterIndex: letter });
      break;
    }
  }
  return { options, operands };
}

/** Whether a word is written plainly in the file (no quotes or escapes), so edits can address its characters. */
export function isPlainWord(model: DockerfileModel, word: ShellWord): boolean {
  return model.source.text.slice(word.start, word.end) === word.value;
}

/**
 * Deletes the words `first`…`last` of a command and the whitespace that set them apart, so the rest
 * reads as if they were never written: on a line of their own inside a `\` continuation the whole
 * line goes; otherwise the space before them goes. Indentation, continuations and comment lines stay.
 * Undefined when no tidy deletion exists (a comment line right before the words).
 */
export function deleteWords(
  model: DockerfileModel,
  command: ShellCommand,
  first: ShellWord,
  last: ShellWord,
): TextEdit | undefined {
  if (first.execForm || last.execForm) return undefined;
  const { source, escapeCharacter } = model;
  const text = source.text;
  const next = command.words[command.words.indexOf(last) + 1];
  if (next && /^[ \t]+$/.test(text.slice(last.end, next.start))) return deletion(model, first.start, next.start);
  const lineStart = text.lastIndexOf('\n', first.start - 1) + 1;
  const aloneOnLine = /^[ \t]*$/.test(text.slice(lineStart, first.start));
  const continued = new RegExp(`^[ \\t]*${escapeRegExp(escapeCharacter)}[ \\t]*\\r?\\n`).exec(text.slice(last.end));
  if (aloneOnLine && continued) return deletion(model, lineStart, last.end + continued[0].length);
  const start = skipBackOverBlanks(text, first.start);
  if (!aloneOnLine) return deletion(model, start, last.end);
  // The words open the last line of a continued command: join it to the line before.
  const previousLine = /([^ \t])[ \t]*\r?\n$/.exec(text.slice(0, start));
  if (previousLine?.[1] !== escapeCharacter) return undefined;
  const cut = skipBackOverBlanks(text, previousLine.index);
  const previousLineStart = text.lastIndexOf('\n', cut - 1) + 1;
  if (/^[ \t]*#/.test(text.slice(previousLineStart, cut))) return undefined;
  return deletion(model, cut, last.end);
}

function skipBackOverBlanks(text: string, offset: number): number {
  let position = offset;
  while (position > 0 && /[ \t]/.test(text.charAt(position - 1))) position--;
  return position;
}

function deletion(model: DockerfileModel, start: number, end: number): TextEdit {
  return { range: model.source.rangeAt(start, end), newText: '' };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
