import { addInsteadOfCopy } from '../../rules/dockerfile/add-instead-of-copy';
import { testRule } from '../helpers/rule-tester';

testRule(addInsteadOfCopy, {
  valid: [
    { name: 'COPY', text: 'FROM alpine:3.20\nCOPY app.jar /app.jar\n' },
    { name: 'a local archive ADD unpacks', text: 'FROM alpine:3.20\nADD rootfs.tar.xz /\nADD vendor.tgz /opt/\n' },
    { name: 'a download is BH-D021’s business', text: 'FROM alpine:3.20\nADD https://example.com/app.jar /app.jar\n' },
    { name: 'a Git repository', text: 'FROM alpine:3.20\nADD git@github.com:moby/buildkit.git /src\n' },
    { name: 'archives mixed with plain files', text: 'FROM alpine:3.20\nADD rootfs.tar.gz extra.conf /\n' },
    {
      name: 'an archive named by an ARG default',
      text: 'FROM alpine:3.20\nARG ROOTFS=rootfs.tar.gz\nADD ${ROOTFS} /\n',
    },
    { name: 'a variable with no known value may be a URL', text: 'FROM alpine:3.20\nARG SRC\nADD $SRC /opt/\n' },
    {
      name: 'image history notation',
      text: 'FROM alpine:3.20\nADD file:8b8864b3e02a33a579dc216fd51b28a6047bc8eeaa03045b258980fe0cf7fcb3 in /\n',
    },
    {
      name: 'suppressed with our own comment',
      text: 'FROM alpine:3.20\n# bulkhead-ignore BH-D022\nADD app.jar /app.jar\n',
    },
    {
      name: 'suppressed with hadolint DL3020',
      text: 'FROM alpine:3.20\n# hadolint ignore=DL3020\nADD app.jar /app.jar\n',
    },
    { name: 'suppressed with trivy DS-0005', text: 'FROM alpine:3.20\n# trivy:ignore:DS-0005\nADD app.jar /app.jar\n' },
    {
      name: 'suppressed with checkov (whole file)',
      text: '#checkov:skip=CKV_DOCKER_4:legacy\nFROM alpine:3.20\nADD app.jar /app.jar\n',
    },
  ],
  invalid: [
    {
      name: 'a local file points at the keyword; the fix swaps it',
      text: 'FROM eclipse-temurin:21-jre\nADD target/app.jar /app.jar\n',
      findings: [{ range: '2:1-2:4', message: /ADD of "target\/app.jar" from the build context: COPY does the same/ }],
      fixed: ['FROM eclipse-temurin:21-jre\nCOPY target/app.jar /app.jar\n'],
    },
    {
      name: 'COPY-compatible flags and a continuation are kept, lower case stays lower case',
      text: 'FROM alpine:3.20\nadd --chown=10001:10001 --chmod=0644 \\\n    config/ /etc/app/\n',
      findings: [{ range: '2:1-2:4', message: /"config\/"/ }],
      fixed: ['FROM alpine:3.20\ncopy --chown=10001:10001 --chmod=0644 \\\n    config/ /etc/app/\n'],
    },
    {
      name: 'an archive with unpacking turned off is a plain copy, but --unpack is not a COPY flag',
      text: 'FROM alpine:3.20\nADD --unpack=false dist.tar.gz /srv/\n',
      findings: [{ range: '2:1-2:4' }],
    },
    {
      name: 'JSON form with several files',
      text: 'FROM alpine:3.20\nADD ["a b.txt", "c.txt", "/srv/"]\n',
      findings: [{ range: '2:1-2:4', message: /ADD of "a b.txt", "c.txt" from/ }],
      fixed: ['FROM alpine:3.20\nCOPY ["a b.txt", "c.txt", "/srv/"]\n'],
    },
    {
      name: 'quotes in the shell form are not part of the name',
      text: 'FROM alpine:3.20\nADD "/target/app.jar" "app.jar"\nADD "/target/resources.tar.gz" "resources"\n',
      findings: [{ range: '2:1-2:4', message: /ADD of "\/target\/app.jar"/ }],
      fixed: ['FROM alpine:3.20\nCOPY "/target/app.jar" "app.jar"\nADD "/target/resources.tar.gz" "resources"\n'],
    },
    {
      name: 'a heredoc',
      text: 'FROM alpine:3.20\nADD <<EOF /etc/motd\nhello\nEOF\n',
      findings: [{ range: '2:1-2:4' }],
      fixed: ['FROM alpine:3.20\nCOPY <<EOF /etc/motd\nhello\nEOF\n'],
    },
    {
      name: 'a file named from an ARG default, in a builder stage too',
      text: 'FROM maven:3 AS build\nARG JAR_FILE=target/*.jar\nADD ${JAR_FILE} app.jar\nFROM eclipse-temurin:21-jre\nADD app.properties /app/\n',
      findings: [{ range: '3:1-3:4', message: /"\$\{JAR_FILE\}"/ }, { range: '5:1-5:4' }],
      fixed: [
        'FROM maven:3 AS build\nARG JAR_FILE=target/*.jar\nCOPY ${JAR_FILE} app.jar\nFROM eclipse-temurin:21-jre\nADD app.properties /app/\n',
      ],
    },
    {
      name: 'CRLF line endings',
      text: 'FROM alpine:3.20\r\nADD app.jar /app.jar\r\n',
      findings: [{ range: '2:1-2:4' }],
      fixed: ['FROM alpine:3.20\r\nCOPY app.jar /app.jar\r\n'],
    },
  ],
});
