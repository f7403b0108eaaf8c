import { writableRootFilesystem } from '../../rules/kubernetes/writable-root-filesystem';
import { fixture } from '../helpers/fixtures';
import { testRule } from '../helpers/rule-tester';

const pod = (specLines: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${specLines}`;
const deployment = fixture('rules', 'BH-K030', 'deployment.yaml');
const cronJob = fixture('rules', 'BH-K030', 'cronjob-init-ephemeral.yaml');

testRule(writableRootFilesystem, {
  valid: [
    {
      name: 'read-only root in block style',
      text: pod('  containers:\n    - name: app\n      securityContext:\n        readOnlyRootFilesystem: true\n'),
    },
    {
      name: 'YAML 1.1 "yes" is true to the API server',
      text: pod('  containers:\n    - name: app\n      securityContext: {readOnlyRootFilesystem: yes}\n'),
    },
    {
      name: 'flow style',
      text: pod('  containers: [{name: app, securityContext: {readOnlyRootFilesystem: true}}]\n'),
    },
    {
      name: 'through an alias',
      text: pod(
        '  initContainers:\n    - name: init\n      securityContext: &ro\n        readOnlyRootFilesystem: true\n  containers:\n    - name: app\n      securityContext: *ro\n',
      ),
    },
    {
      name: 'Windows pods cannot set the field',
      text: pod('  os: {name: windows}\n  containers:\n    - name: app\n'),
    },
    { name: 'objects without a pod spec', text: 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: b\n' },
  ],
  invalid: [
    {
      name: 'missing: read-only, or read-only plus a /tmp emptyDir, comments kept',
      text: deployment,
      findings: [{ range: '10:17-10:20', message: /Container "web" can write to its root filesystem/ }],
      fixed: [
        deployment.replace(
          '            - containerPort: 8080\n',
          '            - containerPort: 8080\n          securityContext:\n            readOnlyRootFilesystem: true\n',
        ),
        deployment.replace(
          '            - containerPort: 8080\n',
          '            - containerPort: 8080\n          securityContext:\n            readOnlyRootFilesystem: true\n          volumeMounts:\n            - name: tmp\n              mountPath: /tmp\n      volumes:\n        - name: tmp\n          emptyDir: {}\n',
        ),
      ],
    },
    {
      name: 'flow style: the edits go into the flow mappings',
      text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: app, image: "nginx:1.27"}]}\n',
      findings: [{ range: '4:28-4:31' }],
      fixed: [
        'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: app, image: "nginx:1.27", securityContext: {readOnlyRootFilesystem: true}}]}\n',
        'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: app, image: "nginx:1.27", securityContext: {readOnlyRootFilesystem: true}, volumeMounts: [{name: tmp, mountPath: /tmp}]}], volumes: [{name: tmp, emptyDir: {}}]}\n',
      ],
    },
    {
      name: 'explicit false is reported on the value; new items follow the flow items around them',
      text: pod(
        '  volumes:\n  - name: data\n    emptyDir: {}\n  containers:\n  - name: app\n    securityContext: {readOnlyRootFilesystem: false}\n    volumeMounts:\n    - {name: data, mountPath: /data}\n',
      ),
      findings: [{ range: '11:47-11:52', message: /sets readOnlyRootFilesystem: false/ }],
      fixed: [
        pod(
          '  volumes:\n  - name: data\n    emptyDir: {}\n  containers:\n  - name: app\n    securityContext: {readOnlyRootFilesystem: true}\n    volumeMounts:\n    - {name: data, mountPath: /data}\n',
        ),
        pod(
          '  volumes:\n  - name: data\n    emptyDir: {}\n  - name: tmp\n    emptyDir: {}\n  containers:\n  - name: app\n    securityContext: {readOnlyRootFilesystem: true}\n    volumeMounts:\n    - {name: data, mountPath: /data}\n    - {name: tmp, mountPath: /tmp}\n',
        ),
      ],
    },
    {
      name: 'CronJob: init container that already mounts /tmp gets one fix; YAML 1.1 "off" on an ephemeral container',
      text: cronJob,
      findings: [
        { range: '14:19-14:24', message: /Init container "fetch"/ },
        { range: '28:39-28:42', message: /Ephemeral container "debug" sets readOnlyRootFilesystem: off/ },
      ],
      fixed: [
        cronJob.replace(
          '              mountPath: /tmp\n          containers:',
          '              mountPath: /tmp\n            securityContext:\n              readOnlyRootFilesystem: true\n          containers:',
        ),
      ],
    },
    {
      name: 'an existing tmp emptyDir is reused: only the mount is added',
      text: pod('  volumes: [{name: tmp, emptyDir: {}}]\n  containers:\n    - name: app\n      image: nginx:1.27\n'),
      findings: [{ range: '8:13-8:16' }],
      fixed: [
        pod(
          '  volumes: [{name: tmp, emptyDir: {}}]\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        readOnlyRootFilesystem: true\n',
        ),
        pod(
          '  volumes: [{name: tmp, emptyDir: {}}]\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        readOnlyRootFilesystem: true\n      volumeMounts:\n        - name: tmp\n          mountPath: /tmp\n',
        ),
      ],
    },
    {
      name: 'a tmp volume of another type: no /tmp variant',
      text: pod('  volumes:\n    - name: tmp\n      configMap: {name: c}\n  containers:\n    - name: app\n'),
      findings: [{ range: '10:13-10:16' }],
      fixed: [
        pod(
          '  volumes:\n    - name: tmp\n      configMap: {name: c}\n  containers:\n    - name: app\n      securityContext:\n        readOnlyRootFilesystem: true\n',
        ),
      ],
    },
    {
      name: 'an anchored securityContext shared by two containers: both findings point at the anchor',
      text: pod(
        '  containers:\n    - name: a\n      securityContext: &sc\n        readOnlyRootFilesystem: false\n    - name: b\n      securityContext: *sc\n',
      ),
      findings: [{ range: '9:33-9:38' }, { range: '9:33-9:38' }],
      fixed: [
        pod(
          '  containers:\n    - name: a\n      securityContext: &sc\n        readOnlyRootFilesystem: true\n    - name: b\n      securityContext: *sc\n',
        ),
        pod(
          '  containers:\n    - name: a\n      securityContext: &sc\n        readOnlyRootFilesystem: true\n      volumeMounts:\n        - name: tmp\n          mountPath: /tmp\n    - name: b\n      securityContext: *sc\n  volumes:\n    - name: tmp\n      emptyDir: {}\n',
        ),
      ],
    },
    {
      name: 'second document of a multi-document file, in a List',
      text: 'apiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  spec:\n    containers:\n    - name: app\n',
      findings: [{ range: '11:13-11:16' }],
      fixed: [
        'apiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  spec:\n    containers:\n    - name: app\n      securityContext:\n        readOnlyRootFilesystem: true\n',
        'apiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  spec:\n    containers:\n    - name: app\n      securityContext:\n        readOnlyRootFilesystem: true\n      volumeMounts:\n      - name: tmp\n        mountPath: /tmp\n    volumes:\n    - name: tmp\n      emptyDir: {}\n',
      ],
    },
  ],
});
