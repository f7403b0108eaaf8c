import type { RuleMeta } from './rule';
import { fileKinds } from './types';

/** Findings the engine itself reports; they share the catalog so every finding has a rule page. */
export const parseErrorRule: RuleMeta = {
  id: 'parse-error',
  title: 'File could not be parsed',
  severity: 'error',
  appliesTo: fileKinds,
  fixable: false,
  profile: 'recommended',
  aliases: {},
  docs: {
    why: 'A file that does not parse cannot be checked, so every risk in it goes unreported until the syntax error is fixed. Templated YAML (Helm charts) is reported at information level: check the rendered output instead.',
    attacker: 'Nothing directly; but a broken file hides whatever risky settings it contains from review.',
    fix: 'Fix the syntax error at the reported position. For Helm or other templates, run the checks on the rendered manifests (`helm template … | bulkhead scan -`).',
  },
};

export const internalErrorRule: RuleMeta = {
  id: 'internal-error',
  title: 'A rule failed on this file',
  severity: 'warning',
  appliesTo: fileKinds,
  fixable: false,
  profile: 'recommended',
  aliases: {},
  docs: {
    why: "One rule threw an exception on this file, or took longer than its time budget (a second, plus 2 ms per thousand characters). The other rules still ran; a failing rule's checks are missing for this file, a slow one's findings are kept.",
    attacker: 'Nothing directly; the risks that rule looks for are not reported for this file.',
    fix: 'Please report the file (or a minimal version of it) to the Bulkhead issue tracker. You can turn the rule off in `.bulkhead.yaml` meanwhile.',
  },
};

export const unusedSuppressionRule: RuleMeta = {
  id: 'unused-suppression',
  title: 'Suppression comment suppresses nothing',
  severity: 'hint',
  appliesTo: fileKinds,
  fixable: true,
  profile: 'recommended',
  aliases: {},
  docs: {
    why: 'A `bulkhead-ignore` comment that matches no finding is either stale (the risk was fixed) or misspelled (and so suppresses nothing). Stale suppressions hide a future regression of the same risk.',
    attacker: 'A stale suppression silently hides the risk if it comes back in a later change.',
    fix: "Remove the comment, or correct the rule id. Only Bulkhead's own comments are reported; other tools' pragmas are left alone.",
  },
};

export const fileTooLargeRule: RuleMeta = {
  id: 'file-too-large',
  title: 'File too large to check',
  severity: 'information',
  appliesTo: fileKinds,
  fixable: false,
  profile: 'recommended',
  aliases: {},
  docs: {
    why: 'Files above the configured `maxFileSize` (4 MiB by default) are not parsed, so typing in a huge generated file never slows the editor. Their risks are not reported.',
    attacker: 'Nothing directly; but risky settings in the file go unreported.',
    fix: 'Raise `maxFileSize` in `.bulkhead.yaml` (or the `bulkhead.maxFileSize` setting) if the file should be checked, or check the sources it is generated from.',
  },
};

export const suppressionWithoutReasonRule: RuleMeta = {
  id: 'suppression-without-reason',
  title: 'Suppression without a reason',
  severity: 'warning',
  appliesTo: fileKinds,
  fixable: false,
  profile: 'recommended',
  aliases: {},
  docs: {
    why: "With `requireReason: true` in `.bulkhead.yaml`, every suppression (comment or annotation, ours or a peer's) must say why, so that reviewers and auditors can judge it. A suppression without one still suppresses, and is reported.",
    attacker: 'An unexplained suppression is how a real risk gets waved through review and forgotten.',
    fix: "Add the reason after the rule ids: `# bulkhead-ignore BH-D001 -- builder image, never shipped`, `# hadolint ignore=DL3002 # reason`, `#checkov:skip=CKV_DOCKER_3:reason`, or the annotation's value.",
  },
};

export const builtinRules: readonly RuleMeta[] = [
  parseErrorRule,
  internalErrorRule,
  unusedSuppressionRule,
  suppressionWithoutReasonRule,
  fileTooLargeRule,
];
