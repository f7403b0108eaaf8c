import { rootUser } from '../../rules/dockerfile/root-user';
import { testRule } from '../helpers/rule-tester';

const useradd = 'RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home app';

testRule(rootUser, {
  valid: [
    { name: 'non-root user by name', text: 'FROM node:20\nUSER node\nCMD ["node"]\n' },
    { name: 'numeric non-root user', text: 'FROM node:20\nUSER 1000:1000\n' },
    { name: 'root first, then non-root', text: 'FROM node:20\nUSER root\nRUN apt-get update\nUSER 1000\n' },
    {
      name: 'user inherited from an earlier stage',
      text: 'FROM node:20 AS base\nUSER node\nFROM base\nCMD ["node"]\n',
    },
    { name: 'distroless nonroot base', text: 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\n' },
    { name: 'user from ARG default', text: 'FROM alpine:3.20\nARG APP_USER=app\nUSER ${APP_USER}\n' },
    { name: 'unresolvable variable is not guessed', text: 'FROM alpine:3.20\nARG APP_USER\nUSER $APP_USER\n' },
    {
      name: 'only the final stage counts',
      text: 'FROM golang:1.22 AS build\nRUN go build\nFROM alpine:3.20\nUSER 10001\nCOPY --from=build /app /app\n',
    },
    { name: 'a Dockerfile without FROM', text: '# nothing yet\n' },
    { name: 'not a Dockerfile', path: 'README.md', text: 'FROM x\n' },
  ],
  invalid: [
    {
      name: 'a line continuation dangling at the end of the file is removed before USER is appended (fuzz regression)',
      text: 'FROM python:3.12-slim\nRUN make \\\n && make install \\',
      findings: [{ range: '1:6-1:22' }],
      fixed: [
        'FROM python:3.12-slim\nRUN make \\\n && make install \nUSER 10001:10001',
        `FROM python:3.12-slim\nRUN make \\\n && make install \n${useradd}\nUSER app`,
      ],
    },
    {
      name: 'a line ending in a lone CR gets USER after it, not inside it (fuzz regression)',
      text: 'FROM alpine:3.20\r',
      findings: [{ range: '1:6-1:17' }],
      fixed: [
        'FROM alpine:3.20\nUSER 10001:10001\r',
        'FROM alpine:3.20\nRUN addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app app\nUSER app\r',
      ],
    },
    {
      name: 'no USER at all, CMD gets a USER before it',
      text: 'FROM python:3.12-slim\nCOPY . /app\n# start the app\nCMD ["python", "/app/main.py"]\n',
      findings: [{ range: '1:6-1:22', message: /never sets a non-root USER/ }],
      fixed: [
        'FROM python:3.12-slim\nCOPY . /app\nUSER 10001:10001\n# start the app\nCMD ["python", "/app/main.py"]\n',
        `FROM python:3.12-slim\nCOPY . /app\n${useradd}\nUSER app\n# start the app\nCMD ["python", "/app/main.py"]\n`,
      ],
    },
    {
      name: 'USER root points at the user token',
      text: 'FROM alpine:3.20\nRUN apk add curl\nUSER root\n',
      findings: [{ range: '3:6-3:10', message: /"root"/ }],
      fixed: [
        'FROM alpine:3.20\nRUN apk add curl\nUSER root\nUSER 10001:10001\n',
        'FROM alpine:3.20\nRUN apk add curl\nUSER root\nRUN addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app app\nUSER app\n',
      ],
    },
    {
      name: 'USER 0',
      text: 'FROM scratch\nUSER 0\n',
      findings: [{ range: '2:6-2:7' }],
      fixed: ['FROM scratch\nUSER 0\nUSER 10001:10001\n'],
    },
    {
      name: 'USER root:root points at the user part',
      text: 'FROM debian:12\nUSER root:root\nENTRYPOINT ["/bin/sh"]\n',
      findings: [{ range: '2:6-2:10' }],
      fixed: [
        'FROM debian:12\nUSER root:root\nUSER 10001:10001\nENTRYPOINT ["/bin/sh"]\n',
        `FROM debian:12\nUSER root:root\n${useradd}\nUSER app\nENTRYPOINT ["/bin/sh"]\n`,
      ],
    },
    {
      name: 'USER 0:0',
      text: 'FROM scratch\nUSER 0:0\n',
      findings: [{ range: '2:6-2:7' }],
      fixed: ['FROM scratch\nUSER 0:0\nUSER 10001:10001\n'],
    },
    {
      name: 'root through an ARG default',
      text: 'FROM scratch\nARG RUN_AS=root\nUSER ${RUN_AS}\n',
      findings: [{ range: '3:6-3:15', message: /\$\{RUN_AS\}/ }],
      fixed: ['FROM scratch\nARG RUN_AS=root\nUSER ${RUN_AS}\nUSER 10001:10001\n'],
    },
    {
      name: 'USER in a builder stage does not make the image non-root',
      text: 'FROM node:20 AS build\nUSER node\nRUN npm ci\nFROM node:20-slim\nCOPY --from=build /app /app\nCMD ["node", "/app"]\n',
      findings: [{ range: '4:6-4:18' }],
      fixed: [
        'FROM node:20 AS build\nUSER node\nRUN npm ci\nFROM node:20-slim\nCOPY --from=build /app /app\nUSER 10001:10001\nCMD ["node", "/app"]\n',
        `FROM node:20 AS build\nUSER node\nRUN npm ci\nFROM node:20-slim\nCOPY --from=build /app /app\n${useradd}\nUSER app\nCMD ["node", "/app"]\n`,
      ],
    },
    {
      name: 'distroless: switch to its nonroot user',
      text: 'FROM gcr.io/distroless/static-debian12\nCOPY app /app\nENTRYPOINT ["/app"]\n',
      findings: [{ range: '1:6-1:39' }],
      fixed: [
        'FROM gcr.io/distroless/static-debian12\nCOPY app /app\nUSER 10001:10001\nENTRYPOINT ["/app"]\n',
        'FROM gcr.io/distroless/static-debian12\nCOPY app /app\nUSER nonroot:nonroot\nENTRYPOINT ["/app"]\n',
      ],
    },
    {
      name: 'FROM scratch without USER',
      text: 'FROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]\n',
      findings: [{ range: '1:6-1:13', message: /FROM scratch/ }],
      fixed: ['FROM scratch\nCOPY app /app\nUSER 10001:10001\nENTRYPOINT ["/app"]\n'],
    },
    {
      name: 'CRLF line endings and a continued RUN are kept',
      text: 'FROM alpine:3.20\r\nRUN apk add \\\r\n  curl\r\nCMD ["sh"]\r\n',
      findings: [{ range: '1:6-1:17' }],
      fixed: [
        'FROM alpine:3.20\r\nRUN apk add \\\r\n  curl\r\nUSER 10001:10001\r\nCMD ["sh"]\r\n',
        'FROM alpine:3.20\r\nRUN apk add \\\r\n  curl\r\nRUN addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app app\r\nUSER app\r\nCMD ["sh"]\r\n',
      ],
    },
  ],
});
