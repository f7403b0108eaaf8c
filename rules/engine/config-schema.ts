import { podSecurityLevels, profileSettings } from '../../shared/settings';
import { podSecurityVersionPattern, ruleSettings } from './config';
import type { RuleMeta } from './rule';

/**
 * The JSON schema of `.bulkhead.yaml`, for editors (VS Code's YAML extension through
 * `contributes.yamlValidation`): completion and validation as you type. Generated from the same
 * constants `parseConfig` checks against, and written to schemas/bulkhead.schema.json by `npm run docs`;
 * `parseConfig` stays the authority (it reports with positions in the CLI and the language server).
 */
export function configSchema(rules: readonly RuleMeta[]): object {
  const ruleSetting = {
    type: 'string',
    enum: [...ruleSettings],
    markdownEnumDescriptions: [
      'Turns the rule off.',
      'Turns the rule on with its own severity, even outside the profile.',
      'On, reported as an error.',
      'On, reported as a warning.',
      'On, reported as information.',
      'On, reported as a hint.',
    ],
  };
  const ruleIds = [...rules].map((rule) => rule.id).sort();
  const stringList = (description: string) => ({ type: 'array', items: { type: 'string' }, description });
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/bulkhead-security/bulkhead/blob/main/schemas/bulkhead.schema.json',
    title: 'Bulkhead configuration (.bulkhead.yaml)',
    type: 'object',
    additionalProperties: false,
    properties: {
      profile: {
        type: 'string',
        enum: [...profileSettings],
        markdownEnumDescriptions: profileSettings.map((setting) => {
          const [name, version] = setting.split('@');
          const what =
            name === 'recommended'
              ? 'Findings a reviewer would act on'
              : 'Also contested and advisory checks (package pins, limits, …)';
          return version ? `${what}, pinned to profile version ${version}.` : `${what}; follows each release.`;
        }),
        description: 'Which rule profile is on; `@N` pins a profile version so upgrades add no findings.',
      },
      rules: {
        type: 'object',
        description: 'Per-rule overrides: off, on, or a severity.',
        properties: Object.fromEntries(
          [...rules]
            .sort((a, b) => a.id.localeCompare(b.id))
            .map((rule) => [rule.id, { ...ruleSetting, description: `${rule.id}: ${rule.title}` }]),
        ),
        additionalProperties: false,
      },
      ignore: stringList('Glob patterns (relative to the working directory / workspace folder) of files not to check.'),
      podSecurity: {
        type: 'object',
        additionalProperties: false,
        properties: {
          level: {
            type: 'string',
            enum: [...podSecurityLevels],
            description: 'Pod Security Standards level Kubernetes workloads are checked against.',
          },
          version: {
            type: 'string',
            pattern: podSecurityVersionPattern.source,
            description:
              "Pod Security Standards version (latest or v1.N), as your cluster's Pod Security Admission runs it.",
          },
        },
      },
      allowedRegistries: stringList('Registries base images may come from (BH-D006); empty allows any.'),
      maxFileSize: {
        type: 'number',
        exclusiveMinimum: 0,
        description: 'Bytes; larger files get one notice instead of a check.',
      },
      requireReason: { type: 'boolean', description: 'A suppression without a reason becomes a finding.' },
      suppress: {
        type: 'array',
        description: 'Suppressions for files that cannot carry comments: by rule, path globs and/or resource.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['rule'],
          anyOf: [{ required: ['paths'] }, { required: ['resource'] }],
          properties: {
            rule: {
              oneOf: [
                { type: 'string', enum: ruleIds },
                { type: 'array', items: { type: 'string', enum: ruleIds } },
              ],
            },
            paths: stringList('Glob patterns relative to this file.'),
            resource: {
              type: 'string',
              description:
                'Kind/name or Kind/namespace/name, service/<name> (Compose) or stage/<name|index> (Dockerfile).',
            },
            reason: { type: 'string', description: 'Why; required when requireReason is true.' },
          },
        },
      },
      allowManifestAnnotations: {
        type: 'boolean',
        description: 'false: kube-linter and Checkov annotations in manifests no longer exempt workloads.',
      },
      allowInlineSuppressions: {
        type: 'boolean',
        description:
          'false: suppression comments and annotations are ignored; only the configuration turns findings off.',
      },
    },
  };
}
