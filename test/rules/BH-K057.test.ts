import { encryptionConfiguration } from '../../rules/kubernetes/encryption-configuration';
import { testRule } from '../helpers/rule-tester';

const config = (resources: string, providers: string) =>
  `apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [${resources}]\n    providers:\n${providers}`;

testRule(encryptionConfiguration, {
  valid: [
    {
      name: 'KMS v2 first, identity last',
      text: config('secrets', '      - kms:\n          apiVersion: v2\n          name: vault\n      - identity: {}\n'),
    },
    { name: 'identity for configmaps only', text: config('configmaps', '      - identity: {}\n') },
    {
      name: 'secretbox',
      text: config('secrets', '      - secretbox:\n          keys: [{name: k, secret: c2VjcmV0}]\n'),
    },
  ],
  invalid: [
    {
      name: 'identity first for secrets: an error on the provider key',
      text: config(
        'secrets, configmaps',
        '      - identity: {}\n      - aescbc:\n          keys: [{name: k, secret: c2VjcmV0}]\n',
      ),
      findings: [{ range: '6:9-6:17', message: /^identity is the first provider for secrets/, severity: 'error' }],
    },
    {
      name: 'aescbc first, for every resource',
      text: config('"*.*"', '      - aescbc:\n          keys: [{name: k, secret: c2VjcmV0}]\n'),
      findings: [
        {
          range: '6:9-6:15',
          message: /^aescbc is no longer recommended.*Prefer kms with apiVersion v2, or secretbox\./,
        },
      ],
    },
  ],
});
