import { addUrlWithoutChecksum } from '../../rules/dockerfile/add-url-without-checksum';
import { testRule } from '../helpers/rule-tester';

const sha256 = `sha256:${'a'.repeat(64)}`;
const commit = 'be1f38e0c7d3a5b2c4d6e8f0a1b3c5d7e9f1a2b3';

testRule(addUrlWithoutChecksum, {
  valid: [
    { name: 'a checksum', text: `FROM alpine:3.20\nADD --checksum=${sha256} https://example.com/t.tgz /opt/\n` },
    { name: 'a local file', text: 'FROM alpine:3.20\nADD app.tar.gz /opt/\n' },
    { name: 'COPY never downloads', text: 'FROM alpine:3.20\nCOPY https.txt /opt/\n' },
    {
      name: 'Git with a commit checksum',
      text: `FROM alpine:3.20\nADD --checksum=${commit.slice(0, 7)} https://github.com/moby/buildkit.git#v0.26.2 /src\n`,
    },
    {
      name: 'Git pinned to a full commit SHA',
      text: `FROM alpine:3.20\nADD https://github.com/moby/buildkit.git#${commit} /src\n`,
    },
    { name: 'a URL in a comment', text: 'FROM alpine:3.20\n# ADD https://example.com/t.tgz /opt/\n' },
    { name: 'a variable with no known value is not guessed', text: 'FROM alpine:3.20\nARG SRC\nADD ${SRC} /opt/\n' },
    {
      name: 'suppressed with our own comment',
      text: 'FROM alpine:3.20\n# bulkhead-ignore BH-D021\nADD https://example.com/t.tgz /opt/\n',
    },
  ],
  invalid: [
    {
      name: 'an HTTPS download points at the URL',
      text: 'FROM alpine:3.20\nADD --chown=10001 https://example.com/tool.tgz /opt/\n',
      findings: [
        {
          range: '2:19-2:47',
          message: /downloads "https:\/\/example.com\/tool.tgz" in the final stage without --checksum/,
        },
      ],
    },
    {
      name: 'plain HTTP says so',
      text: 'FROM alpine:3.20\nADD http://example.com/tool.tgz /opt/\n',
      findings: [{ range: '2:5-2:32', message: /over an unencrypted connection/ }],
    },
    {
      name: 'every URL of a multi-source ADD, in JSON form',
      text: 'FROM alpine:3.20\nADD ["https://example.com/a", "https://example.com/b", "/opt/"]\n',
      findings: [{ range: '2:6-2:29' }, { range: '2:31-2:54' }],
    },
    {
      name: 'a URL from an ARG default',
      text: 'FROM alpine:3.20\nARG VERSION=1.4.2\nADD https://example.com/tool-${VERSION}.tgz /opt/\n',
      findings: [{ range: '3:5-3:44', message: /tool-\$\{VERSION\}/ }],
    },
    {
      name: 'Git on a branch',
      text: 'FROM alpine:3.20\nADD git@github.com:moby/buildkit.git#master /src\n',
      findings: [{ range: '2:5-2:44', message: /clones .* without pinning a commit/ }],
    },
    {
      name: 'a builder stage counts',
      text: 'FROM alpine:3.20 AS fetch\nADD https://example.com/t.tgz /t.tgz\nFROM scratch\nCOPY --from=fetch /t.tgz /\n',
      findings: [{ range: '2:5-2:30', message: /builder stage "fetch"/ }],
    },
  ],
});
