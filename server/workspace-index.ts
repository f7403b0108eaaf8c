import { statSync } from 'node:fs';
import {
  type FileObjects,
  isEmpty,
  objectsInText,
  type WorkspaceObjects,
  workspaceObjects,
} from '../rules/model/workspace-objects';
import { readTextFile } from './read-file';

/** Bigger YAML files are data, not cluster layout; skipping them keeps the first scan cheap. */
const maxIndexedFileSize = 1024 * 1024;
const yamlFile = /\.ya?ml$/i;

/**
 * The Namespaces, Roles and NetworkPolicies the workspace defines, so a Namespace's Pod Security
 * labels, a Role's rules and a NetworkPolicy's selector count in the files that refer to them. The
 * files are read on the first lookup, then kept current file by file.
 */
export class WorkspaceIndex {
  private readonly byFile = new Map<string, FileObjects>();
  /** Files whose text the index has seen, from disk or an editor: the first scan leaves them alone. */
  private readonly seen = new Set<string>();
  private scanned = false;

  /** `candidates` lists the files to read on first use (the workspace's, or the CLI's arguments). */
  constructor(private readonly candidates: () => readonly string[]) {}

  readonly objects: WorkspaceObjects = workspaceObjects(() => {
    this.scanOnce();
    return this.byFile.values();
  });

  /** Takes a file's current text (an editor's, or undefined once deleted); true when its objects changed. */
  update(path: string, text: string | undefined): boolean {
    if (!yamlFile.test(path)) return false;
    this.seen.add(path);
    const before = fingerprint(this.byFile.get(path));
    const objects = text === undefined ? undefined : objectsInText(path, text);
    if (objects && !isEmpty(objects)) this.byFile.set(path, objects);
    else this.byFile.delete(path);
    return fingerprint(objects) !== before;
  }

  /** Re-reads a file after it changed on disk; true when its objects changed. */
  refresh(path: string): boolean {
    return this.update(path, readIfSmall(path));
  }

  private scanOnce(): void {
    if (this.scanned) return;
    this.scanned = true;
    for (const path of this.candidates()) if (!this.seen.has(path)) this.refresh(path);
  }
}

function readIfSmall(path: string): string | undefined {
  try {
    if (statSync(path).size > maxIndexedFileSize) return undefined;
  } catch {
    return undefined;
  }
  const read = readTextFile(path);
  return read.ok ? read.text : undefined;
}

/** Everything findings elsewhere may quote, positions included (related information points there). */
function fingerprint(objects: FileObjects | undefined): string {
  if (!objects || isEmpty(objects)) return '';
  return JSON.stringify(objects, (_key, value) => (value instanceof Map ? [...value] : value));
}
