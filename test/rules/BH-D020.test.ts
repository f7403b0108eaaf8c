import { remoteScriptPipedToShell } from '../../rules/dockerfile/remote-script-piped-to-shell';
import { fixture } from '../helpers/fixtures';
import { testRule } from '../helpers/rule-tester';

testRule(remoteScriptPipedToShell, {
  valid: [
    {
      name: 'downloaded to a file, checked, then run',
      text: 'FROM debian:12\nRUN curl -fsSLo /tmp/i.sh https://example.com/i.sh \\\n && echo "$SHA  /tmp/i.sh" | sha256sum -c - \\\n && sh /tmp/i.sh\n',
    },
    {
      name: 'an archive piped to tar',
      text: 'FROM debian:12\nRUN curl -fsSL https://example.com/a.tgz | tar -xz -C /opt\n',
    },
    {
      name: 'JSON piped to python -c is data, not a script',
      text: 'FROM python:3.12\nRUN curl -s https://api.example.com/v | python3 -c "import json,sys; print(json.load(sys.stdin))"\n',
    },
    {
      name: 'sh -c reads its script from the argument, not stdin',
      text: 'FROM alpine:3.20\nRUN curl -s https://x | sh -c "cat > /x"\n',
    },
    {
      name: 'wget without -O- writes a file, not stdout',
      text: 'FROM alpine:3.20\nRUN wget https://example.com/i.sh | sh\n',
    },
    { name: 'curl -o writes a file', text: 'FROM alpine:3.20\nRUN curl -o /tmp/i.sh https://example.com/i.sh | sh\n' },
    { name: 'the pipe is inside a quoted word', text: 'FROM alpine:3.20\nRUN echo "curl https://x | sh" > /README\n' },
    { name: 'a comment', text: 'FROM alpine:3.20\n# RUN curl https://x | sh\nRUN true\n' },
    { name: 'a substitution that is not a download', text: 'FROM alpine:3.20\nRUN sh -c "$(cat /tmp/script)"\n' },
    { name: 'exec form without a shell', text: 'FROM alpine:3.20\nRUN ["curl", "-fsSL", "https://x", "|", "sh"]\n' },
    {
      name: 'suppressed with our own comment',
      text: 'FROM alpine:3.20\n# bulkhead-ignore BH-D020 -- vendored installer, pinned by its host\nRUN curl -fsSL https://x | sh\n',
    },
  ],
  invalid: [
    {
      name: 'curl piped to sh: from the downloader to the shell',
      text: 'FROM debian:12\nRUN curl -fsSL https://example.com/install.sh | sh\n',
      findings: [{ range: '2:5-2:51', message: /downloaded by curl is piped into sh in the final stage/ }],
    },
    {
      name: 'wget -qO- piped to sudo bash',
      text: 'FROM debian:12\nRUN wget -qO- https://example.com/i.sh | sudo bash\n',
      findings: [{ range: '2:5-2:51', message: /wget is piped into bash/ }],
    },
    {
      name: 'bash - with options after a continued line',
      text: 'FROM node:20\nRUN apt-get update && \\\n    curl -fsSL https://deb.nodesource.com/setup_20.x \\\n    | sudo -E bash -\n',
      findings: [{ range: '3:5-4:19' }],
    },
    {
      name: 'a pipeline through tee',
      text: 'FROM debian:12\nRUN curl -fsSL https://x/i.sh | tee /tmp/i.sh | sh -s -- --yes\n',
      findings: [{ range: '2:5-2:51' }],
    },
    {
      name: 'python3 - runs the script from stdin',
      text: 'FROM python:3.12\nRUN curl -sSL https://install.python-poetry.org | python3 -\n',
      findings: [{ range: '2:5-2:58', message: /piped into python3/ }],
    },
    {
      name: 'process substitution',
      text: 'FROM debian:12\nRUN bash <(curl -fsSL https://example.com/i.sh)\n',
      findings: [{ range: '2:5-2:48', message: /bash runs a script fetched by curl/ }],
    },
    {
      name: 'command substitution as the sh -c script',
      text: 'FROM debian:12\nRUN sh -c "$(curl -fsSL https://example.com/i.sh)" "" --unattended\n',
      findings: [{ range: '2:5-2:51', message: /sh runs a script fetched by curl/ }],
    },
    {
      name: 'eval of a download',
      text: 'FROM debian:12\nRUN eval "$(wget -qO- https://example.com/env)"\n',
      findings: [{ range: '2:5-2:48', message: /eval runs a script fetched by wget/ }],
    },
    {
      name: 'sourced from stdin, and eval of backticks',
      text: 'FROM debian:12\nRUN curl -fsSL https://x/env | . /dev/stdin\nRUN eval `curl -fsSL https://x/env`\n',
      findings: [{ range: '2:5-2:33' }, { range: '3:5-3:36' }],
    },
    {
      name: 'inside sh -c: the range is inside the quoted script',
      text: 'FROM debian:12\nRUN sh -c "curl -fsSL https://x | bash"\n',
      findings: [{ range: '2:12-2:39' }],
    },
    {
      name: 'in a heredoc',
      text: 'FROM debian:12\nRUN <<EOF\nset -e\ncurl -fsSL https://get.docker.com | sh\nEOF\n',
      findings: [{ range: '4:1-4:39' }],
    },
    {
      name: 'a builder stage says so',
      text: fixture('rules', 'BH-D020', 'builder-stage.Dockerfile'),
      findings: [{ range: '3:5-3:51', message: /in builder stage "tools"/ }],
    },
  ],
});
