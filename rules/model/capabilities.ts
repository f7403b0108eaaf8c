// Linux capabilities as Bulkhead explains them: in findings (BH-K006) and in hovers on capability names.

/** The runtime's default set, which Pod Security baseline lets a container add back. */
export const defaultCapabilities = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/** What each dangerous capability hands a compromised process. */
export const capabilityRisks: Record<string, string> = {
  ALL: 'every capability, which amounts to a privileged container',
  SYS_ADMIN: 'mount, namespace and many kernel administration calls, the usual first step of a container escape',
  NET_ADMIN: 'control over interfaces, routes and firewall rules, so it can intercept or redirect traffic',
  NET_RAW: 'raw sockets, to spoof packets and ARP-poison or sniff neighbours',
  SYS_PTRACE: 'ptrace, to read and inject code into other processes it can see',
  SYS_MODULE: 'kernel module loading, which is code execution in the host kernel',
  DAC_READ_SEARCH: 'reading any file and opening files by handle, a known container escape',
  SYS_RAWIO: 'raw I/O ports and device memory access',
  SYS_BOOT: 'rebooting the node',
  SYS_TIME: "setting the node's clock",
  BPF: 'loading eBPF programs into the kernel',
  PERFMON: 'kernel performance monitoring, which leaks data across processes',
  MAC_ADMIN: 'reconfiguring AppArmor or SELinux',
  MAC_OVERRIDE: 'bypassing AppArmor or SELinux',
  SYSLOG: 'reading the kernel log, which leaks kernel addresses',
  MKNOD: 'creating device files',
  AUDIT_WRITE: 'writing to the kernel audit log',
};

/** When granting a capability is a reasonable decision, for the hover on its name. */
export const capabilityUses: Record<string, string> = {
  NET_BIND_SERVICE: 'binding ports below 1024; the one capability Pod Security restricted lets a container add back',
  NET_ADMIN: 'network plugins, VPN or service-mesh init containers, in their own exempted namespace',
  NET_RAW: 'ping and packet capture tools; modern kernels let ping work without it (net.ipv4.ping_group_range)',
  SYS_PTRACE: 'a short-lived debugging container (`kubectl debug`), never a long-running workload',
  SYS_ADMIN: 'almost never for an application; node agents that need it belong in an exempted namespace',
  SYS_TIME: 'an NTP daemon that owns the node clock',
  CHOWN: 'an entrypoint that fixes file ownership before dropping root',
  SETUID: 'an entrypoint that switches to another user (gosu, su-exec)',
  SETGID: 'an entrypoint that switches to another group',
};

/** The capability name as written, without the optional `CAP_` prefix. */
export function normalizeCapability(name: string): string {
  return name.toUpperCase().replace(/^CAP_/, '');
}
