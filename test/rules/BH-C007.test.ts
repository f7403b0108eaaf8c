import { composeSensitiveHostMount } from '../../rules/compose/sensitive-host-mount';
import { testRule } from '../helpers/rule-tester';

testRule(composeSensitiveHostMount, {
  valid: [
    {
      name: 'named volumes, project paths and harmless host files',
      text: 'services:\n  web:\n    volumes:\n      - data:/var/lib/data\n      - ./conf:/etc/nginx/conf.d:ro\n      - /etc/localtime:/etc/localtime:ro\n      - /srv/www:/usr/share/nginx/html\n      - type: volume\n        source: logs\n        target: /var/log\nvolumes:\n  data: {}\n  logs: {}\n',
    },
    { name: 'no services', text: 'volumes:\n  data: {}\n' },
  ],
  invalid: [
    {
      name: 'the Docker socket, even read-only; short syntax',
      text: 'services:\n  ui:\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n      - "/:/host"\n',
      findings: [
        {
          range: '4:9-4:53',
          message: /mounts \/var\/run\/docker\.sock: the Docker socket.*root-equivalent, even read-only/,
        },
        { range: '5:9-5:18', message: /mounts \/ writable: the host's whole filesystem\. .*read-only \(:ro\)/ },
      ],
    },
    {
      name: 'long syntax, read-only /etc is a warning and writable /var/lib/kubelet an error',
      text: 'services:\n  agent:\n    volumes:\n      - type: bind\n        source: /etc\n        target: /host/etc\n        read_only: true\n      - {type: bind, source: /var/lib/kubelet/pods, target: /pods}\n',
      findings: [
        { range: '5:17-5:21', message: /mounts \/etc read-only: the host's configuration.*Mount only/ },
        { range: '8:30-8:51', message: /pods writable: the kubelet/ },
      ],
    },
    {
      name: 'containerd socket and /proc subpaths, trailing slashes, from an anchor',
      text: 'x-mounts: &mounts\n  volumes: ["/run/containerd/containerd.sock:/c.sock", "/proc//1/:/p"]\nservices:\n  web:\n    <<: *mounts\n',
      findings: [
        { range: '5:5-5:7', message: /containerd.sock \(inherited from anchor &mounts\): containerd's socket/ },
        { range: '5:5-5:7', message: /\/proc\/\/1\// },
      ],
    },
    {
      name: 'a variable host path is judged by a runtime socket target',
      text: 'services:\n  collector:\n    volumes:\n      - ${DOCKER_SOCK}:/var/run/docker.sock:ro\n      - ${HOST_FS}:/hostfs:ro\n      - $CONFIG:/etc/app.yml\n',
      findings: [
        {
          range: '4:9-4:47',
          message: /mounts \$\{DOCKER_SOCK\} at \/var\/run\/docker\.sock, most likely: the Docker socket/,
        },
      ],
    },
  ],
});
