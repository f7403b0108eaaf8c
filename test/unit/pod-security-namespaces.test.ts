import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultRuleSet } from '../../rules';
import { type AnalyzeInput, analyze } from '../../rules/engine/analyze';
import { defaultConfig } from '../../rules/engine/config';
import { objectsInText, workspaceObjects } from '../../rules/model/workspace-objects';

const namespace = (name: string, labels: string) =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels:\n${labels}`;
const privilegedPod = (ns: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: ${ns}\nspec:\n  containers:\n    - name: app\n      securityContext: {privileged: true}\n`;

const podSecurityIds = new Set(
  defaultRuleSet.rules.filter((rule) => (rule.aliases.pss ?? []).length > 0).map((rule) => rule.id),
);

/** Only the Pod Security rules' findings: the hardening rules do not depend on namespaces. */
function findings(input: Partial<AnalyzeInput> & { text: string }) {
  const all = analyze({ path: 'workload.yaml', ...input }, defaultConfig, defaultRuleSet).findings;
  return all
    .filter((finding) => podSecurityIds.has(finding.ruleId))
    .map((finding) => ({
      rule: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      related: finding.related?.map(
        (related) => `${related.path ?? 'same file'}:${related.range.start.line + 1} ${related.message}`,
      ),
    }));
}

describe('Pod Security levels from Namespace labels', () => {
  it('enforce violations are errors, warn ones warnings, each saying what the cluster will do', () => {
    const text = `${namespace('shop', '    pod-security.kubernetes.io/enforce: baseline\n    pod-security.kubernetes.io/warn: restricted\n')}---\n${privilegedPod('shop')}`;
    const byRule = new Map(findings({ text }).map((finding) => [finding.rule, finding]));
    const privileged = byRule.get('BH-K002');
    assert.equal(privileged?.severity, 'error');
    assert.match(
      privileged?.message ?? '',
      /Namespace "shop" enforces baseline v1\.37: the API server will reject this pod\.$/,
    );
    assert.deepEqual(privileged?.related, [
      'same file:4 Namespace "shop" sets pod-security.kubernetes.io/enforce: baseline',
    ]);
    const nonRoot = byRule.get('BH-K015');
    assert.equal(nonRoot?.severity, 'warning');
    assert.match(nonRoot?.message ?? '', /Namespace "shop" warns restricted v1\.37: kubectl will print a warning\.$/);
  });

  it('a namespace whose labels all say privileged gets no Pod Security findings', () => {
    const text = `${namespace('system', '    pod-security.kubernetes.io/enforce: privileged\n')}---\n${privilegedPod('system')}`;
    assert.deepEqual(
      findings({ text }).filter((finding) => finding.rule.startsWith('BH-K')),
      [],
    );
  });

  it('a Namespace in another file counts, with its version; audit alone is information', () => {
    const defined = objectsInText(
      '/ws/namespaces.yaml',
      namespace(
        'legacy',
        '    pod-security.kubernetes.io/audit: baseline\n    pod-security.kubernetes.io/audit-version: v1.31\n',
      ),
    );
    const workspace = workspaceObjects(() => [defined]);
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  namespace: legacy\nspec:\n  securityContext:\n    sysctls: [{name: net.ipv4.tcp_rmem, value: "4096 87380 6291456"}]\n  containers: [{name: app}]\n`;
    assert.deepEqual(findings({ text, workspace }), [
      {
        rule: 'BH-K011',
        severity: 'information',
        message:
          'Sysctl net.ipv4.tcp_rmem is not in Pod Security baseline\'s safe set. It is allowed from v1.32; the policy in force is v1.31. Namespace "legacy" audits baseline v1.31: the audit log will record a violation.',
        related: ['/ws/namespaces.yaml:4 Namespace "legacy" sets pod-security.kubernetes.io/audit: baseline'],
      },
    ]);
  });

  it("a kustomization's namespace applies to resources without their own, and says so for workloads", () => {
    const defined = objectsInText(
      '/ws/ns.yaml',
      namespace('prod', '    pod-security.kubernetes.io/enforce: baseline\n'),
    );
    const text =
      'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      hostNetwork: true\n      containers: [{name: app}]\n';
    const result = findings({
      text,
      workspace: workspaceObjects(() => [defined]),
      siblingFile: (path) =>
        path === 'kustomization.yaml' ? 'namespace: prod\nresources: [deployment.yaml]\n' : undefined,
    });
    assert.deepEqual(
      result.map((finding) => [finding.rule, finding.severity]),
      [['BH-K003', 'error']],
    );
    assert.match(result[0]?.message ?? '', /the API server will reject the pods this Deployment creates\.$/);
  });
});
