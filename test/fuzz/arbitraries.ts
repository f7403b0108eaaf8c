import fc from 'fast-check';

/** Text users write in comments and values: ASCII, accents, CJK, emoji (two UTF-16 units each). */
export const freeText = fc
  .array(fc.constantFrom('a', 'Z', '0', ' ', '-', 'é', 'ß', '日本', '中文', '😀', '🐳', 'Ω', '→', 'ü'), {
    maxLength: 6,
  })
  .map((parts) => parts.join(''));

const word = fc.constantFrom('app', 'web', 'build', 'data', 'cache', 'x');

// ---------------------------------------------------------------- Dockerfiles

const image = fc.constantFrom(
  'alpine',
  'alpine:3.20',
  'alpine:latest',
  'ubuntu:24.04',
  'python:3.12-slim',
  'registry.example.com/team/app:1.0',
  'nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  'ghcr.io/org/tool:v2',
  '${BASE}',
  '${BASE:-alpine}:${TAG}',
  '$BASE',
  'scratch',
  'builder',
);

const shellCommand = fc.constantFrom(
  'apt-get update',
  'apt-get install -y curl',
  'apt-get install -y --no-install-recommends curl=8.5.0-2',
  'apk add --no-cache git',
  'pip install requests',
  'npm install -g yarn',
  'curl -fsSL https://example.com/install.sh | sh',
  'wget -qO- https://get.example.com | bash -s',
  'curl -k https://example.com/x',
  'git -c http.sslVerify=false clone https://example.com/r',
  'chmod 777 /app',
  'chmod u+s /usr/bin/tool',
  'chmod -R 4755 /opt',
  'sudo apt-get install -y vim',
  'echo hi | tee /tmp/x',
  'useradd -r -u 10001 app',
  'rm -rf /var/lib/apt/lists/*',
  'rm -f /root/.ssh/id_rsa',
  'echo "$PASSWORD" > /tmp/p',
  'mysql -u root -pSecret123 -e "select 1"',
  'apt-get install -y openssh-server',
  'gcc -o app main.c',
  'set -o pipefail && curl -s https://x | tar xz',
  "echo 'unterminated",
  'echo "unterminated',
  'cd /app',
  'true',
);

const runShell = fc
  .tuple(
    fc.array(shellCommand, { minLength: 1, maxLength: 4 }),
    fc.constantFrom(' && ', ' ; ', ' && \\\n    ', ' \\\n && ', ' | '),
  )
  .map(([commands, joiner]) => commands.join(joiner));

const heredoc = fc
  .tuple(
    fc.constantFrom('EOF', 'SCRIPT', '"EOF"', "'EOF'", '-EOF'),
    fc.array(shellCommand, { minLength: 0, maxLength: 3 }),
    fc.boolean(),
  )
  .map(([marker, body, terminated]) => {
    const name = marker.replace(/^-/, '').replace(/["']/g, '');
    return `RUN <<${marker}\n${body.join('\n')}${terminated ? `\n${name}` : ''}`;
  });

const execForm = fc
  .array(fc.constantFrom('"sh"', '"-c"', '"curl https://x | sh"', '"python"', '"/app/main.py"', '"sudo"', '"su"'), {
    maxLength: 3,
  })
  .map((parts) => `[${parts.join(', ')}]`);

const user = fc.constantFrom(
  'root',
  '0',
  '0:0',
  'app',
  '10001',
  '10001:10001',
  'root:root',
  '$APP_USER',
  '${UID}',
  'nobody',
  '',
);

const dockerInstruction = fc.oneof(
  fc
    .tuple(image, fc.option(word, { nil: undefined }), fc.constantFrom('', '--platform=$BUILDPLATFORM '))
    .map(([name, stage, platform]) => `FROM ${platform}${name}${stage ? ` AS ${stage}` : ''}`),
  runShell.map((shell) => `RUN ${shell}`),
  fc
    .tuple(fc.constantFrom('', '--mount=type=secret,id=npmrc ', '--network=none '), runShell)
    .map(([flag, shell]) => `RUN ${flag}${shell}`),
  heredoc,
  execForm.map((form) => `RUN ${form}`),
  execForm.map((form) => `CMD ${form}`),
  execForm.map((form) => `ENTRYPOINT ${form}`),
  user.map((name) => `USER ${name}`),
  fc
    .tuple(
      fc.constantFrom('ARG', 'ENV'),
      fc.constantFrom('BASE', 'TAG', 'PASSWORD', 'API_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'APP_USER', 'UID', 'HOME'),
      fc.constantFrom('', '=alpine', '=3.20', '=hunter2', ' value', '="quoted value"', '=${HOME}/x'),
      freeText,
    )
    .map(([keyword, name, value, text]) => `${keyword} ${name}${value}${text && value ? text.replace(/\s/g, '') : ''}`),
  fc
    .tuple(
      fc.constantFrom('COPY', 'ADD'),
      fc.constantFrom(
        '. /app',
        'id_rsa /root/.ssh/',
        '.env /app/',
        'https://example.com/x.tar.gz /tmp/',
        '--chown=app:app src /src',
        '--from=builder /out /app',
        '--checksum=sha256:abc https://x/y /y',
        'secrets.json /etc/',
      ),
    )
    .map(([keyword, args]) => `${keyword} ${args}`),
  fc.constantFrom(
    'EXPOSE 22',
    'EXPOSE 80',
    'EXPOSE 8080/tcp',
    'EXPOSE 443 22/udp',
    'WORKDIR /app',
    'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
    'HEALTHCHECK CMD curl -f http://localhost/ || exit 1',
    'STOPSIGNAL SIGTERM',
    'ONBUILD RUN echo hi',
    'VOLUME /data',
    'MAINTAINER someone',
  ),
  freeText.map((text) => `LABEL description="${text}"`),
  freeText.map((text) => `# ${text}`),
  fc
    .tuple(
      fc.constantFrom(
        'hadolint ignore=DL3002',
        'bulkhead-ignore BH-D001',
        'bulkhead-ignore BH-D001 -- base image needs root',
        'bulkhead-ignore BH-X999',
        'checkov:skip=CKV_DOCKER_3',
      ),
      freeText,
    )
    .map(([pragma, text]) => `# ${pragma} ${text}`),
  fc.constant(''),
);

const directive = fc.constantFrom('# syntax=docker/dockerfile:1', '# escape=`', '# escape=\\', '# check=skip=all');

export const dockerfileText = fc
  .tuple(
    fc.array(directive, { maxLength: 2 }),
    image,
    fc.array(dockerInstruction, { maxLength: 14 }),
    fc.constantFrom('\n', '\r\n'),
    fc.boolean(),
  )
  .map(([directives, base, instructions, eol, finalNewline]) => {
    const lines = [...directives, `FROM ${base}`, ...instructions];
    return lines.join('\n').replace(/\n/g, eol) + (finalNewline ? eol : '');
  });

// ---------------------------------------------------------------- YAML

/** A YAML node as the emitter writes it: block or flow style, with optional anchors and aliases. */
export type YamlNode =
  | { type: 'map'; entries: [string, YamlNode][]; flow?: boolean; anchor?: string }
  | { type: 'seq'; items: YamlNode[]; flow?: boolean; anchor?: string }
  | { type: 'scalar'; text: string; comment?: string }
  | { type: 'alias'; name: string };

const map = (entries: [string, YamlNode][], flow = false, anchor?: string): YamlNode => ({
  type: 'map',
  entries,
  flow,
  anchor,
});
const seq = (items: YamlNode[], flow = false): YamlNode => ({ type: 'seq', items, flow });
const scalar = (text: string, comment?: string): YamlNode => ({ type: 'scalar', text, comment });

function isBlock(node: YamlNode): boolean {
  return (
    (node.type === 'map' && !node.flow && node.entries.length > 0) ||
    (node.type === 'seq' && !node.flow && node.items.length > 0)
  );
}

function flowText(node: YamlNode): string {
  const anchor = node.type !== 'scalar' && node.type !== 'alias' && node.anchor ? `&${node.anchor} ` : '';
  switch (node.type) {
    case 'scalar':
      return node.text;
    case 'alias':
      return `*${node.name}`;
    case 'map':
      return `${anchor}{${node.entries.map(([key, value]) => `${key}: ${flowText(value)}`).join(', ')}}`;
    case 'seq':
      return `${anchor}[${node.items.map(flowText).join(', ')}]`;
  }
}

/** Writes a node as block YAML; flow nodes inside stay inline. */
export function emitYaml(node: YamlNode, indent = 0, step = 2): string {
  const pad = ' '.repeat(indent);
  if (node.type === 'map' && isBlock(node)) {
    return node.entries
      .map(([key, value]) => {
        if (isBlock(value)) {
          const anchor = value.type === 'map' || value.type === 'seq' ? (value.anchor ? ` &${value.anchor}` : '') : '';
          return `${pad}${key}:${anchor}\n${emitYaml(value, indent + step, step)}`;
        }
        const comment = value.type === 'scalar' && value.comment !== undefined ? ` # ${value.comment}` : '';
        return `${pad}${key}: ${flowText(value)}${comment}\n`;
      })
      .join('');
  }
  if (node.type === 'seq' && isBlock(node)) {
    return node.items
      .map((item) => {
        if (item.type === 'map' && isBlock(item)) {
          const body = emitYaml(item, indent + 2, step);
          const anchor = item.anchor ? `&${item.anchor}\n${pad}  ` : '';
          return `${pad}- ${anchor}${body.slice(indent + 2)}`;
        }
        if (isBlock(item)) return `${pad}-\n${emitYaml(item, indent + 2, step)}`;
        return `${pad}- ${flowText(item)}\n`;
      })
      .join('');
  }
  return `${pad}${flowText(node)}\n`;
}

const yamlBool = fc.constantFrom('true', 'false', 'yes', 'True', '"true"');
const userId = fc.constantFrom('0', '1000', '10001', '"0"', '65534', '-1');

const capabilities = fc
  .record(
    {
      add: fc.array(
        fc.constantFrom('NET_ADMIN', 'SYS_ADMIN', 'NET_BIND_SERVICE', 'ALL', 'CAP_SYS_PTRACE', '"NET_RAW"'),
        { maxLength: 2 },
      ),
      drop: fc.array(fc.constantFrom('ALL', 'NET_RAW', 'all', 'CHOWN'), { maxLength: 2 }),
    },
    { requiredKeys: [] },
  )
  .chain((record) =>
    fc.boolean().map(
      (flow): YamlNode =>
        map(
          Object.entries(record).map(([key, values]) => [
            key,
            seq(
              values.map((v) => scalar(v)),
              flow,
            ),
          ]),
          flow,
        ),
    ),
  );

const securityContext = fc
  .record(
    {
      privileged: yamlBool,
      allowPrivilegeEscalation: yamlBool,
      runAsNonRoot: yamlBool,
      runAsUser: userId,
      runAsGroup: userId,
      readOnlyRootFilesystem: yamlBool,
      procMount: fc.constantFrom('Default', 'Unmasked'),
      seccompProfile: fc.constantFrom(
        '{type: RuntimeDefault}',
        '{type: Unconfined}',
        '{type: Localhost, localhostProfile: p.json}',
      ),
    },
    { requiredKeys: [] },
  )
  .chain((record) =>
    fc
      .tuple(fc.option(capabilities, { nil: undefined }), fc.boolean(), fc.option(freeText, { nil: undefined }))
      .map(([caps, flow, comment]): YamlNode => {
        const entries: [string, YamlNode][] = Object.entries(record).map(([key, value]) => [
          key,
          scalar(value, comment),
        ]);
        if (caps) entries.push(['capabilities', caps]);
        return map(entries, flow);
      }),
  );

const containerImage = fc.constantFrom(
  'nginx',
  'nginx:1.27',
  'nginx:latest',
  'registry.example.com/app:1.0',
  'ghcr.io/o/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  '"quoted:1"',
  "'日本/アプリ:1'",
);

const container = fc
  .record(
    {
      name: word,
      image: containerImage,
      securityContext: fc.option(securityContext, { nil: undefined }),
      ports: fc.option(fc.constantFrom('[{containerPort: 80, hostPort: 80}]', '[{containerPort: 8080}]'), {
        nil: undefined,
      }),
      env: fc.option(
        fc.constantFrom(
          '[{name: DB_PASSWORD, value: hunter2}]',
          '[{name: MODE, value: prod}]',
          '[{name: API_TOKEN, valueFrom: {secretKeyRef: {name: s, key: k}}}]',
        ),
        { nil: undefined },
      ),
      resources: fc.option(fc.constantFrom('{limits: {cpu: 500m, memory: 128Mi}}', '{}'), { nil: undefined }),
      comment: freeText,
    },
    { requiredKeys: ['name', 'image', 'comment'] },
  )
  .map(({ name, image, securityContext, ports, env, resources, comment }): YamlNode => {
    const entries: [string, YamlNode][] = [
      ['name', scalar(name, comment)],
      ['image', scalar(image)],
    ];
    if (securityContext) entries.push(['securityContext', securityContext]);
    if (ports) entries.push(['ports', scalar(ports)]);
    if (env) entries.push(['env', scalar(env)]);
    if (resources) entries.push(['resources', scalar(resources)]);
    return map(entries);
  });

const podSpec = fc
  .record({
    containers: fc.array(container, { minLength: 1, maxLength: 2 }),
    initContainers: fc.array(container, { maxLength: 1 }),
    securityContext: fc.option(securityContext, { nil: undefined }),
    host: fc.subarray([
      'hostNetwork: true',
      'hostPID: true',
      'hostIPC: false',
      'shareProcessNamespace: true',
      'automountServiceAccountToken: false',
      'serviceAccountName: default',
    ]),
    volumes: fc.option(
      fc.constantFrom(
        '[{name: v, hostPath: {path: /var/run/docker.sock}}]',
        '[{name: v, emptyDir: {}}]',
        '[{name: v, nfs: {server: s, path: /}}]',
      ),
      { nil: undefined },
    ),
    aliasSecurityContext: fc.boolean(),
  })
  .map(({ containers, initContainers, securityContext, host, volumes, aliasSecurityContext }): YamlNode => {
    // The second container shares the first one's securityContext through an alias.
    const first = containers[0];
    const second = containers[1];
    if (aliasSecurityContext && first?.type === 'map' && second?.type === 'map') {
      const context = first.entries.find(([key]) => key === 'securityContext')?.[1];
      if (context?.type === 'map') {
        context.anchor = 'sc';
        second.entries = second.entries.filter(([key]) => key !== 'securityContext');
        second.entries.push(['securityContext', { type: 'alias', name: 'sc' }]);
      }
    }
    const entries: [string, YamlNode][] = [['containers', seq(containers)]];
    if (initContainers.length > 0) entries.push(['initContainers', seq(initContainers)]);
    if (securityContext) entries.push(['securityContext', securityContext]);
    for (const setting of host) {
      const [key, value] = setting.split(': ') as [string, string];
      entries.push([key, scalar(value)]);
    }
    if (volumes) entries.push(['volumes', scalar(volumes)]);
    return map(entries);
  });

const metadata = fc
  .tuple(
    word,
    fc.option(fc.constantFrom('shop', 'kube-system'), { nil: undefined }),
    fc.option(freeText, { nil: undefined }),
  )
  .map(([name, namespace, description]): YamlNode => {
    const entries: [string, YamlNode][] = [['name', scalar(name)]];
    if (namespace) entries.push(['namespace', scalar(namespace)]);
    if (description !== undefined)
      entries.push(['annotations', map([['description', scalar(JSON.stringify(description))]])]);
    return map(entries);
  });

const workload = fc
  .tuple(
    fc.constantFrom('Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet'),
    metadata,
    podSpec,
  )
  .map(([kind, meta, spec]): YamlNode => {
    const apiVersion = kind === 'Pod' ? 'v1' : kind === 'Job' || kind === 'CronJob' ? 'batch/v1' : 'apps/v1';
    const template = map([['spec', spec]]);
    const body =
      kind === 'Pod'
        ? spec
        : kind === 'CronJob'
          ? map([
              ['schedule', scalar('"*/5 * * * *"')],
              ['jobTemplate', map([['spec', map([['template', template]])]])],
            ])
          : map([['template', template]]);
    return map([
      ['apiVersion', scalar(apiVersion)],
      ['kind', scalar(kind)],
      ['metadata', meta],
      ['spec', body],
    ]);
  });

const namespaceObject = fc.constantFrom('restricted', 'baseline', 'privileged').map(
  (level): YamlNode =>
    map([
      ['apiVersion', scalar('v1')],
      ['kind', scalar('Namespace')],
      [
        'metadata',
        map([
          ['name', scalar('shop')],
          ['labels', map([['pod-security.kubernetes.io/enforce', scalar(level)]])],
        ]),
      ],
    ]),
);

export const kubernetesText = fc
  .tuple(
    fc.array(fc.oneof({ weight: 4, arbitrary: workload }, { weight: 1, arbitrary: namespaceObject }), {
      minLength: 1,
      maxLength: 3,
    }),
    fc.constantFrom(2, 4),
    fc.option(freeText, { nil: undefined }),
    fc.boolean(),
  )
  .map(([documents, step, headerComment, leadingSeparator]) => {
    const body = documents.map((document) => emitYaml(document, 0, step)).join('---\n');
    return `${headerComment !== undefined ? `# ${headerComment}\n` : ''}${leadingSeparator ? '---\n' : ''}${body}`;
  });

const composeService = fc
  .record(
    {
      image: containerImage,
      privileged: yamlBool,
      user: fc.constantFrom('root', '"0"', '"1000:1000"', 'app'),
      read_only: yamlBool,
      network_mode: fc.constantFrom('host', 'bridge'),
      pid: fc.constantFrom('host'),
      cap_add: fc.constantFrom('[SYS_ADMIN]', '[NET_BIND_SERVICE]', '[ALL]'),
      cap_drop: fc.constantFrom('[ALL]', '[NET_RAW]'),
      security_opt: fc.constantFrom('[no-new-privileges:true]', '["seccomp:unconfined"]', '[apparmor=unconfined]'),
      volumes: fc.constantFrom('[/var/run/docker.sock:/var/run/docker.sock]', '["./data:/data"]', '["/:/host:ro"]'),
      ports: fc.constantFrom('["8080:80"]', '["127.0.0.1:8080:80"]', '[22]'),
      environment: fc.constantFrom('{DB_PASSWORD: hunter2}', '[API_TOKEN=abc123]', '{MODE: prod}'),
      devices: fc.constantFrom('[/dev/mem]'),
      sysctls: fc.constantFrom('{kernel.shm_rmid_forced: 1}', '{net.ipv4.ip_unprivileged_port_start: 0}'),
    },
    { requiredKeys: [] },
  )
  .chain((record) =>
    fc.tuple(fc.boolean(), freeText).map(
      ([flow, comment]): YamlNode =>
        map(
          Object.entries(record).map(([key, value], index) => [key, scalar(value, index === 0 ? comment : undefined)]),
          flow,
        ),
    ),
  );

export const composeText = fc
  .tuple(
    fc.option(composeService, { nil: undefined }),
    fc.array(fc.tuple(word, composeService, fc.boolean()), { minLength: 1, maxLength: 3 }),
    fc.constantFrom(2, 4),
  )
  .map(([base, services, step]) => {
    const root: [string, YamlNode][] = [];
    if (base?.type === 'map' && !base.flow) root.push(['x-base', { ...base, anchor: 'base' }]);
    const serviceEntries = services.map(([name, service, inherit]): [string, YamlNode] => {
      if (root.length > 0 && inherit && service.type === 'map' && !service.flow) {
        return [name, map([['<<', { type: 'alias', name: 'base' }], ...service.entries])];
      }
      return [name, service];
    });
    const unique = new Map(serviceEntries);
    root.push(['services', map([...unique.entries()])]);
    return emitYaml(map(root), 0, step);
  });

// ---------------------------------------------------------------- mutations

const interesting = fc.constantFrom(
  ':',
  '-',
  ' ',
  '\n',
  '\r\n',
  '\t',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  '&',
  '*',
  '\\',
  '#',
  '|',
  '>',
  ',',
  '$',
  '<<',
  '`',
  'é',
  '😀',
  '\u0000',
  '\uFEFF',
  '\r',
  '---\n',
  'USER ',
  'RUN ',
);

type Mutation = (text: string) => string;

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map(
    (at): Mutation =>
      (text) =>
        text.slice(0, at % (text.length + 1)),
  ),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 4 })).map(
    ([at, length]): Mutation =>
      (text) => {
        const start = at % (text.length + 1);
        return text.slice(0, start) + text.slice(start + length);
      },
  ),
  fc.tuple(fc.nat(), interesting).map(
    ([at, inserted]): Mutation =>
      (text) => {
        const start = at % (text.length + 1);
        return text.slice(0, start) + inserted + text.slice(start);
      },
  ),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 40 })).map(
    ([at, length]): Mutation =>
      (text) => {
        const start = at % (text.length + 1);
        const piece = text.slice(start, start + length);
        return text.slice(0, start) + piece + piece + text.slice(start + length);
      },
  ),
);

/** The text as generated, or broken by one to three edits: truncation, deletion, insertion, duplication. */
export function mutated(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(text, fc.array(mutation, { minLength: 1, maxLength: 3 }))
    .map(([original, mutations]) => mutations.reduce((current, mutate) => mutate(current), original))
    .map(withoutLoneSurrogates);
}

/**
 * Cutting an emoji in half leaves a lone surrogate, which no file can hold: reading UTF-8 (and an
 * editor's buffer) would have U+FFFD there instead.
 */
function withoutLoneSurrogates(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
