import type { Instruction } from 'dockerfile-ast';
import { defineRule } from '../engine/rule';
import { type DockerfileModel, exposedPorts, shippedStageLabel, shippedStages } from '../model/dockerfile';
import { type PackageManager, packageCommands, packageName } from '../model/package-install';
import { programOf, runCommands, type ShellWord } from '../model/shell';

export const sshServer = defineRule({
  id: 'BH-D004',
  title: 'SSH server in the image',
  severity: 'warning',
  appliesTo: ['dockerfile'],
  fixable: false,
  profile: 'recommended',
  aliases: {
    trivy: ['DS-0004'],
    checkov: ['CKV_DOCKER_1'],
  },
  docs: {
    why: "An SSH daemon in a container is a second way in that bypasses the orchestrator: it needs keys or passwords baked into the image or mounted at run time, host keys that every copy of the image shares, and patching of its own. `docker exec` and `kubectl exec` (or `kubectl debug`) already give audited shell access. The rule reports `EXPOSE 22` (also `22/tcp` and ranges such as `20-25`), installing an SSH server (`openssh-server`, Debian's `ssh`, Alpine's `openssh`, `dropbear`) and starting or enabling `sshd`, in the final stage and the stages it builds on; a builder stage that is thrown away does not ship its SSH server. Differences from peers: `EXPOSE 22/udp` is not SSH and is not reported (Trivy reports it); port ranges that include 22 are reported (Checkov and Trivy only match `22`).",
    attacker:
      "An exposed SSH server invites password guessing and exploits against sshd itself; with the image's shared host keys or a leaked baked-in key an attacker logs in to every running copy and moves on inside the cluster network.",
    fix: 'Remove the SSH server, its `EXPOSE 22` and the `sshd` start command; use `docker exec`, `kubectl exec` or `kubectl debug` for shell access, and copy files with `docker cp` / `kubectl cp`. If the image really is an SSH endpoint (a Git server), keep it deliberately and suppress the finding with a reason.',
    example: {
      language: 'dockerfile',
      bad: 'FROM debian:12\nRUN apt-get update && apt-get install -y openssh-server\nEXPOSE 22\nCMD ["/usr/sbin/sshd", "-D"]',
      good: 'FROM debian:12\n# shell access: kubectl exec -it <pod> -- sh\nCMD ["/app/server"]',
    },
  },
  check(model, { report }) {
    for (const stage of shippedStages(model)) {
      const where = startCase(shippedStageLabel(stage));
      for (const instruction of stage.instructions) {
        const keyword = instruction.getKeyword();
        if (keyword === 'EXPOSE') {
          for (const port of sshPorts(model, instruction)) {
            report({
              range: port.getRange(),
              message: `${where} exposes port 22 ("${port.getValue()}"), the SSH port.`,
            });
          }
        } else if (keyword === 'RUN') {
          for (const word of sshServerPackages(model, instruction)) {
            report({ range: word.range, message: `${where} installs the SSH server "${word.value}".` });
          }
        }
        if (keyword === 'RUN' || keyword === 'CMD' || keyword === 'ENTRYPOINT') {
          for (const word of sshdStarts(model, instruction)) {
            report({ range: word.range, message: `${where} ${startDescription(keyword)} the SSH daemon.` });
          }
        }
      }
    }
  },
});

function startCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function startDescription(keyword: string): string {
  return keyword === 'RUN' ? 'starts or enables' : `runs (${keyword})`;
}

/** EXPOSE arguments that open TCP port 22, alone or in a range. */
function sshPorts(model: DockerfileModel, instruction: Instruction) {
  return exposedPorts(model, instruction)
    .filter((port) => port.first <= 22 && 22 <= port.last && port.protocol === 'tcp')
    .map((port) => port.argument);
}

/** Packages that are an SSH server, by manager: Debian's `ssh` and Alpine's `openssh` pull in the server. */
const serverPackages: Record<string, readonly PackageManager[] | 'any'> = {
  'openssh-server': 'any',
  dropbear: 'any',
  ssh: ['apt'],
  openssh: ['apk'],
};

function sshServerPackages(model: DockerfileModel, instruction: Instruction): ShellWord[] {
  return packageCommands(model, instruction)
    .filter((command) => command.action === 'install')
    .flatMap((command) =>
      command.packages.filter((word) => {
        const name = packageName(word.value, command.manager);
        const managers = serverPackages[name];
        return managers === 'any' || managers?.includes(command.manager);
      }),
    );
}

/** `sshd`, `service ssh start`, `systemctl enable sshd`, `rc-update add sshd`, `/etc/init.d/ssh start`. */
function sshdStarts(model: DockerfileModel, instruction: Instruction): ShellWord[] {
  const found: ShellWord[] = [];
  for (const command of runCommands(model, instruction)) {
    const program = programOf(command);
    if (!program) continue;
    const args = command.words.slice(program.index + 1);
    const service = args.find((word) => /^sshd?(\.service)?$/.test(word.value));
    const verb = args.map((word) => word.value);
    if (program.name === 'sshd') found.push(program.word);
    else if (program.name === 'service' && service && verb.includes('start')) found.push(service);
    else if (program.name === 'systemctl' && service && (verb.includes('start') || verb.includes('enable'))) {
      found.push(service);
    } else if (program.name === 'rc-update' && service && verb.includes('add')) found.push(service);
    else if (/^\/etc\/init\.d\/sshd?$/.test(program.word.value) && verb.includes('start')) found.push(program.word);
  }
  return found;
}
