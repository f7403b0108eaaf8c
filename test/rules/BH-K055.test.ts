import { secretLiteralData } from '../../rules/kubernetes/secret-literal-data';
import { testRule } from '../helpers/rule-tester';

const secret = (body: string) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\n${body}`;

testRule(secretLiteralData, {
  valid: [
    { name: 'a Secret without values, filled in by a controller', text: secret('') },
    { name: 'empty data', text: secret('data: {}\n') },
    {
      name: 'a SealedSecret holds no plaintext',
      text: 'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: db\nspec:\n  encryptedData:\n    password: AgBy3i4OJSWK+PiTySYZZA==\n',
    },
  ],
  invalid: [
    {
      name: 'stringData, on the key',
      text: secret('stringData:\n  password: hunter2\n  user: app\n'),
      findings: [
        {
          range: '6:1-6:11',
          message: /^Secret "db" commits the values of password, user in stringData\. Use Sealed Secrets, SOPS/,
        },
      ],
    },
    {
      name: 'data in a multi-document file says base64 is no encryption',
      text: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n${secret('data: {password: aHVudGVyMg==}\n')}`,
      findings: [{ range: '10:1-10:5', message: /in data \(base64 is an encoding, not encryption\)/ }],
    },
  ],
});
