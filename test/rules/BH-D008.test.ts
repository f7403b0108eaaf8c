import { privilegedPort } from '../../rules/dockerfile/privileged-port';
import { testRule } from '../helpers/rule-tester';

testRule(privilegedPort, {
  valid: [
    { name: 'root images are BH-D001 territory', text: 'FROM nginx:1.27\nEXPOSE 80 443\n' },
    { name: 'USER root', text: 'FROM nginx:1.27\nUSER root\nEXPOSE 80\n' },
    { name: 'unprivileged ports', text: 'FROM node:20-slim\nUSER node\nEXPOSE 8080 3000/tcp 1024\n' },
    { name: 'an unknown user is not guessed', text: 'FROM node:20-slim\nARG APP_USER\nUSER $APP_USER\nEXPOSE 80\n' },
    {
      name: 'a builder stage port and user do not ship',
      text: 'FROM node:20 AS build\nUSER node\nEXPOSE 80\nFROM node:20-slim\nUSER node\nEXPOSE 8080\n',
    },
    { name: 'an unresolvable port', text: 'FROM node:20-slim\nUSER node\nARG PORT\nEXPOSE $PORT\n' },
    {
      name: 'suppressed with our own comment',
      text: 'FROM node:20-slim\nUSER node\n# bulkhead-ignore BH-D008 -- Docker only\nEXPOSE 80\n',
    },
  ],
  invalid: [
    {
      name: 'port 80 with a named non-root user',
      text: 'FROM node:20-slim\nUSER node\nEXPOSE 80 8080\n',
      findings: [
        {
          range: '3:8-3:10',
          message:
            /Port 80 is privileged, but the image runs as the non-root user "node".*CAP_NET_BIND_SERVICE.*map 80 to it/,
        },
      ],
    },
    {
      name: 'a protocol, a range and an ARG default',
      text: 'FROM debian:12\nARG HTTPS_PORT=443\nEXPOSE 80/tcp 1000-1100 ${HTTPS_PORT}\nUSER 10001:10001\n',
      findings: [{ range: '3:8-3:14' }, { range: '3:15-3:24' }, { range: '3:25-3:38', message: /Port 443/ }],
    },
    {
      name: 'a base image whose default user is non-root',
      text: 'FROM gcr.io/distroless/static-debian12:nonroot\nEXPOSE 443\n',
      findings: [{ range: '2:8-2:11', message: /the base image's non-root user/ }],
    },
    {
      name: 'EXPOSE in a stage the final stage builds on',
      text: 'FROM nginx:1.27 AS web\nEXPOSE 80\nFROM web\nUSER nginx\n',
      findings: [{ range: '2:8-2:10' }],
    },
  ],
});
