import { composeNoResourceLimits } from '../../rules/compose/no-resource-limits';
import { testRule } from '../helpers/rule-tester';

testRule(composeNoResourceLimits, {
  valid: [
    {
      name: 'service-level keys',
      text: 'services:\n  web:\n    mem_limit: 512m\n    cpus: 0.5\n    pids_limit: 100\n',
    },
    {
      name: 'deploy limits, from an anchor',
      text: 'x-limits: &limits\n  deploy:\n    resources:\n      limits: {memory: 256M, cpus: "0.5", pids: 64}\nservices:\n  web:\n    <<: *limits\n',
    },
    { name: 'no services', text: 'name: x\n' },
  ],
  invalid: [
    {
      name: 'none',
      text: 'services:\n  web:\n    image: x\n',
      findings: [
        {
          range: '2:3-2:6',
          message:
            /no memory, CPU and process \(pids\) limit.*Set mem_limit or deploy.resources.limits.memory; cpus or deploy.resources.limits.cpus; pids_limit/,
        },
      ],
    },
    {
      name: 'only the pids limit is missing',
      text: 'services:\n  web:\n    mem_limit: 1g\n    deploy:\n      resources:\n        limits:\n          cpus: "2"\n',
      findings: [
        {
          range: '2:3-2:6',
          message: /has no process \(pids\) limit.*Set pids_limit or deploy.resources.limits.pids\./,
        },
      ],
    },
  ],
});
