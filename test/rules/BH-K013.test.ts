import { restrictedVolumeTypes } from '../../rules/kubernetes/restricted-volume-types';
import { testRule } from '../helpers/rule-tester';

const pod = (volumes: string) =>
  `apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: app}]\n  volumes:\n${volumes}`;

testRule(restrictedVolumeTypes, {
  valid: [
    {
      name: 'allowed types (hostPath is BH-K004)',
      text: pod(
        '    - {name: a, projected: {sources: []}}\n    - {name: b, persistentVolumeClaim: {claimName: c}}\n    - {name: c, hostPath: {path: /x}}\n',
      ),
    },
  ],
  invalid: [
    {
      name: 'nfs and gitRepo',
      text: pod(
        '    - name: share\n      nfs: {server: 10.0.0.5, path: /exports}\n    - {name: src, gitRepo: {repository: "https://example.com/r.git"}}\n',
      ),
      findings: [
        { range: '7:7-7:10', message: /Volume "share" uses nfs/ },
        { range: '8:19-8:26', message: /Volume "src" uses gitRepo/ },
      ],
    },
  ],
});
