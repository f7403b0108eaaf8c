import { statSync } from 'node:fs';
import { type NamespaceInfo, namespacesInText } from '../rules/model/namespaces';
import { readTextFile } from './read-file';

/** Bigger YAML files are data, not namespace definitions; skipping them keeps the first scan cheap. */
const maxIndexedFileSize = 1024 * 1024;
const yamlFile = /\.ya?ml$/i;

/**
 * The Namespace objects the workspace defines, so Pod Security labels in one file apply to
 * workloads in another. The files are read on the first lookup, then kept current file by file.
 */
export class NamespaceIndex {
  private readonly byFile = new Map<string, NamespaceInfo[]>();
  /** Files whose text the index has seen, from disk or an editor: the first scan leaves them alone. */
  private readonly seen = new Set<string>();
  private scanned = false;

  /** `candidates` lists the files to read on first use (the workspace's, or the CLI's arguments). */
  constructor(private readonly candidates: () => readonly string[]) {}

  readonly lookup = (name: string): NamespaceInfo | undefined => {
    this.scanOnce();
    for (const namespaces of this.byFile.values()) {
      const found = namespaces.find((namespace) => namespace.name === name);
      if (found) return found;
    }
    return undefined;
  };

  /** Takes a file's current text (an editor's, or undefined once deleted); true when its namespaces changed. */
  update(path: string, text: string | undefined): boolean {
    if (!yamlFile.test(path)) return false;
    this.seen.add(path);
    const before = fingerprint(this.byFile.get(path));
    const namespaces = text === undefined ? [] : namespacesInText(path, text);
    if (namespaces.length > 0) this.byFile.set(path, namespaces);
    else this.byFile.delete(path);
    return fingerprint(namespaces) !== before;
  }

  /** Re-reads a file after it changed on disk; true when its namespaces changed. */
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

function fingerprint(namespaces: readonly NamespaceInfo[] | undefined): string {
  return JSON.stringify((namespaces ?? []).map((namespace) => [namespace.name, [...namespace.labels]]));
}
