import assert from 'node:assert/strict';
import { it } from 'node:test';
import { hostPathExposure, hostPathVolume } from '../../rules/kubernetes/host-path-volume';
import { testRule } from '../helpers/rule-tester';

testRule(hostPathVolume, {
  valid: [
    {
      name: 'emptyDir and configMap volumes',
      text: 'apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: app}]\n  volumes:\n    - {name: tmp, emptyDir: {}}\n    - {name: cfg, configMap: {name: c}}\n',
    },
  ],
  invalid: [
    {
      name: 'the Docker socket, writable, with the mount as related information',
      text: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: ci\n      volumeMounts:\n        - name: docker\n          mountPath: /var/run/docker.sock\n  volumes:\n    - name: docker\n      hostPath:\n        path: /var/run/docker.sock\n',
      findings: [
        { range: '11:7-11:15', message: /"\/var\/run\/docker.sock", the Docker socket.*writable by Container "ci"/ },
      ],
    },
    {
      name: 'a read-only mount of a harmless path is still a baseline violation',
      text: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: app\n      volumeMounts: [{name: data, mountPath: /data, readOnly: true}]\n  volumes: [{name: data, hostPath: {path: /srv/data}}]\n',
      findings: [
        { range: '7:26-7:34', message: /^Volume "data" mounts the host path "\/srv\/data"\. Pod Security baseline/ },
      ],
    },
  ],
});

it('BH-K004 names what a host path exposes, including parents and children of sensitive paths', () => {
  assert.match(hostPathExposure('/var/run/') ?? '', /directory holding the Docker socket/);
  assert.match(hostPathExposure('/etc/ssl') ?? '', /part of the node's configuration/);
  assert.match(hostPathExposure('/') ?? '', /whole file system/);
  assert.equal(hostPathExposure('/srv/data'), undefined);
});
