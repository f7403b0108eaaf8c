import { composeExposedServicePort } from '../../rules/compose/exposed-service-port';
import { testRule } from '../helpers/rule-tester';

testRule(composeExposedServicePort, {
  valid: [
    {
      name: 'loopback bindings and web ports',
      text: 'services:\n  db:\n    ports:\n      - "127.0.0.1:5432:5432"\n      - "[::1]:6379:6379"\n      - "8080:80"\n      - target: 27017\n        host_ip: 127.0.0.1\n',
    },
    { name: 'expose is not publishing', text: 'services:\n  db:\n    expose: ["5432"]\n' },
    { name: 'no services', text: 'services:\n' },
  ],
  invalid: [
    {
      name: 'short syntax, block list, comments kept',
      text: 'services:\n  db:\n    ports:\n      # for local tools\n      - 5432:5432 # psql\n      - "3307:3306/tcp"\n',
      findings: [
        { range: '5:9-5:18', message: /publishes port 5432 \(PostgreSQL\) on all host interfaces/ },
        { range: '6:9-6:24', message: /3306/ },
      ],
      fixed: [
        'services:\n  db:\n    ports:\n      # for local tools\n      - "127.0.0.1:5432:5432" # psql\n      - "3307:3306/tcp"\n',
      ],
    },
    {
      name: 'container port only and 0.0.0.0, flow list',
      text: 'services:\n  cache: {ports: [\'6379\', "0.0.0.0:2375:2375"]}\n',
      findings: [
        { range: '2:19-2:25', message: /Redis/ },
        { range: '2:27-2:46', message: /Docker API/ },
      ],
      fixed: ['services:\n  cache: {ports: [\'127.0.0.1::6379\', "0.0.0.0:2375:2375"]}\n'],
    },
    {
      name: 'long syntax gets host_ip',
      text: 'services:\n  search:\n    ports:\n      - target: 9200\n        published: "9200"\n',
      findings: [{ range: '4:17-4:21', message: /Elasticsearch/ }],
      fixed: [
        'services:\n  search:\n    ports:\n      - target: 9200\n        published: "9200"\n        host_ip: 127.0.0.1\n',
      ],
    },
    {
      name: 'IPv6 any address',
      text: 'services:\n  mq:\n    ports: ["[::]:15672:15672"]\n',
      findings: [{ range: '3:13-3:31', message: /RabbitMQ management/ }],
      fixed: ['services:\n  mq:\n    ports: ["127.0.0.1:15672:15672"]\n'],
    },
    {
      name: 'from an anchor: at <<, no fix',
      text: 'x-p: &p\n  ports: ["27017:27017"]\nservices:\n  mongo:\n    <<: *p\n',
      findings: [{ range: '5:5-5:7', message: /MongoDB.*inherited from anchor &p/ }],
    },
  ],
});
