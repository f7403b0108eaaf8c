import { unpinnedBaseImage } from '../../rules/dockerfile/unpinned-base-image';
import { testRule } from '../helpers/rule-tester';

const digest = `sha256:${'0'.repeat(64)}`;

testRule(unpinnedBaseImage, {
  valid: [
    { name: 'a version tag', text: 'FROM python:3.12-slim\n' },
    { name: 'a digest without a tag', text: `FROM python@${digest}\n` },
    { name: 'latest with a digest is pinned by the digest', text: `FROM python:latest@${digest}\n` },
    { name: 'scratch is not an image', text: 'FROM scratch\nCOPY app /app\n' },
    {
      name: 'an earlier stage is not an image, whatever its case',
      text: 'FROM golang:1.22 AS Build\nRUN go build\nFROM build\nFROM BUILD AS again\n',
    },
    {
      name: 'COPY --from=<image> is not a base image',
      text: 'FROM alpine:3.20\nCOPY --from=busybox /bin/busybox /busybox\n',
    },
    { name: 'a registry port is not a tag, the tag follows', text: 'FROM registry.example.com:5000/team/app:1.4\n' },
    { name: 'tag from an ARG default', text: 'ARG TAG=3.20\nFROM alpine:${TAG}\n' },
    { name: 'whole image from an ARG default', text: 'ARG BASE=python:3.12\nFROM $BASE\n' },
    { name: 'ARG without default is not guessed', text: 'ARG TAG\nFROM alpine:${TAG}\n' },
    { name: 'an image made only of a variable is not guessed', text: 'ARG BASE_IMAGE\nFROM $BASE_IMAGE\n' },
    { name: 'a declared ARG that may hold the tag is not guessed', text: 'ARG TAG\nFROM alpine$TAG\n' },
    { name: 'platform ARGs are supplied by the build', text: 'FROM example/tools:${TARGETARCH}\n' },
    {
      name: 'an ARG inside a stage does not reach the next FROM, which then has no image',
      text: 'FROM alpine:3.5\nARG IMAGE=all-in-one\nFROM $IMAGE\n',
    },
    {
      name: 'ARG default naming an earlier stage',
      text: 'ARG BASE=builder\nFROM golang:1.22 AS builder\nFROM ${BASE}\n',
    },
    { name: 'platform flag', text: 'FROM --platform=$BUILDPLATFORM python:3.11-slim AS build\nFROM build AS run\n' },
    { name: 'a comment mentioning latest', text: '# FROM python:latest\nFROM python:3.12\n' },
    {
      name: 'suppressed with our own comment',
      text: '# bulkhead-ignore BH-D002 -- local dev image\nFROM myapp:latest\n',
    },
    { name: 'suppressed with hadolint DL3007', text: '# hadolint ignore=DL3007\nFROM python:latest\n' },
    { name: 'suppressed with hadolint DL3006', text: '# hadolint ignore=DL3006\nFROM python\n' },
    { name: 'suppressed with trivy', text: '# trivy:ignore:DS-0001\nFROM python:latest\n' },
    { name: 'suppressed with checkov (whole file)', text: '#checkov:skip=CKV_DOCKER_7:dev image\nFROM python\n' },
  ],
  invalid: [
    {
      name: 'no tag points at the image name',
      text: 'FROM python\nCMD ["python"]\n',
      findings: [{ range: '1:6-1:12', message: /"python" of the final stage has no tag/ }],
    },
    {
      name: ':latest points at the tag',
      text: 'FROM python:latest AS app\n',
      findings: [{ range: '1:13-1:19', message: /"python:latest" of the final stage uses the "latest" tag/ }],
    },
    {
      name: 'a registry with a port and no tag',
      text: 'FROM test.registry.com:3000/openjdk\n',
      findings: [{ range: '1:6-1:36' }],
    },
    {
      name: 'builder stages count too, and say so',
      text: 'FROM golang AS build\nRUN go build\nFROM alpine:3.20\nCOPY --from=build /app /app\n',
      findings: [{ range: '1:6-1:12', message: /of builder stage "build"/ }],
    },
    {
      name: 'every stage, the final one last',
      text: 'FROM node:latest AS deps\nFROM nginx\n',
      findings: [
        { range: '1:11-1:17', message: /builder stage "deps"/ },
        { range: '2:6-2:11', message: /final stage/ },
      ],
    },
    {
      name: 'latest through an ARG default points at the variable',
      text: 'ARG TAG="latest"\nFROM foo:${TAG}\n',
      findings: [{ range: '2:10-2:16', message: /"foo:latest" \(from "foo:\$\{TAG\}"\)/ }],
    },
    {
      name: 'the last global ARG default wins',
      text: 'ARG TAG=test\nARG TAG=latest\nFROM foo:${TAG}\n',
      findings: [{ range: '3:10-3:16' }],
    },
    {
      name: 'an untagged image through an ARG default',
      text: 'ARG REPO=repo\nARG IMAGE=image\nFROM $REPO/$IMAGE\n',
      findings: [{ range: '3:6-3:18', message: /"repo\/image"/ }],
    },
    {
      name: 'a variable no ARG declares is empty in FROM',
      text: 'FROM alpine$TAG\n',
      findings: [{ range: '1:6-1:16', message: /"alpine" \(from "alpine\$TAG"\) of the final stage has no tag/ }],
    },
    {
      name: 'a variable registry cannot add a tag',
      text: 'ARG REGISTRY\nFROM ${REGISTRY}/ubuntu\n',
      findings: [{ range: '2:6-2:24', message: /no tag whatever its variables hold/ }],
    },
    {
      name: 'hadolint suppression of another rule does not hide it',
      text: '# hadolint ignore=DL3008\nFROM python:latest\n',
      findings: [{ range: '2:13-2:19' }],
    },
    {
      name: 'CRLF and a continued FROM line',
      text: 'FROM \\\r\n  alpine:latest\r\n',
      findings: [{ range: '2:10-2:16' }],
    },
  ],
});
