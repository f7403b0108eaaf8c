import { podSecurityLevels, profiles } from '../../shared/settings';
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
        enum: [...profiles],
        markdownEnumDescriptions: [
          'Findings a reviewer would act on (default).',
          'Also contested and advisory checks (package pins, limits, …).',
        ],
        description: 'Which rule profile is on.',
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
      allowInlineSuppressions: {
        type: 'boolean',
        description:
          'false: suppression comments and annotations are ignored; only the configuration turns findings off.',
      },
    },
  };
}
