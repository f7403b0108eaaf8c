import type { Instruction } from 'dockerfile-ast';
import type { Range } from '../engine/types';
import type { DockerfileModel } from './dockerfile';

/** One word of a shell command: its value with quotes removed, and where it is in the file. */
export interface ShellWord {
  value: string;
  range: Range;
  /** Source offsets of the word, quotes included. */
  start: number;
  end: number;
}

export type ShellSeparator = 'start' | '|' | '&&' | '||' | ';' | '&';

/** A simple command: its words, and how it is joined to the command before it. */
export interface ShellCommand {
  words: ShellWord[];
  separator: ShellSeparator;
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

/**
 * The shell commands a RUN instruction executes, every word mapped back to the file: shell form
 * across `\` continuations (and the comment lines Docker drops inside them), exec form
 * `["sh", "-c", "…"]`, heredoc scripts, and scripts nested in `sh -c "…"`.
 */
export function runCommands(model: DockerfileModel, instruction: Instruction): ShellCommand[] {
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
  return commands.flatMap((command) => [command, ...nestedScriptCommands(model, command)]);
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

/** Splits shell text between two source offsets into commands and words. */
export function tokenizeShell(model: DockerfileModel, start: number, end: number): ShellCommand[] {
  const { source, escapeCharacter } = model;
  const text = source.text;
  const commands: ShellCommand[] = [];
  let words: ShellWord[] = [];
  let separator: ShellSeparator = 'start';
  let value = '';
  let wordStart = -1;
  let quote: '"' | "'" | undefined;

  const endWord = (offset: number) => {
    if (wordStart >= 0) words.push({ value, start: wordStart, end: offset, range: source.rangeAt(wordStart, offset) });
    wordStart = -1;
    value = '';
  };
  const endCommand = (next: ShellSeparator) => {
    if (words.length > 0) commands.push({ words, separator });
    words = [];
    separator = next;
  };

  let offset = start;
  while (offset < end) {
    const char = text[offset] ?? '';
    const continuation = /^(\r?\n)/.exec(text.slice(offset + 1, offset + 3));
    if (char === escapeCharacter && continuation && quote !== "'") {
      offset = skipContinuationComments(text, offset + 1 + (continuation[1]?.length ?? 1), end);
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
    const operator = /^(&&|\|\||\||;|&|\r?\n)/.exec(text.slice(offset, offset + 2))?.[1];
    if (operator) {
      endWord(offset);
      endCommand(operator.endsWith('\n') ? ';' : (operator as ShellSeparator));
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
