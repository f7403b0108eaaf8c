import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pipeWithoutPipefail } from '../../rules/dockerfile/pipe-without-pipefail';
import { analyze, createRuleSet } from '../../rules/engine/analyze';
import { builtinRules } from '../../rules/engine/builtin';
import { defaultConfig } from '../../rules/engine/config';
import { fixture } from '../helpers/fixtures';
import { testRule } from '../helpers/rule-tester';

const bashShell = 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]';

testRule(pipeWithoutPipefail, {
  valid: [
    { name: 'a pipefail SHELL', text: `FROM debian:12\n${bashShell}\nRUN curl -fsSL https://x | tar -xz\n` },
    {
      name: 'ash with -eo pipefail',
      text: 'FROM alpine:3.20\nSHELL ["/bin/ash", "-eo", "pipefail", "-c"]\nRUN wget -qO- https://x | tar -xz\n',
    },
    {
      name: 'set -o pipefail first in the RUN',
      text: 'FROM debian:12\nRUN set -euxo pipefail; curl -fsSL https://x | tar -xz\n',
    },
    { name: 'the SHELL of the stage it builds on', text: fixture('rules', 'BH-D025', 'inherited-shell.Dockerfile') },
    {
      name: 'echo feeding a checksum check cannot fail',
      text: 'FROM debian:12\nRUN echo "$SHA  /tmp/x" | sha256sum -c -\n',
    },
    { name: '|| is not a pipe', text: 'FROM debian:12\nRUN test -f x || exit 1\n' },
    {
      name: 'case patterns are not pipes',
      text: 'FROM debian:12\nRUN case "$(dpkg --print-architecture)" in \\\n  amd64 | arm64) echo ok ;; \\\n  *) exit 1 ;; \\\n esac\n',
    },
    { name: 'failure ignored on purpose', text: "FROM debian:12\nRUN ldd /app | grep 'not found' && exit 1 || :\n" },
    { name: 'a group that cannot fail', text: 'FROM debian:12\nRUN { tool --help || :; } 2>&1 | grep -q usage\n' },
    {
      name: 'a group of echos feeding tee',
      text: "FROM debian:12\nRUN { echo '[global]'; echo 'x = 1'; } | tee /etc/x.conf\n",
    },
    { name: 'a pipe in quoted text', text: 'FROM debian:12\nRUN echo "a | b" > /x\n' },
    { name: 'a redirection >| is not a pipe', text: 'FROM debian:12\nRUN ls >| /tmp/x\n' },
    { name: 'exec form', text: 'FROM debian:12\nRUN ["sh", "-c", "curl x | tar -xz"]\n' },
    {
      name: 'Windows shells',
      text: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN Get-ChildItem | Select-Object Name\n',
    },
    {
      name: 'suppressed with hadolint DL4006',
      text: 'FROM debian:12\n# hadolint ignore=DL4006\nRUN curl x | tar -xz\n',
    },
    {
      name: 'suppressed with our own comment',
      text: 'FROM debian:12\n# bulkhead-ignore BH-D025\nRUN curl x | tar -xz\n',
    },
  ],
  invalid: [
    {
      name: 'points at the pipe; Debian gets bash',
      text: 'FROM debian:12\nRUN curl -fsSL https://x | tar -xz\n',
      findings: [{ range: '2:26-2:27', message: /if curl fails, the RUN still succeeds as long as tar does/ }],
      fixed: [`FROM debian:12\n${bashShell}\nRUN curl -fsSL https://x | tar -xz\n`],
    },
    {
      name: 'Alpine gets BusyBox ash',
      text: 'FROM alpine:3.20\nRUN wget -qO- https://x | tar -xz\n',
      findings: [{ range: '2:25-2:26' }],
      fixed: ['FROM alpine:3.20\nSHELL ["/bin/ash", "-o", "pipefail", "-c"]\nRUN wget -qO- https://x | tar -xz\n'],
    },
    {
      name: "a stage's own shell keeps its options",
      text: 'FROM debian:12\nSHELL ["/bin/bash", "-ex", "-c"]\nRUN curl x | tar -xz\n',
      findings: [{ range: '3:12-3:13' }],
      fixed: [
        'FROM debian:12\nSHELL ["/bin/bash", "-ex", "-c"]\nSHELL ["/bin/bash", "-ex", "-o", "pipefail", "-c"]\nRUN curl x | tar -xz\n',
      ],
    },
    {
      name: 'one finding per RUN, and one fix for the stage, above the comments of its first RUN',
      text: fixture('rules', 'BH-D025', 'builder.Dockerfile'),
      findings: [
        { range: '4:44-4:45', message: /builder stage "build"/ },
        { range: '6:27-6:28', message: /if grep fails/ },
      ],
      fixed: [fixture('rules', 'BH-D025', 'builder.fixed.Dockerfile')],
    },
    {
      name: 'several pipes in one RUN, on continuation lines, in a heredoc',
      text: 'FROM debian:12\nRUN <<EOF\ncurl x \\\n  | gunzip \\\n  | tar -x\nEOF\n',
      findings: [{ range: '4:3-4:4', message: /and 1 more pipe in this RUN/ }],
      fixed: [`FROM debian:12\n${bashShell}\nRUN <<EOF\ncurl x \\\n  | gunzip \\\n  | tar -x\nEOF\n`],
    },
    {
      name: 'a group with a command that can fail',
      text: 'FROM debian:12\nRUN { echo a; cat /etc/app.conf; } | tee /x\n',
      findings: [{ range: '2:36-2:37', message: /if the command group fails/ }],
      fixed: [`FROM debian:12\n${bashShell}\nRUN { echo a; cat /etc/app.conf; } | tee /x\n`],
    },
    {
      name: 'a pipe before set -o pipefail is not covered',
      text: 'FROM debian:12\nRUN curl x | tar -xz && set -o pipefail\n',
      findings: [{ range: '2:12-2:13' }],
      fixed: [`FROM debian:12\n${bashShell}\nRUN curl x | tar -xz && set -o pipefail\n`],
    },
    {
      name: 'distroless has no shell to switch to: no fix',
      text: 'FROM gcr.io/distroless/base-debian12:debug\nRUN ls | sort\n',
      findings: [{ range: '2:8-2:9' }],
    },
  ],
});

describe('BH-D025 applies its fix automatically only when it is safe', () => {
  const ruleSet = createRuleSet([pipeWithoutPipefail], builtinRules);
  const fixOf = (text: string) => analyze({ path: 'Dockerfile', text }, defaultConfig, ruleSet).findings[0]?.fixes[0];

  it('is preferred on a known base', () => {
    assert.equal(fixOf('FROM debian:12\nRUN curl x | tar -xz\n')?.isPreferred, true);
  });

  it('is not preferred when the base image may lack bash', () => {
    const fix = fixOf('FROM example.com/runner:2\nRUN curl x | tar -xz\n');
    assert.equal(fix?.isPreferred, false);
    assert.match(fix?.title ?? '', /if the base image has \/bin\/bash/);
  });

  it('is not preferred when pipefail would make `yes |` or `| head` fail on SIGPIPE', () => {
    const fix = fixOf('FROM debian:12\nRUN curl x | tar -xz\nRUN yes | apt-get install foo\n');
    assert.equal(fix?.isPreferred, false);
    assert.match(fix?.title ?? '', /SIGPIPE/);
    assert.equal(fixOf('FROM debian:12\nRUN curl -s x | head -n1 > /v\n')?.isPreferred, false);
  });
});
