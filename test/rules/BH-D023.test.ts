import { verificationDisabled } from '../../rules/dockerfile/verification-disabled';
import { fixture } from '../helpers/fixtures';
import { testRule } from '../helpers/rule-tester';

const run = (line: string) => `FROM debian:12\n${line}\n`;

testRule(verificationDisabled, {
  valid: [
    { name: 'curl with verification', text: run('RUN curl -fsSL https://example.com -o /tmp/x') },
    { name: 'the k of -ok is the output file name', text: run('RUN curl -ok https://example.com') },
    { name: 'a header value is not an option', text: run('RUN curl -H "-k" https://example.com') },
    { name: '-k of another program', text: run('RUN curl https://example.com | grep -k lol') },
    { name: 'a flag inside quoted text', text: run('RUN echo "--insecure --no-check-certificate" > /notes') },
    {
      name: 'TLS checks explicitly on',
      text: 'FROM node:20\nENV NODE_TLS_REJECT_UNAUTHORIZED=1 PYTHONHTTPSVERIFY=1\n',
    },
    {
      name: 'ARG NAME value declares two build arguments in BuildKit, it sets nothing',
      text: 'FROM node:20\nARG NODE_TLS_REJECT_UNAUTHORIZED 0\n',
    },
    {
      name: 'a global ARG does not reach RUN steps',
      text: 'ARG NODE_TLS_REJECT_UNAUTHORIZED=0\nFROM node:20\nRUN npm ci\n',
    },
    {
      name: 'a look-alike variable name',
      text: 'FROM node:20\nENV NPM_CONFIG_STRICT_SSL_X=false\nRUN X_GIT_SSL_NO_VERIFY=1 git pull\n',
    },
    { name: 'strict-ssl on', text: run('RUN npm config set strict-ssl true && npm install strict-ssl false') },
    { name: 'git sslVerify on', text: run('RUN git config --global http.sslVerify true') },
    { name: 'sslverify on', text: run('RUN yum-config-manager --save --setopt=epel.sslverify=1') },
    { name: 'unset', text: run('RUN unset GIT_SSL_NO_VERIFY') },
    {
      name: 'a trusted local repository of packages just built',
      text: run('RUN echo "deb [ trusted=yes ] file://$tempDir ./" > /etc/apt/sources.list.d/temp.list'),
    },
    {
      name: 'suppressed with our own comment',
      text: run('# bulkhead-ignore BH-D023 -- internal mirror\nRUN curl -k https://mirror'),
    },
    {
      name: 'suppressed with checkov (whole file)',
      text: `#checkov:skip=CKV2_DOCKER_2:internal mirror\n${run('RUN curl -k https://mirror')}`,
    },
  ],
  invalid: [
    {
      name: 'curl -k: the flag, removed with its space',
      text: run('RUN curl -k https://example.com/tool -o /tmp/tool'),
      findings: [
        {
          range: '2:10-2:12',
          message: /curl -k turns off TLS certificate verification \(-k is --insecure\) in the final stage/,
        },
      ],
      fixed: [run('RUN curl https://example.com/tool -o /tmp/tool')],
    },
    {
      name: 'a k among combined short flags: the word, and only the letter is removed',
      text: run('RUN curl -fsSLk https://example.com | tar -xz'),
      findings: [{ range: '2:10-2:16', message: /curl -k in "-fsSLk"/ }],
      fixed: [run('RUN curl -fsSL https://example.com | tar -xz')],
    },
    {
      name: '--insecure on its own continuation line: the line goes',
      text: run('RUN curl \\\n    --insecure \\\n    https://example.com'),
      findings: [{ range: '3:5-3:15' }],
      fixed: [run('RUN curl \\\n    https://example.com')],
    },
    {
      name: 'a flag ending a continued command joins the line before',
      text: 'FROM alpine:3.20\nRUN apk \\\n    add python3 \\\n    --allow-untrusted\n',
      findings: [
        { range: '4:5-4:22', message: /apk --allow-untrusted installs packages without checking their signatures/ },
      ],
      fixed: ['FROM alpine:3.20\nRUN apk \\\n    add python3\n'],
    },
    {
      name: 'a comment line before the flag leaves no tidy fix',
      text: 'FROM alpine:3.20\nRUN apk add python3 \\\n    # local packages\n    --allow-untrusted\n',
      findings: [{ range: '4:5-4:22' }],
    },
    {
      name: 'CRLF continuation',
      text: 'FROM debian:12\r\nRUN wget \\\r\n    --no-check-certificate \\\r\n    https://example.com\r\n',
      findings: [{ range: '3:5-3:27', message: /wget --no-check-certificate/ }],
      fixed: ['FROM debian:12\r\nRUN wget \\\r\n    https://example.com\r\n'],
    },
    {
      name: 'the escape directive backtick',
      text: fixture('rules', 'BH-D023', 'windows-escape.Dockerfile'),
      findings: [{ range: '4:5-4:15' }],
      fixed: [fixture('rules', 'BH-D023', 'windows-escape.fixed.Dockerfile')],
    },
    {
      name: 'pip --trusted-host and its value',
      text: 'FROM python:3.12\nRUN pip install --trusted-host pypi.org requests\n',
      findings: [
        { range: '2:17-2:31', message: /pip --trusted-host turns off TLS certificate verification for that host/ },
      ],
      fixed: ['FROM python:3.12\nRUN pip install requests\n'],
    },
    {
      name: 'python -m pip --trusted-host=',
      text: 'FROM python:3.12\nRUN python3 -m pip install requests --trusted-host=pypi.org\n',
      findings: [{ range: '2:37-2:60' }],
      fixed: ['FROM python:3.12\nRUN python3 -m pip install requests\n'],
    },
    {
      name: 'an inline variable is removed from the command',
      text: 'FROM node:20\nRUN NODE_TLS_REJECT_UNAUTHORIZED=0 npm ci\n',
      findings: [
        {
          range: '2:5-2:35',
          message: /NODE_TLS_REJECT_UNAUTHORIZED=0 turns off TLS certificate verification in Node.js/,
        },
      ],
      fixed: ['FROM node:20\nRUN npm ci\n'],
    },
    {
      name: 'export gets no fix; any GIT_SSL_NO_VERIFY value counts',
      text: run('RUN export GIT_SSL_NO_VERIFY=0 && git clone https://example.com/r.git'),
      findings: [{ range: '2:12-2:31', message: /any value, even 0/ }],
    },
    {
      name: 'git -c http.sslVerify=false',
      text: run('RUN git -c http.sslVerify=false clone https://example.com/r.git'),
      findings: [{ range: '2:9-2:11', message: /git -c http.sslVerify=false/ }],
      fixed: [run('RUN git clone https://example.com/r.git')],
    },
    {
      name: 'git config sets it for later commands: no fix',
      text: run('RUN git config --global http.https://example.com.sslverify false'),
      findings: [{ range: '2:25-2:59', message: /for every later git command/ }],
    },
    {
      name: 'npm and yarn strict-ssl',
      text: 'FROM node:20\nRUN npm config set strict-ssl=false && yarn config set "strict-ssl" false\nRUN npm install --no-strict-ssl\n',
      findings: [{ range: '2:20-2:36' }, { range: '2:56-2:68' }, { range: '3:17-3:32' }],
    },
    {
      name: 'apt-get --force-yes and -o Verify-Peer=false, through sudo',
      text: run('RUN sudo apt-get -o Acquire::https::Verify-Peer=false install -y --force-yes curl'),
      findings: [
        { range: '2:18-2:20', message: /Verify-Peer=false turns off/ },
        { range: '2:66-2:77', message: /--force-yes/ },
      ],
      fixed: [run('RUN sudo apt-get install -y --force-yes curl')],
    },
    {
      name: 'an APT source marked trusted',
      text: run('RUN echo "deb [trusted=yes] http://repo.example.com ./" > /etc/apt/sources.list.d/x.list'),
      findings: [{ range: '2:10-2:56', message: /\[trusted=yes\]/ }],
    },
    {
      name: 'dnf --nogpgcheck and yum sslverify=0',
      text: 'FROM fedora:40\nRUN dnf install -y --nogpgcheck tool && yum-config-manager --save --setopt=sslverify=false\n',
      findings: [{ range: '2:20-2:32' }, { range: '2:67-2:91', message: /sslverify=false turns off TLS/ }],
      fixed: ['FROM fedora:40\nRUN dnf install -y tool && yum-config-manager --save --setopt=sslverify=false\n'],
    },
    {
      name: 'rpm flags, one per continuation line',
      text: fixture('rules', 'BH-D023', 'continued-flags.Dockerfile'),
      findings: [
        { range: '5:5-5:15', message: /--nodigest/ },
        { range: '6:5-6:18', message: /--nosignature/ },
      ],
      fixed: [fixture('rules', 'BH-D023', 'continued-flags.fixed-nodigest.Dockerfile')],
    },
    {
      name: 'ENV and ARG: reported on the key, no fix, scope by stage',
      text: fixture('rules', 'BH-D023', 'stages.Dockerfile'),
      findings: [
        { range: '2:5-2:33', message: /for the rest of builder stage "build"/ },
        {
          range: '6:5-6:21',
          message: /PIP_TRUSTED_HOST=pypi.org .* for the rest of the build and in the running container/,
        },
        { range: '9:5-9:22', message: /for the RUN steps of the final stage that follow/ },
      ],
    },
    {
      name: 'exec form: reported, not edited',
      text: run('RUN ["curl", "-k", "https://example.com"]'),
      findings: [{ range: '2:14-2:18' }],
    },
    {
      name: 'inside a heredoc and inside sh -c',
      text: run('RUN <<EOF\ncurl -k https://example.com\nsh -c "wget --no-check-certificate https://example.com"\nEOF'),
      findings: [{ range: '3:6-3:8' }, { range: '4:13-4:35' }],
      fixed: [run('RUN <<EOF\ncurl https://example.com\nsh -c "wget --no-check-certificate https://example.com"\nEOF')],
    },
  ],
});
