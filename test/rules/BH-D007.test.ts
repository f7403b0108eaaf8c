import { buildToolsInFinalImage } from '../../rules/dockerfile/build-tools-in-final-image';
import { fixture } from '../helpers/fixtures';
import { testRule } from '../helpers/rule-tester';

testRule(buildToolsInFinalImage, {
  valid: [
    {
      name: 'a builder stage compiles, the final stage only copies',
      text: 'FROM python:3.12 AS build\nRUN apt-get update && apt-get install -y build-essential libpq-dev\nFROM python:3.12-slim\nCOPY --from=build /wheels /wheels\n',
    },
    {
      name: 'runtime libraries and client tools',
      text: 'FROM debian:12\nRUN apt-get install -y libpq5 ca-certificates curl openssh-client\n',
    },
    {
      name: 'names that only look like tools',
      text: 'FROM debian:12\nRUN apt-get install -y makedepend-doc gitk-docs device-tree-compiler\n',
    },
    {
      name: 'pip and npm packages are not system build tools',
      text: 'FROM python:3.12-slim\nRUN pip install make gcc\n',
    },
    {
      name: 'installed and purged in the same RUN',
      text: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y gcc \\\n && pip install psycopg2 \\\n && apt-get purge -y gcc\n',
    },
    {
      name: 'an apk --virtual group deleted later',
      text: 'FROM python:3.12-alpine\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev \\\n && pip install cffi \\\n && apk del --no-network .build-deps\n',
    },
    {
      name: 'removed in a later RUN of the final stage',
      text: 'FROM alpine:3.20\nRUN apk add make\nRUN make -C /src install\nRUN apk del make\n',
    },
    {
      name: "the official images' apt-mark auto pattern (fixture)",
      text: fixture('rules', 'BH-D007', 'apt-mark-auto.Dockerfile'),
    },
    {
      name: 'apt-mark auto through xargs, purged inside an if',
      text: 'FROM debian:12\nRUN apt-get install -y dpkg-dev; \\\n  apt-mark showmanual | xargs apt-mark auto > /dev/null; \\\n  if [ -n "$tempDir" ]; then apt-get purge -y --auto-remove; fi\n',
    },
    { name: 'a comment mentioning gcc', text: 'FROM debian:12\n# apt-get install gcc\nRUN echo gcc\n' },
    {
      name: 'suppressed with our own comment',
      text: 'FROM debian:12\n# bulkhead-ignore BH-D007 -- the app shells out to git\nRUN apt-get install -y git\n',
    },
  ],
  invalid: [
    {
      name: 'compilers and headers in a single-stage image',
      text: 'FROM python:3.12\nRUN apt-get update && apt-get install -y --no-install-recommends \\\n    build-essential \\\n    libpq-dev=15.6-0+deb12u1 \\\n    curl\n',
      findings: [
        {
          range: '3:5-3:20',
          message: /The build tool "build-essential" is installed in the final stage and ships in the image/,
        },
        { range: '4:5-4:29', message: /"libpq-dev"/ },
      ],
    },
    {
      name: 'apk, yum and zypper spellings',
      text: 'FROM alpine:3.20\nRUN apk add build-base openssl-dev~3 && dnf install -y gcc-c++ python3-devel-3.12.1 && zypper in -y cmake\n',
      findings: [
        { range: '2:13-2:23' },
        { range: '2:24-2:37' },
        { range: '2:56-2:63' },
        { range: '2:64-2:84', message: /"python3-devel"/ },
        { range: '2:101-2:106' },
      ],
    },
    {
      name: 'removing another package does not count',
      text: 'FROM debian:12\nRUN apt-get install -y gcc make && apt-get purge -y make\n',
      findings: [{ range: '2:24-2:27' }],
    },
    {
      name: 'purge --auto-remove without apt-mark auto keeps explicitly installed packages',
      text: 'FROM debian:12\nRUN apt-get install -y git && apt-get purge -y --auto-remove curl\n',
      findings: [{ range: '2:24-2:27' }],
    },
    {
      name: 'a stage the final stage builds on',
      text: 'FROM node:20 AS base\nRUN apt-get install -y g++ make\nFROM base\nCMD ["node", "app.js"]\n',
      findings: [
        { range: '2:24-2:27', message: /stage "base" \(which the final stage builds on\)/ },
        { range: '2:28-2:32' },
      ],
    },
  ],
});
