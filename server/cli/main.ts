import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { analyze } from '../../rules/engine/analyze';
import { catalogEntry, renderRulePage } from '../../rules/engine/catalog';
import { type ConfigOverrides, defaultConfig, podSecurityVersionPattern } from '../../rules/engine/config';
import { defaultRuleSet } from '../../rules/index';
import {
  latestProfileVersion,
  type PodSecurityLevel,
  type ProfileSetting,
  parseProfile,
  podSecurityLevels,
} from '../../shared/settings';
import {
  type Baseline,
  baselineFileName,
  createBaseline,
  findBaseline,
  readBaseline,
  subtractBaseline,
} from '../baseline';
import { findConfigFile } from '../config-files';
import { discoverFiles, matchesGlobs } from '../discover';
import { fixText, writeFileAtomically } from '../fix-file';
import { analyzeFileOnDisk, ConfigResolver, type FileAnalysis } from '../scan-file';
import { WorkspaceIndex } from '../workspace-index';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import { pinCommand } from './pin';

const exitClean = 0;
const exitFindings = 1;
const exitUsage = 2;

declare const BULKHEAD_VERSION: string | undefined;
const version = typeof BULKHEAD_VERSION === 'string' ? BULKHEAD_VERSION : '0.0.0-dev';

const usage = `Usage:
  bulkhead scan <paths…> [--format text|json|sarif] [--fix] [--profile recommended|strict[@N]]
                [--pss-level baseline|restricted] [--pss-version v1.N|latest] [--config FILE]
                [--report-suppressions] [--baseline FILE | --no-baseline]
                [--stdin-filename NAME]      (use - as the path to read stdin)
  bulkhead baseline [paths…] [--output FILE]   (records today's findings; later scans report only new ones)
  bulkhead pin <paths…> [--dry-run] [--update] [--insecure-registry HOST]… [--credential-helpers]
               [--timeout SECONDS]
  bulkhead rules [--format text|json|markdown]
  bulkhead --version | --help

--debug (with any command) prints stack traces of internal errors.

Exit codes (scan): 0 no findings, 1 findings, 2 usage or internal error.
Exit codes (pin): 0 every image pinned (now or before), 1 some could not be resolved, 2 usage error.`;

class UsageError extends Error {}

function main(argv: string[]): number | Promise<number> {
  const [command, ...rest] = argv.filter((arg) => arg !== '--debug');
  if (command === '--version' || command === '-v') return print(version);
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return print(usage);
  if (command === 'scan') return scan(rest);
  if (command === 'baseline') return baselineCommand(rest);
  if (command === 'rules') return listRules(rest);
  if (command === 'pin') return pin(rest);
  throw new UsageError(`unknown command "${command}"`);
}

function print(text: string): number {
  process.stdout.write(`${text}\n`);
  return exitClean;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`${flag} must be one of: ${allowed.join(', ')}`);
  return value as T;
}

const scanOptions = {
  profile: { type: 'string' },
  'pss-level': { type: 'string' },
  'pss-version': { type: 'string' },
  config: { type: 'string' },
  'stdin-filename': { type: 'string', default: 'stdin.yaml' },
} as const;

interface ScanOptionValues {
  profile?: string | undefined;
  'pss-level'?: string | undefined;
  'pss-version'?: string | undefined;
  config?: string | undefined;
  'stdin-filename'?: string | undefined;
}

interface Collected {
  results: FileAnalysis[];
  /** The configuration that applies to the working directory, where a baseline is looked for. */
  configPath: string | undefined;
  problems: number;
}

/** Analyses the given paths (and stdin for `-`); undefined after reporting configuration errors. */
function collect(values: ScanOptionValues, positionals: string[], fix: boolean): Collected | undefined {
  const pssVersion = values['pss-version'];
  if (pssVersion !== undefined && !podSecurityVersionPattern.test(pssVersion))
    throw new UsageError('--pss-version must be "latest" or v1.N');
  if (values.profile !== undefined && !parseProfile(values.profile))
    throw new UsageError(
      `--profile must be recommended or strict, optionally pinned to a version from 1 to ${latestProfileVersion} (recommended@1)`,
    );
  const overrides: ConfigOverrides = {
    ...(values.profile ? { profile: values.profile as ProfileSetting } : {}),
    podSecurity: {
      level: oneOf(values['pss-level'], podSecurityLevels, '--pss-level') as PodSecurityLevel | undefined,
      version: pssVersion,
    },
  };
  const cwd = process.cwd();
  const explicitConfig = values.config ? resolve(values.config) : undefined;
  const resolver = new ConfigResolver(defaultConfig, overrides, explicitConfig);
  if (explicitConfig) resolver.load(explicitConfig);

  const readsStdin = positionals.includes('-');
  const discovery = discoverFiles(
    positionals.filter((path) => path !== '-').map((path) => resolve(path)),
    [],
    cwd,
  );
  const workspace = new WorkspaceIndex(() => discovery.files).objects;
  const results: FileAnalysis[] = [];
  if (readsStdin) {
    const path = resolve(values['stdin-filename'] ?? 'stdin.yaml');
    const text = readFileSync(0, 'utf8').replace(/^\uFEFF/, '');
    results.push({
      path,
      text,
      bom: false,
      ...analyze({ path, text, workspace }, resolver.configFor(path), defaultRuleSet),
    });
  }
  for (const path of discovery.files) {
    const config = resolver.configFor(path);
    if (matchesGlobs(path, config.ignore, cwd)) continue;
    let analysis = analyzeFileOnDisk(path, config, workspace);
    if (fix && analysis.kind && analysis.text !== undefined) {
      const fixed = fixText(analysis, config, workspace);
      try {
        if (fixed.text !== analysis.text) writeFileAtomically(path, fixed.text, analysis.bom);
        analysis = fixed.analysis;
      } catch (error) {
        // One file that cannot be written keeps its findings; the others are still fixed.
        discovery.problems.push({
          path,
          problem: `could not write the fixes (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
        });
      }
    }
    if (analysis.kind) results.push(analysis);
  }

  const configErrors = resolver.loaded.flatMap((loaded) =>
    loaded.errors.map(
      (error) => `${loaded.path}:${error.range.start.line + 1}:${error.range.start.character + 1}: ${error.message}`,
    ),
  );
  if (configErrors.length > 0) {
    process.stderr.write(`bulkhead: invalid configuration\n${configErrors.join('\n')}\n`);
    return undefined;
  }
  for (const problem of discovery.problems) process.stderr.write(`bulkhead: ${problem.path}: ${problem.problem}\n`);
  return { results, configPath: explicitConfig ?? findConfigFile(cwd), problems: discovery.problems.length };
}

function scan(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...scanOptions,
      format: { type: 'string', default: 'text' },
      fix: { type: 'boolean', default: false },
      'report-suppressions': { type: 'boolean', default: false },
      baseline: { type: 'string' },
      'no-baseline': { type: 'boolean', default: false },
    },
  });
  const format = oneOf(values.format, ['text', 'json', 'sarif'] as const, '--format') ?? 'text';
  if (positionals.length === 0) throw new UsageError('scan needs at least one file or directory');
  if (values.baseline !== undefined && values['no-baseline'])
    throw new UsageError('--baseline and --no-baseline exclude each other');
  const collected = collect(values, positionals, values.fix);
  if (!collected) return exitUsage;
  const cwd = process.cwd();
  let results = collected.results;
  let baselined = 0;
  const baselinePath = values['no-baseline']
    ? undefined
    : values.baseline !== undefined
      ? resolve(values.baseline)
      : findBaseline(collected.configPath, cwd);
  if (baselinePath) {
    let baseline: Baseline;
    try {
      baseline = readBaseline(baselinePath);
    } catch (error) {
      throw new UsageError(`cannot use the baseline: ${(error as Error).message}`);
    }
    ({ files: results, matched: baselined } = subtractBaseline(results, baseline, baselinePath));
  }

  const reportSuppressions = values['report-suppressions'];
  const output =
    format === 'json'
      ? formatJson(results, { reportSuppressions })
      : format === 'sarif'
        ? formatSarif(results, [...defaultRuleSet.byId.values()], { cwd, version, reportSuppressions })
        : formatText(results, { colour: useColour(), cwd, reportSuppressions, baselined });
  process.stdout.write(`${output}\n`);
  if (collected.problems > 0) return exitUsage;
  return results.some((file) => file.findings.length > 0) ? exitFindings : exitClean;
}

function baselineCommand(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...scanOptions, output: { type: 'string' } },
  });
  const collected = collect(values, positionals.length > 0 ? positionals : ['.'], false);
  if (!collected) return exitUsage;
  const cwd = process.cwd();
  const output = values.output
    ? resolve(values.output)
    : join(collected.configPath ? dirname(collected.configPath) : cwd, baselineFileName);
  const baseline = createBaseline(collected.results, output);
  writeFileSync(output, `${JSON.stringify(baseline, null, 2)}\n`);
  const files = new Set(baseline.findings.map((entry) => entry.path)).size;
  process.stdout.write(
    `Recorded ${baseline.findings.length} finding${baseline.findings.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} to ${relative(cwd, output) || output}; \`bulkhead scan\` now reports only new ones.\n`,
  );
  return collected.problems > 0 ? exitUsage : exitClean;
}

function pin(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      update: { type: 'boolean', default: false },
      'insecure-registry': { type: 'string', multiple: true, default: [] },
      'credential-helpers': { type: 'boolean', default: false },
      timeout: { type: 'string', default: '15' },
    },
  });
  if (positionals.length === 0) throw new UsageError('pin needs at least one file or directory');
  const timeoutSeconds = Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0)
    throw new UsageError('--timeout must be a positive number of seconds');
  return pinCommand({
    paths: positionals,
    dryRun: values['dry-run'],
    update: values.update,
    insecureRegistries: values['insecure-registry'],
    useCredentialHelpers: values['credential-helpers'],
    timeoutMs: timeoutSeconds * 1000,
    cwd: process.cwd(),
    write: (text) => process.stdout.write(`${text}\n`),
  });
}

function useColour(): boolean {
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR) return true;
  return process.stdout.isTTY === true;
}

function listRules(args: string[]): number {
  const { values } = parseArgs({ args, options: { format: { type: 'string', default: 'text' } } });
  const format = oneOf(values.format, ['text', 'json', 'markdown'] as const, '--format') ?? 'text';
  const rules = [...defaultRuleSet.byId.values()];
  if (format === 'json') return print(JSON.stringify(rules.map(catalogEntry), null, 2));
  if (format === 'markdown') return print(rules.map(renderRulePage).join('\n'));
  return print(rules.map((rule) => `${rule.id.padEnd(20)} ${rule.severity.padEnd(12)} ${rule.title}`).join('\n'));
}

async function run(): Promise<void> {
  const argv = process.argv.slice(2);
  try {
    process.exitCode = await main(argv);
  } catch (error) {
    reportError(error, argv.includes('--debug') || Boolean(process.env.BULKHEAD_DEBUG));
  }
}

/** Stack traces only with `--debug` (or BULKHEAD_DEBUG): users get one line saying what went wrong. */
function reportError(error: unknown, debug: boolean): void {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`bulkhead: ${message}\n\n${usage}\n`);
  } else {
    const detail = debug && error instanceof Error ? (error.stack ?? message) : message;
    process.stderr.write(
      `bulkhead: internal error: ${detail}\n${debug ? '' : 'Run again with --debug for details.\n'}`,
    );
  }
  process.exitCode = exitUsage;
}

void run();
