import { dropAllCapabilities } from '../../rules/kubernetes/drop-all-capabilities';
import { fixture } from '../helpers/fixtures';
import { testRule } from '../helpers/rule-tester';

const pod = (containerLines: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n${containerLines}`;

testRule(dropAllCapabilities, {
  valid: [
    {
      name: 'drops ALL in block style',
      text: pod('    - name: app\n      securityContext:\n        capabilities:\n          drop:\n            - ALL\n'),
    },
    {
      name: 'drops ALL in flow style',
      text: pod('    - {name: app, securityContext: {capabilities: {drop: [ALL]}}}\n'),
    },
    {
      name: 'adds NET_BIND_SERVICE back after dropping ALL',
      text: pod(
        '    - name: app\n      securityContext:\n        capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}\n',
      ),
    },
    {
      name: 'Windows pods have no Linux capabilities',
      text: 'apiVersion: v1\nkind: Pod\nspec:\n  os: {name: windows}\n  containers:\n    - name: app\n',
    },
    { name: 'objects without a pod spec', text: 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: b\n' },
    { name: 'unrelated YAML', path: 'config.yaml', text: 'name: CI\non: push\n' },
  ],
  invalid: [
    {
      name: "no securityContext: the fix creates it in the file's own style",
      text: fixture('rules', 'BH-K001', 'deployment-block.yaml'),
      findings: [
        { range: '16:17-16:20', message: /Container "web" does not drop ALL/ },
        { range: '21:17-21:24', message: /"sidecar"/ },
      ],
      fixed: [fixture('rules', 'BH-K001', 'deployment-block.fixed-web.yaml')],
    },
    {
      name: 'securityContext without capabilities',
      text: pod('    - name: app\n      securityContext:\n        runAsNonRoot: true\n'),
      findings: [{ range: '7:13-7:16' }],
      fixed: [
        pod(
          '    - name: app\n      securityContext:\n        runAsNonRoot: true\n        capabilities:\n          drop:\n            - ALL\n',
        ),
      ],
    },
    {
      name: "drop list without ALL, compact sequences; flow securityContext in a CronJob's ephemeral container",
      text: fixture('rules', 'BH-K001', 'compact-sequences.yaml'),
      findings: [
        { range: '11:9-11:13', message: /drops some capabilities but not ALL/ },
        { range: '26:19-26:24', message: /Ephemeral container "debug"/ },
      ],
      fixed: [
        fixture('rules', 'BH-K001', 'compact-sequences.yaml').replace(
          '        - NET_RAW\n',
          '        - NET_RAW\n        - ALL\n',
        ),
      ],
    },
    {
      name: 'flow securityContext',
      text: pod('    - name: app\n      securityContext: {runAsNonRoot: true}\n'),
      findings: [{ range: '7:13-7:16' }],
      fixed: [pod('    - name: app\n      securityContext: {runAsNonRoot: true, capabilities: {drop: [ALL]}}\n')],
    },
    {
      name: 'empty securityContext value',
      text: pod('    - name: app\n      securityContext:\n      image: nginx:1.27\n'),
      findings: [{ range: '7:13-7:16' }],
      fixed: [
        pod(
          '    - name: app\n      securityContext:\n        capabilities:\n          drop:\n            - ALL\n      image: nginx:1.27\n',
        ),
      ],
    },
    {
      name: 'flow drop list without ALL',
      text: pod('    - name: app\n      securityContext:\n        capabilities:\n          drop: [NET_RAW]\n'),
      findings: [{ range: '10:11-10:15' }],
      fixed: [pod('    - name: app\n      securityContext:\n        capabilities:\n          drop: [NET_RAW, ALL]\n')],
    },
    {
      name: 'lower-case "all" is not accepted by Pod Security Admission',
      text: pod('    - name: app\n      securityContext:\n        capabilities:\n          drop: [all]\n'),
      findings: [{ range: '10:18-10:21', message: /exact value "ALL"/ }],
      fixed: [pod('    - name: app\n      securityContext:\n        capabilities:\n          drop: [ALL]\n')],
    },
    {
      name: 'init containers in a List, CRLF endings',
      text: 'apiVersion: v1\r\nkind: List\r\nitems:\r\n  - apiVersion: v1\r\n    kind: Pod\r\n    spec:\r\n      initContainers:\r\n        - name: init\r\n          image: busybox:1.36\r\n',
      findings: [{ range: '8:17-8:21', message: /Init container "init"/ }],
      fixed: [
        'apiVersion: v1\r\nkind: List\r\nitems:\r\n  - apiVersion: v1\r\n    kind: Pod\r\n    spec:\r\n      initContainers:\r\n        - name: init\r\n          image: busybox:1.36\r\n          securityContext:\r\n            capabilities:\r\n              drop:\r\n                - ALL\r\n',
      ],
    },
  ],
});

testRule(dropAllCapabilities, {
  valid: [],
  invalid: [
    {
      name: 'JSON-style flow mappings with trailing commas keep their style',
      text: '{\n  apiVersion: "v1",\n  kind: "Pod",\n  spec: {\n    containers: [{\n      name: "app",\n      image: "nginx:1.27",\n    }],\n  },\n}\n',
      findings: [{ range: '6:13-6:18' }],
      fixed: [
        '{\n  apiVersion: "v1",\n  kind: "Pod",\n  spec: {\n    containers: [{\n      name: "app",\n      image: "nginx:1.27",\n      securityContext: {capabilities: {drop: [ALL]}},\n    }],\n  },\n}\n',
      ],
    },
    {
      name: 'JSON manifest without trailing commas',
      path: 'pod.yaml',
      text: '{"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"name": "app"}]}}\n',
      findings: [{ range: '1:70-1:75' }],
      fixed: [
        '{"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"name": "app", securityContext: {capabilities: {drop: [ALL]}}}]}}\n',
      ],
    },
  ],
});
