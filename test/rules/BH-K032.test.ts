import { unpinnedImage } from '../../rules/kubernetes/unpinned-image';
import { testRule } from '../helpers/rule-tester';

const pod = (specLines: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${specLines}`;

testRule(unpinnedImage, {
  valid: [
    { name: 'a version tag', text: pod('  containers:\n    - name: app\n      image: nginx:1.27.2\n') },
    {
      name: 'a digest without tag',
      text: pod(
        '  containers:\n    - name: app\n      image: nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n',
      ),
    },
    {
      name: 'a registry port is not a tag',
      text: pod('  containers:\n    - {name: app, image: "localhost:5000/app:2"}\n'),
    },
    { name: 'no image (another problem)', text: pod('  containers:\n    - name: app\n') },
    {
      name: 'an invalid reference is not ours to judge',
      text: pod('  containers:\n    - name: app\n      image: UPPER\n'),
    },
  ],
  invalid: [
    {
      name: 'untagged: the name is reported; latest: the tag',
      text: pod('  containers:\n    - name: a\n      image: nginx\n    - name: b\n      image: "nginx:latest"\n'),
      findings: [
        { range: '8:14-8:19', message: /Container "a" runs "nginx" without a tag/ },
        { range: '10:21-10:27', message: /Container "b" runs "nginx:latest": the "latest" tag moves/ },
      ],
    },
    {
      name: 'init and ephemeral containers of a CronJob, flow style, registry with port',
      text: 'apiVersion: batch/v1\nkind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          initContainers: [{name: init, image: "localhost:5000/tools"}]\n          containers: [{name: app, image: app:1}]\n          ephemeralContainers: [{name: debug, image: busybox:latest}]\n',
      findings: [
        { range: '8:49-8:69', message: /Init container "init"/ },
        { range: '10:62-10:68', message: /Ephemeral container "debug"/ },
      ],
    },
    {
      name: 'an escaped image value is reported as a whole; anchors are followed',
      text: pod('  containers:\n    - name: a\n      image: &img "ngin\\x78"\n    - name: b\n      image: *img\n'),
      findings: [{ range: '8:19-8:29' }, { range: '8:19-8:29' }],
    },
  ],
});
