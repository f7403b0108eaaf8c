import { baseImageWithoutDigest } from '../../rules/dockerfile/base-image-without-digest';
import { testRule } from '../helpers/rule-tester';

const digest = `sha256:${'0'.repeat(64)}`;

testRule(baseImageWithoutDigest, {
  valid: [
    { name: 'tag and digest', text: `FROM python:3.12-slim@${digest}\n` },
    { name: 'digest only', text: `FROM python@${digest}\n` },
    { name: 'no tag is BH-D002, not this rule', text: 'FROM python\n' },
    { name: 'latest is BH-D002, not this rule', text: 'FROM python:latest\n' },
    { name: 'scratch', text: 'FROM scratch\n' },
    { name: 'an earlier stage', text: `FROM golang:1.22@${digest} AS build\nFROM build\n` },
    { name: 'digest from an ARG default', text: `ARG BASE=alpine:3.20@${digest}\nFROM \${BASE}\n` },
    { name: 'unresolvable tag', text: 'ARG TAG\nFROM alpine:${TAG}\n' },
    {
      name: 'suppressed with our own comment',
      text: '# bulkhead-ignore BH-D003 -- tracked by Renovate\nFROM alpine:3.20\n',
    },
  ],
  invalid: [
    {
      name: 'a tag without digest points at the tag',
      text: 'FROM python:3.12-slim\nCOPY . /app\n',
      findings: [
        { range: '1:13-1:22', message: /"python:3.12-slim" of the final stage is pinned to a tag but not a digest/ },
      ],
    },
    {
      name: 'builder stages too, named in the message',
      text: `FROM golang:1.22 AS build\nRUN go build\nFROM gcr.io/distroless/static-debian12@${digest}\nCOPY --from=build /app /app\n`,
      findings: [{ range: '1:13-1:17', message: /builder stage "build"/ }],
    },
    {
      name: 'a registry with a port',
      text: 'FROM localhost:5000/team/app:1.4 AS base\n',
      findings: [{ range: '1:30-1:33' }],
    },
    {
      name: 'a tag from an ARG default points at the variable',
      text: 'ARG PYTHON_VERSION=3.12\nFROM python:${PYTHON_VERSION}-slim\n',
      findings: [{ range: '2:13-2:35', message: /"python:3.12-slim"/ }],
    },
    {
      name: 'a whole image from an ARG default points at the variable',
      text: 'ARG BASE=python:3.12\nFROM ${BASE}\n',
      findings: [{ range: '2:6-2:13' }],
    },
  ],
});
