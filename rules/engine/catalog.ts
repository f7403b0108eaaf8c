import { ruleHelpUri } from '../../shared/protocol';
import { type Aliases, peers, type RuleMeta } from './rule';
import type { FileKind, Severity } from './types';

export interface CatalogEntry {
  id: string;
  title: string;
  severity: Severity;
  appliesTo: FileKind[];
  fixable: boolean;
  profile: string;
  /** The profile version the rule entered. */
  since: number;
  helpUri: string;
  aliases: Required<Aliases>;
}

/** The machine-readable catalog entry of a rule: every peer key present, so consumers need no guards. */
export function catalogEntry(rule: RuleMeta): CatalogEntry {
  const aliases = Object.fromEntries(peers.map((peer) => [peer, [...(rule.aliases[peer] ?? [])]])) as Required<Aliases>;
  return {
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    appliesTo: [...rule.appliesTo],
    fixable: rule.fixable,
    profile: rule.profile,
    since: rule.since ?? 1,
    helpUri: ruleHelpUri(rule.id),
    aliases,
  };
}

const peerNames: Record<keyof Aliases, string> = {
  hadolint: 'hadolint',
  trivy: 'Trivy',
  checkov: 'Checkov',
  kubeLinter: 'kube-linter',
  kubescape: 'Kubescape',
  pss: 'Pod Security Standards',
  buildkit: 'BuildKit checks',
};

/** "hadolint DL3002 · Trivy DS-0002", for the docs page and the hover. */
export function describeAliases(rule: RuleMeta): string {
  return peers
    .filter((peer) => (rule.aliases[peer] ?? []).length > 0)
    .map((peer) => `${peerNames[peer]} ${(rule.aliases[peer] ?? []).map((id) => `\`${id}\``).join(', ')}`)
    .join(' · ');
}

const severityMeaning: Record<Severity, string> = {
  error: 'errors are exploitable as written, or the cluster rejects them',
  warning: 'warnings are hardening gaps',
  information: 'information is advice',
  hint: 'hints are housekeeping',
};

/** Where the rule is on by default, at which severity, since which profile version, and why. */
export function describeDefault(rule: RuleMeta): string {
  const since = `since profile version ${rule.since ?? 1}`;
  const where =
    rule.profile === 'recommended'
      ? `on in \`recommended\` and \`strict\` as **${rule.severity}** (${since}): a reviewer would act on it, and ${severityMeaning[rule.severity]}.`
      : `off in \`recommended\`, on in \`strict\` as **${rule.severity}** (${since}): the check is contested or advisory (teams reasonably decide against it), so it is opt-in; ${severityMeaning[rule.severity]}.`;
  return `Default: ${where}`;
}

/** The rule page: `docs/rules/<id>.md` is exactly this text. */
export function renderRulePage(rule: RuleMeta): string {
  const aliases = describeAliases(rule);
  const lines = [
    `# ${rule.id}: ${rule.title}`,
    '',
    `Severity: **${rule.severity}** · Applies to: ${rule.appliesTo.join(', ')} · Fixable: ${rule.fixable ? 'yes' : 'no'} · Profile: \`${rule.profile}\``,
    '',
    describeDefault(rule),
    ...(aliases ? ['', `Also known as: ${aliases}`] : []),
    '',
    '## Why is this a risk?',
    '',
    rule.docs.why,
    '',
    '## What an attacker gains',
    '',
    rule.docs.attacker,
    '',
    '## How to fix',
    '',
    rule.docs.fix,
  ];
  if (rule.docs.example) {
    const { language, bad, good } = rule.docs.example;
    lines.push(
      '',
      '## Example',
      '',
      'Risky:',
      '',
      `\`\`\`${language}`,
      bad,
      '```',
      '',
      'Hardened:',
      '',
      `\`\`\`${language}`,
      good,
      '```',
    );
  }
  lines.push(
    '',
    '## Suppressing',
    '',
    `Put \`# bulkhead-ignore ${rule.id} -- <reason>\` on the line before the finding, or \`# bulkhead-ignore-file ${rule.id}\` anywhere in the file, or turn the rule off in \`.bulkhead.yaml\` (\`rules: {${rule.id}: off}\`).`,
    '',
  );
  return lines.join('\n');
}

/** The hover on a finding: the page's essentials, linked to the full page. */
export function renderHover(rule: RuleMeta, message: string): string {
  return [
    `**${rule.id}: ${rule.title}** (${rule.severity})`,
    '',
    message,
    '',
    `**Why:** ${rule.docs.why}`,
    '',
    `**What an attacker gains:** ${rule.docs.attacker}`,
    '',
    `**Fix:** ${rule.docs.fix}`,
    '',
    `[Rule documentation](${ruleHelpUri(rule.id)})`,
  ].join('\n');
}

/** `docs/rules/README.md`: the catalog as a table. */
export function renderCatalogPage(rules: readonly RuleMeta[]): string {
  const rows = rules.map(
    (rule) =>
      `| [${rule.id}](${encodeURIComponent(rule.id)}.md) | ${rule.title} | ${rule.severity} | ${rule.profile} | ${rule.since ?? 1} | ${rule.appliesTo.join(', ')} | ${rule.fixable ? 'yes' : ''} | ${describeAliases(rule)} |`,
  );
  return [
    '# Bulkhead rules',
    '',
    "Generated from the rules' metadata by `npm run docs`; a test fails when this file drifts.",
    '',
    'Severity: **error** = exploitable as written or rejected by the cluster, **warning** = hardening gap, **information** = advice.',
    'Profile: the least strict profile that turns the rule on (`recommended` holds what a reviewer would act on; `strict` adds contested and advisory checks).',
    'Since: the profile version the rule entered; a pinned profile (`recommended@1`) never turns on a rule from a later version.',
    '',
    '| id | title | severity | profile | since | applies to | fixable | also known as |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
