import { worldWritableOrSetuid } from '../../rules/dockerfile/world-writable-or-setuid';
import { testRule } from '../helpers/rule-tester';

testRule(worldWritableOrSetuid, {
  valid: [
    { name: 'ordinary modes', text: 'FROM alpine:3.20\nRUN chmod 755 /app && chmod -R 644 /etc/app && chmod 765 x\n' },
    {
      name: 'symbolic modes without write for others',
      text: 'FROM alpine:3.20\nRUN chmod +x run.sh && chmod u+w,g=rX f && chmod a+rX -R /srv\n',
    },
    { name: '+w without who obeys the umask', text: 'FROM alpine:3.20\nRUN chmod +w /app/config\n' },
    { name: 'removing bits', text: 'FROM alpine:3.20\nRUN chmod o-w,u-s /usr/bin/tool && chmod -w file\n' },
    {
      name: 'a sticky shared directory',
      text: 'FROM php:8.3-apache\nRUN chmod 1777 /var/www/html && chmod -R a+rwxt /scratch\n',
    },
    {
      name: 'chown -R to root followed by a non-root USER',
      text: 'FROM node:20-slim\nCOPY . /app\nRUN chown -R root:root /app\nUSER node\n',
    },
    {
      name: 'setgid on a directory created in the same RUN',
      text: 'FROM debian:12\nRUN mkdir -p /srv/shared && chmod g+s /srv/shared\n',
    },
    { name: 'mkdir -m with setgid', text: 'FROM debian:12\nRUN mkdir -m 2775 /srv/shared\n' },
    { name: 'chmod --reference has no mode', text: 'FROM debian:12\nRUN chmod --reference=/etc/passwd /etc/app\n' },
    { name: 'echo of a chmod command', text: 'FROM alpine:3.20\nRUN echo "chmod 777 /app"\n' },
    { name: 'COPY --chmod with an ordinary mode', text: 'FROM alpine:3.20\nCOPY --chmod=755 run.sh /run.sh\n' },
    {
      name: 'a builder stage nothing copies from',
      text: 'FROM golang:1.22 AS build\nRUN chmod 777 /go/pkg\nFROM alpine:3.20\nCOPY app /app\n',
    },
    {
      name: 'suppressed with our own comment',
      text: 'FROM alpine:3.20\n# bulkhead-ignore BH-D005 -- the test harness writes here\nRUN chmod 777 /data\n',
    },
  ],
  invalid: [
    {
      name: 'chmod 777 points at the mode',
      text: 'FROM debian:12\nRUN mkdir -p /home/user && chmod 777 /home/user\n',
      findings: [{ range: '2:34-2:37', message: /chmod "777" makes files writable by every user.*in the final stage/ }],
    },
    {
      name: 'chmod -R 777, and options after the mode',
      text: 'FROM debian:12\nRUN chmod -R 777 /app \\\n  && chmod 0777 -R /var/lib/mpd\n',
      findings: [{ range: '2:14-2:17' }, { range: '3:12-3:16' }],
    },
    {
      name: 'a+w, o+w, ugo+rw and o=rwx',
      text: 'FROM debian:12\nRUN chmod a+w f1; chmod -R o+w d; chmod ugo+rw f2; chmod u=rwx,o=rwx f3\n',
      findings: [{ range: '2:11-2:14' }, { range: '2:28-2:31' }, { range: '2:41-2:47' }, { range: '2:58-2:69' }],
    },
    {
      name: 'setuid in every spelling',
      text: 'FROM debian:12\nRUN chmod u+s /usr/bin/a && chmod +s /usr/bin/b && chmod 4755 /usr/bin/c && chmod g+s /usr/bin/d && chmod 6755 e\n',
      findings: [
        { range: '2:11-2:14', message: /sets the setuid bit/ },
        { range: '2:35-2:37', message: /setuid and setgid bit/ },
        { range: '2:58-2:62' },
        { range: '2:83-2:86', message: /sets the setgid bit/ },
        { range: '2:107-2:111' },
      ],
    },
    {
      name: 'world-writable and setuid at once',
      text: 'FROM debian:12\nRUN chmod 4777 /usr/local/bin/tool\n',
      findings: [{ range: '2:11-2:15', message: /writable by every user.*and sets the setuid bit/ }],
    },
    {
      name: 'mkdir -m and install -m, attached and separate',
      text: 'FROM debian:12\nRUN mkdir -m777 /data && install -m 4755 tool /usr/bin/tool && mkdir --mode=0777 /cache\n',
      findings: [{ range: '2:13-2:16' }, { range: '2:37-2:41' }, { range: '2:77-2:81' }],
    },
    {
      name: 'COPY and ADD --chmod',
      text: 'FROM alpine:3.20\nCOPY --chmod=777 app /app\nADD --chmod=4755 tool /usr/bin/tool\n',
      findings: [{ range: '2:14-2:17', message: /COPY --chmod "777"/ }, { range: '3:13-3:17' }],
    },
    {
      name: 'a builder stage whose files the final stage copies',
      text: 'FROM golang:1.22 AS build\nRUN chmod 777 /out\nFROM alpine:3.20\nCOPY --from=build /out /app\n',
      findings: [{ range: '2:11-2:14', message: /builder stage "build", whose files a shipped stage copies/ }],
    },
    {
      name: 'chmod inside sh -c and after sudo',
      text: 'FROM debian:12\nRUN sh -c "sudo chmod 777 /srv"\n',
      findings: [{ range: '2:23-2:26' }],
    },
    {
      name: 'a recursive setgid is not only on directories',
      text: 'FROM debian:12\nRUN mkdir -p /srv && chmod -R g+s /srv\n',
      findings: [{ range: '2:31-2:34' }],
    },
  ],
});
