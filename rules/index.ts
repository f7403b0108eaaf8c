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
import { dropAllCapabilities } from './kubernetes/drop-all-capabilities';

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
];

export const defaultRuleSet = createRuleSet(allRules, builtinRules);
