import { defineRule } from '../engine/rule';
import { effectiveUser, exposedPorts, shippedStages } from '../model/dockerfile';

export const privilegedPort = defineRule({
  id: 'BH-D008',
  title: 'Privileged port with a non-root user',
  severity: 'information',
  appliesTo: ['dockerfile'],
  fixable: false,
  profile: 'recommended',
  aliases: {},
  docs: {
    why: 'Ports below 1024 are privileged on Linux: binding one needs `CAP_NET_BIND_SERVICE` unless the container runtime lowers `net.ipv4.ip_unprivileged_port_start`. Docker (20.10+), Podman and containerd 2 (for Kubernetes pods) lower it; CRI-O (OpenShift), older containerd and host networking do not. An image that runs as a non-root user but exposes port 80 therefore works on a laptop and fails to start elsewhere, and the usual "fix" is to go back to root or add a capability. Reported for `EXPOSE` in the final stage and the stages it builds on, when the image runs as non-root; root images are BH-D001\'s concern.',
    attacker:
      'Nothing directly: the risk is the workaround. Teams whose non-root image cannot bind its port switch it back to root or grant `NET_BIND_SERVICE`, which hands an attacker who breaks into the app more power than it needed.',
    fix: "Make the app listen on a port of 1024 or above (8080, 8443) and `EXPOSE` that; map the public port to it at run time (`docker run -p 80:8080`, a Kubernetes Service with `port: 80` and `targetPort: 8080`). If the port cannot change, grant only that capability to the binary (`RUN setcap cap_net_bind_service=+ep /usr/local/bin/app`) and allow `NET_BIND_SERVICE` in the pod's securityContext.",
    example: {
      language: 'dockerfile',
      bad: 'FROM node:20-slim\nCOPY . /app\nUSER node\nEXPOSE 80\nCMD ["node", "/app/server.js"]',
      good: 'FROM node:20-slim\nCOPY . /app\nUSER node\n# run with -p 80:8080\nEXPOSE 8080\nCMD ["node", "/app/server.js"]',
    },
  },
  check(model, { report }) {
    const stage = model.finalStage;
    if (!stage) return;
    const user = effectiveUser(model, stage);
    if (user.kind !== 'non-root') return;
    const runsAs =
      user.written === undefined ? "the base image's non-root user" : `the non-root user "${user.written}"`;
    for (const expose of shippedStages(model).flatMap((s) => s.instructions)) {
      if (expose.getKeyword() !== 'EXPOSE') continue;
      for (const { argument, first: port } of exposedPorts(model, expose)) {
        if (port === 0 || port >= 1024) continue;
        report({
          range: argument.getRange(),
          message: `Port ${port} is privileged, but the image runs as ${runsAs}: without CAP_NET_BIND_SERVICE it can bind the port only where the runtime allows unprivileged ports (Docker does, CRI-O and host networking do not). Listen on 1024 or above (e.g. 8080) and map ${port} to it.`,
        });
      }
    }
  },
});
