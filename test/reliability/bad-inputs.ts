/** Inputs that have broken linters before: each is generated, so no fixture weighs megabytes. */

const pod = (name: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n`;

/** Ten thousand small Pods in one file: every check must stay linear in the number of documents. */
export function manyDocuments(count = 10_000): string {
  return Array.from({ length: count }, (_, index) => pod(`p${index}`)).join('---\n');
}

/** "Billion laughs": 9^16 strings if anything ever expanded the aliases, then a Pod to check. */
export function aliasBomb(): string {
  let text =
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  let previous = 'a';
  for (const name of 'bcdefghijklmnopq') {
    text += `  ${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]\n`;
    previous = name;
  }
  return `${text}---\n${pod('after-the-bomb')}`;
}

export const nestingDepth = 5000;

export function deeplyNestedYaml(): string {
  return `${pod('deep')}  overrides: ${'['.repeat(nestingDepth)}${']'.repeat(nestingDepth)}\n`;
}

export function deeplyNestedShell(): string {
  return `FROM alpine:3.20\nRUN echo ${'$('.repeat(nestingDepth)}x${')'.repeat(nestingDepth)}\nUSER 10001\n`;
}

/** A Dockerfile over 20 MB: larger than the default maxFileSize of 4 MiB. */
export function hugeDockerfile(): string {
  const line = 'RUN echo "a line of a generated Dockerfile that goes on and on"\n';
  return `FROM alpine:3.20\n${line.repeat(Math.ceil((20 * 1024 * 1024) / line.length))}`;
}

export const duplicateKeys = `${pod('twice')}  hostNetwork: true\n  hostNetwork: false\n`;
export const tabIndentation = pod('tabs').replace('    - name: app', '\t- name: app');
export const unterminatedQuote = `${pod('quote')}  serviceAccountName: "unterminated\n`;
export const unterminatedHeredoc = 'FROM alpine:3.20\nRUN <<EOF\napk add curl\n';
export const unterminatedShellQuote = 'FROM alpine:3.20\nRUN echo "unterminated && curl https://example.com/x | sh\n';
/** Windows, Unix and old Mac line ends in one file: editors count each as a line break. */
export const mixedLineEndings = 'FROM alpine:3.20\r\nRUN apk add curl\nRUN echo done\rUSER root\r\n';
export const rootPod = pod('root');
