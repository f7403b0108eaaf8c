import { missingResourceLimits } from '../../rules/kubernetes/missing-resource-limits';
import { testRule } from '../helpers/rule-tester';

const pod = (specLines: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${specLines}`;

testRule(missingResourceLimits, {
  valid: [
    {
      name: 'both limits, block style',
      text: pod(
        '  containers:\n    - name: app\n      resources:\n        limits:\n          memory: 256Mi\n          cpu: 500m\n',
      ),
    },
    {
      name: 'both limits, flow style, requests left to default to the limits',
      text: pod('  containers: [{name: app, resources: {limits: {memory: 1Gi, cpu: "1"}}}]\n'),
    },
    {
      name: 'pod-level limits cover every container',
      text: pod('  resources: {limits: {memory: 1Gi, cpu: "2"}}\n  containers:\n    - name: a\n    - name: b\n'),
    },
    {
      name: 'limits through an anchor',
      text: pod(
        '  initContainers:\n    - name: init\n      resources: &r {limits: {memory: 64Mi, cpu: 100m}}\n  containers:\n    - name: app\n      resources: *r\n',
      ),
    },
    { name: 'ephemeral containers cannot have resources', text: pod('  ephemeralContainers:\n    - name: debug\n') },
  ],
  invalid: [
    {
      name: 'nothing at all: on the name, says limits and requests are missing',
      text: pod('  containers:\n    - name: app\n      image: nginx:1.27\n'),
      findings: [
        { range: '7:13-7:16', message: /Container "app" has no memory limit and no CPU limit \(and no requests\)/ },
      ],
    },
    {
      name: 'requests only: on resources:',
      text: pod('  containers:\n    - name: app\n      resources:\n        requests: {cpu: 100m, memory: 128Mi}\n'),
      findings: [{ range: '8:7-8:16', message: /has no memory limit and no CPU limit: it can use memory/ }],
    },
    {
      name: 'memory limit only: on limits:, as information',
      text: pod('  containers:\n    - name: app\n      resources:\n        limits:\n          memory: 1Gi\n'),
      findings: [{ range: '9:9-9:15', message: /has no CPU limit \(and no request for it\): it can take CPU/ }],
    },
    {
      name: 'an empty memory value sets nothing; a CPU request is mentioned',
      text: pod(
        '  containers:\n    - name: app\n      resources:\n        limits: {cpu: "1", memory: }\n        requests: {cpu: 200m}\n',
      ),
      findings: [{ range: '9:9-9:15', message: /has no memory limit \(and no request for it\)/ }],
    },
    {
      name: 'init containers of a CronJob, and a Deployment in the second document',
      text: 'apiVersion: batch/v1\nkind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          initContainers: [{name: init, resources: {limits: {memory: 64Mi}}}]\n          containers: [{name: job, resources: {limits: {memory: 64Mi, cpu: 1}}}]\n---\napiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n',
      findings: [{ range: '8:53-8:59', message: /Init container "init" has no CPU limit/ }, { range: '17:17-17:20' }],
    },
  ],
});
