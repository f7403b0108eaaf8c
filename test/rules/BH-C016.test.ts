import { composeUnsafeSysctl } from '../../rules/compose/unsafe-sysctl';
import { testRule } from '../helpers/rule-tester';

testRule(composeUnsafeSysctl, {
  valid: [
    {
      name: 'safe set, map and list syntax',
      text: 'services:\n  a:\n    sysctls:\n      net.ipv4.tcp_keepalive_time: 600\n      net.ipv4.ip_unprivileged_port_start: 0\n  b:\n    sysctls: ["net.ipv4.tcp_syncookies=1", "kernel.shm_rmid_forced=1"]\n',
    },
    { name: 'no services', text: 'services: {}\n' },
  ],
  invalid: [
    {
      name: 'map syntax: on the key',
      text: 'services:\n  vpn:\n    sysctls:\n      net.ipv4.ip_forward: 1\n      net.ipv4.tcp_fin_timeout: 30\n',
      findings: [{ range: '4:7-4:26', message: /sets the sysctl net.ipv4.ip_forward, which is not in the safe/ }],
    },
    {
      name: 'list syntax, flow: on the item',
      text: 'services:\n  db:\n    sysctls: [kernel.shmmax=68719476736]\n',
      findings: [{ range: '3:15-3:40', message: /kernel.shmmax/ }],
    },
    {
      name: 'from extends',
      text: 'services:\n  base:\n    sysctls: {net.ipv4.conf.all.rp_filter: 0}\n  web:\n    extends: {service: base}\n',
      findings: [{ range: '3:15-3:42' }, { range: '5:5-5:12', message: /inherited from service "base"/ }],
    },
  ],
});
