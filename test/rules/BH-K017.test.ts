import { hostProbes } from '../../rules/kubernetes/host-probes';
import { testRule } from '../helpers/rule-tester';

testRule(hostProbes, {
  valid: [
    {
      name: 'probes on the pod itself',
      text: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      livenessProbe: {httpGet: {path: /healthz, port: 8080}}\n',
    },
  ],
  invalid: [
    {
      name: 'a liveness probe and a preStop hook aimed elsewhere',
      text: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      livenessProbe:\n        httpGet:\n          host: 169.254.169.254\n          port: 80\n      lifecycle:\n        preStop: {tcpSocket: {host: db.internal, port: 5432}}\n',
      findings: [
        { range: '8:11-8:15', message: /livenessProbe httpGet targets host 169.254.169.254/ },
        { range: '11:31-11:35', message: /lifecycle.preStop tcpSocket targets host db.internal/ },
      ],
      fixed: [
        'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      livenessProbe:\n        httpGet:\n          port: 80\n      lifecycle:\n        preStop: {tcpSocket: {host: db.internal, port: 5432}}\n',
      ],
    },
  ],
});
