import { composeCapabilitiesNotDropped } from './compose/capabilities-not-dropped';
import { composeDangerousCapability } from './compose/dangerous-capability';
import { composeExposedServicePort } from './compose/exposed-service-port';
import { composeHostDevice } from './compose/host-device';
import { composeHostNamespace } from './compose/host-namespace';
import { composeImageWithoutDigest } from './compose/image-without-digest';
import { composeImageWithoutTag } from './compose/image-without-tag';
import { composeNewPrivilegesAllowed } from './compose/new-privileges-allowed';
import { composeNoResourceLimits } from './compose/no-resource-limits';
import { composePrivileged } from './compose/privileged';
import { composeRootUser } from './compose/root-user';
import { composeSecretInEnvFile } from './compose/secret-in-env-file';
import { composeSecretInEnvironment } from './compose/secret-in-environment';
import { composeSensitiveHostMount } from './compose/sensitive-host-mount';
import { composeUnsafeSysctl } from './compose/unsafe-sysctl';
import { composeUserNotSet } from './compose/user-not-set';
import { composeWeakenedSecurityProfile } from './compose/weakened-security-profile';
import { composeWritableRootFilesystem } from './compose/writable-root-filesystem';
import { addInsteadOfCopy } from './dockerfile/add-instead-of-copy';
import { addUrlWithoutChecksum } from './dockerfile/add-url-without-checksum';
import { baseImageWithoutDigest } from './dockerfile/base-image-without-digest';
import { buildToolsInFinalImage } from './dockerfile/build-tools-in-final-image';
import { credentialsOnCommandLine } from './dockerfile/credentials-on-command-line';
import { pipeWithoutPipefail } from './dockerfile/pipe-without-pipefail';
import { privilegedPort } from './dockerfile/privileged-port';
import { remoteScriptPipedToShell } from './dockerfile/remote-script-piped-to-shell';
import { rootUser } from './dockerfile/root-user';
import { secretDeletedInLaterLayer } from './dockerfile/secret-deleted-in-later-layer';
import { secretFileCopied } from './dockerfile/secret-file-copied';
import { secretInArgOrEnv } from './dockerfile/secret-in-arg-or-env';
import { sshServer } from './dockerfile/ssh-server';
import { sudo } from './dockerfile/sudo';
import { unpinnedBaseImage } from './dockerfile/unpinned-base-image';
import { unpinnedPackages } from './dockerfile/unpinned-packages';
import { untrustedRegistry } from './dockerfile/untrusted-registry';
import { verificationDisabled } from './dockerfile/verification-disabled';
import { worldWritableOrSetuid } from './dockerfile/world-writable-or-setuid';
import { createRuleSet } from './engine/analyze';
import { builtinRules } from './engine/builtin';
import type { AnyRule } from './engine/rule';
import { addedCapabilities } from './kubernetes/added-capabilities';
import { apiserverAdmission } from './kubernetes/apiserver-admission';
import { apiserverAuditEncryption } from './kubernetes/apiserver-audit-encryption';
import { apiserverAuthentication } from './kubernetes/apiserver-authentication';
import { apparmorUnconfined } from './kubernetes/apparmor-unconfined';
import { clusterAdminBinding } from './kubernetes/cluster-admin-binding';
import { dashboardExposed } from './kubernetes/dashboard-exposed';
import { defaultServiceAccount } from './kubernetes/default-service-account';
import { dropAllCapabilities } from './kubernetes/drop-all-capabilities';
import { encryptionConfiguration } from './kubernetes/encryption-configuration';
import { etcdTls } from './kubernetes/etcd-tls';
import { hostNamespaces } from './kubernetes/host-namespaces';
import { hostPathVolume } from './kubernetes/host-path-volume';
import { hostPorts } from './kubernetes/host-ports';
import { hostProbes } from './kubernetes/host-probes';
import { imageWithoutDigest } from './kubernetes/image-without-digest';
import { kubeletConfig } from './kubernetes/kubelet-config';
import { legacySecurityAnnotation } from './kubernetes/legacy-security-annotation';
import { missingResourceLimits } from './kubernetes/missing-resource-limits';
import { networkPolicyAllowsAll } from './kubernetes/network-policy-allows-all';
import { privilegeEscalation } from './kubernetes/privilege-escalation';
import { privilegedContainer } from './kubernetes/privileged-container';
import { rbacEscalationVerbs } from './kubernetes/rbac-escalation-verbs';
import { rbacExecAccess } from './kubernetes/rbac-exec-access';
import { rbacSecretsAccess } from './kubernetes/rbac-secrets-access';
import { rbacWildcard } from './kubernetes/rbac-wildcard';
import { rbacWorkloadCreation } from './kubernetes/rbac-workload-creation';
import { rbacWrite } from './kubernetes/rbac-write';
import { restrictedVolumeTypes } from './kubernetes/restricted-volume-types';
import { rootGroup } from './kubernetes/root-group';
import { runAsNonRoot } from './kubernetes/run-as-non-root';
import { runAsRootUser } from './kubernetes/run-as-root-user';
import { seccompProfile } from './kubernetes/seccomp-profile';
import { secretAsEnvironment } from './kubernetes/secret-as-environment';
import { secretInEnv } from './kubernetes/secret-in-env';
import { secretLiteralData } from './kubernetes/secret-literal-data';
import { selinuxOptions } from './kubernetes/selinux-options';
import { serviceAccountTokenMounted } from './kubernetes/service-account-token-mounted';
import { sharedProcessNamespace } from './kubernetes/shared-process-namespace';
import { unmaskedProcMount } from './kubernetes/unmasked-proc-mount';
import { unpinnedImage } from './kubernetes/unpinned-image';
import { unsafeSysctls } from './kubernetes/unsafe-sysctls';
import { unverifiedImageProvenance } from './kubernetes/unverified-image-provenance';
import { windowsHostProcess } from './kubernetes/windows-host-process';
import { workloadNotIsolated } from './kubernetes/workload-not-isolated';
import { writableRootFilesystem } from './kubernetes/writable-root-filesystem';

/** Every rule Bulkhead ships, in catalog order. A new rule file is added here. */
export const allRules: readonly AnyRule[] = [
  rootUser,
  unpinnedBaseImage,
  baseImageWithoutDigest,
  sshServer,
  worldWritableOrSetuid,
  untrustedRegistry,
  buildToolsInFinalImage,
  privilegedPort,
  unpinnedPackages,
  secretInArgOrEnv,
  secretFileCopied,
  secretDeletedInLaterLayer,
  credentialsOnCommandLine,
  remoteScriptPipedToShell,
  addUrlWithoutChecksum,
  addInsteadOfCopy,
  verificationDisabled,
  sudo,
  pipeWithoutPipefail,
  dropAllCapabilities,
  privilegedContainer,
  hostNamespaces,
  hostPathVolume,
  hostPorts,
  addedCapabilities,
  apparmorUnconfined,
  selinuxOptions,
  unmaskedProcMount,
  seccompProfile,
  unsafeSysctls,
  windowsHostProcess,
  restrictedVolumeTypes,
  privilegeEscalation,
  runAsNonRoot,
  runAsRootUser,
  hostProbes,
  writableRootFilesystem,
  missingResourceLimits,
  unpinnedImage,
  imageWithoutDigest,
  serviceAccountTokenMounted,
  defaultServiceAccount,
  secretInEnv,
  rootGroup,
  sharedProcessNamespace,
  legacySecurityAnnotation,
  composePrivileged,
  composeDangerousCapability,
  composeCapabilitiesNotDropped,
  composeWeakenedSecurityProfile,
  composeNewPrivilegesAllowed,
  composeHostNamespace,
  composeSensitiveHostMount,
  composeHostDevice,
  composeRootUser,
  composeUserNotSet,
  composeWritableRootFilesystem,
  composeNoResourceLimits,
  composeImageWithoutTag,
  composeImageWithoutDigest,
  composeExposedServicePort,
  composeUnsafeSysctl,
  composeSecretInEnvironment,
  clusterAdminBinding,
  rbacWildcard,
  rbacSecretsAccess,
  rbacWorkloadCreation,
  rbacEscalationVerbs,
  rbacExecAccess,
  rbacWrite,
  workloadNotIsolated,
  networkPolicyAllowsAll,
  secretLiteralData,
  secretAsEnvironment,
  encryptionConfiguration,
  apiserverAuthentication,
  apiserverAdmission,
  apiserverAuditEncryption,
  etcdTls,
  kubeletConfig,
  dashboardExposed,
  unverifiedImageProvenance,
  composeSecretInEnvFile,
];

export const defaultRuleSet = createRuleSet(allRules, builtinRules);
