import { sshServer } from '../../rules/dockerfile/ssh-server';
import { fixture } from '../helpers/fixtures';
import { testRule } from '../helpers/rule-tester';

testRule(sshServer, {
  valid: [
    { name: 'other ports', text: 'FROM alpine:3.20\nEXPOSE 8080 2222 220\n' },
    { name: 'UDP port 22 is not SSH', text: 'FROM alpine:3.20\nEXPOSE 22/udp\n' },
    { name: 'a range that ends below 22', text: 'FROM alpine:3.20\nEXPOSE 20-21\n' },
    { name: 'the SSH client', text: 'FROM debian:12\nRUN apt-get update && apt-get install -y openssh-client git\n' },
    { name: "Alpine's client package", text: 'FROM alpine:3.20\nRUN apk add --no-cache openssh-client\n' },
    { name: '"ssh" on Alpine is not a package that installs a server', text: 'FROM alpine:3.20\nRUN apk add ssh\n' },
    {
      name: 'generating keys or connecting is not a server',
      text: 'FROM alpine:3.20\nRUN ssh-keygen -t ed25519 -f /k && ssh -V\n',
    },
    { name: 'an echo mentioning sshd', text: 'FROM alpine:3.20\nRUN echo "no sshd here" && echo openssh-server\n' },
    {
      name: 'a builder stage that is thrown away',
      text: 'FROM debian:12 AS test\nRUN apt-get install -y openssh-server\nEXPOSE 22\nFROM alpine:3.20\nCMD ["app"]\n',
    },
    { name: 'an unresolvable port', text: 'FROM alpine:3.20\nARG PORT\nEXPOSE $PORT\n' },
    {
      name: 'suppressed with our own comment',
      text: 'FROM alpine:3.20\n# bulkhead-ignore BH-D004 -- git server\nEXPOSE 22\n',
    },
    { name: 'suppressed with trivy', text: 'FROM alpine:3.20\n# trivy:ignore:DS-0004\nEXPOSE 22\n' },
    {
      name: 'suppressed with checkov',
      text: 'FROM python:3.10-alpine\n#checkov:skip=CKV_DOCKER_1: I like port 22\nEXPOSE 22\n',
    },
  ],
  invalid: [
    {
      name: 'EXPOSE 22 among other ports points at 22',
      text: 'FROM busybox:1.36\n\nEXPOSE 8080 22\n',
      findings: [{ range: '3:13-3:15', message: /The final stage exposes port 22/ }],
    },
    {
      name: 'EXPOSE 22/tcp',
      text: 'FROM busybox:1.36\nEXPOSE 22/tcp\n',
      findings: [{ range: '2:8-2:14' }],
    },
    {
      name: 'a port range that includes 22',
      text: 'FROM busybox:1.36\nEXPOSE 20-25/tcp\n',
      findings: [{ range: '2:8-2:17' }],
    },
    {
      name: 'a port from an ARG default',
      text: 'FROM busybox:1.36\nARG SSH_PORT=22\nEXPOSE ${SSH_PORT}\n',
      findings: [{ range: '3:8-3:19' }],
    },
    {
      name: 'openssh-server through apt-get, across a continuation',
      text: 'FROM debian:12\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends \\\n      curl \\\n      openssh-server=1:9.2p1-2\n',
      findings: [{ range: '5:7-5:31', message: /installs the SSH server "openssh-server=1:9.2p1-2"/ }],
    },
    {
      name: "Debian's ssh metapackage",
      text: 'FROM ubuntu:24.04\nRUN apt install -y ssh\n',
      findings: [{ range: '2:20-2:23' }],
    },
    {
      name: "Alpine's openssh and dropbear",
      text: 'FROM alpine:3.20\nRUN apk add --no-cache openssh dropbear\n',
      findings: [{ range: '2:24-2:31' }, { range: '2:32-2:40' }],
    },
    {
      name: 'dnf with a version, behind sudo',
      text: 'FROM fedora:40\nRUN sudo dnf install -y openssh-server-9.6p1 openssh-clients\n',
      findings: [{ range: '2:25-2:45' }],
    },
    {
      name: 'starting or enabling the daemon in RUN, CMD and ENTRYPOINT',
      text: 'FROM debian:12\nRUN service ssh start && systemctl enable sshd.service && rc-update add sshd default\nENTRYPOINT ["/usr/sbin/sshd", "-D"]\nCMD /etc/init.d/ssh start && sleep infinity\n',
      findings: [
        { range: '2:13-2:16', message: /starts or enables the SSH daemon/ },
        { range: '2:43-2:55' },
        { range: '2:73-2:77' },
        { range: '3:13-3:29', message: /runs \(ENTRYPOINT\) the SSH daemon/ },
        { range: '4:5-4:20', message: /runs \(CMD\)/ },
      ],
    },
    {
      name: 'sshd inside sh -c',
      text: 'FROM debian:12\nCMD ["sh", "-c", "/usr/sbin/sshd -D"]\n',
      findings: [{ range: '2:19-2:33' }],
    },
    {
      name: 'a stage the final stage builds on ships its SSH server',
      text: 'FROM debian:12 AS base\nRUN apt-get install -y openssh-server\nFROM base\nCMD ["app"]\n',
      findings: [{ range: '2:24-2:38', message: /Stage "base" \(which the final stage builds on\) installs/ }],
    },
    {
      name: 'a Git server image (fixture): package, port and daemon',
      text: fixture('rules', 'BH-D004', 'gitserver.Dockerfile'),
      findings: [{ range: '6:2-6:9' }, { range: '11:8-11:10' }, { range: '13:6-13:22' }],
    },
  ],
});
