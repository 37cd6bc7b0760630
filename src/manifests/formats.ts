/**
 * Output formats of `check` for CI: SARIF 2.1.0 (OASIS, for code scanning: GitHub uploads it
 * with `github/codeql-action/upload-sarif`) and GitHub workflow commands (`::error ...::`, which
 * the runner turns into annotations on the pull request). Neither quotes a file's contents.
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { ManifestProblem, ManifestSource } from './check';
import { RULE_HELP } from './rule-help';
import { RULES } from '../engine/rule-ids';

/** What the SARIF log says about the tool and the inputs. */
export interface SarifOptions {
  readonly version: string;
  readonly sources: readonly ManifestSource[];
  /** The directory URIs are relative to (`%SRCROOT%`): the working directory by default. */
  readonly root?: string;
}

/** Where the project is documented: the repository's URL, from package.json. */
function informationUri(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
    const url = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
    if (typeof url === 'string' && /^https?:\/\//.test(url)) {
      return url.replace(/\.git$/, '');
    }
  } catch {
    // fall through
  }
  return 'https://www.npmjs.com/package/cdk8s-kubeflow-credentials';
}

/**
 * A rule's name: `mount-path-conflict` → `MountPathConflict`; one word gets `Check` (`LabelCheck`),
 * since SARIF wants a name that is not its id (the validator's SARIF1001).
 */
function ruleName(id: string): string {
  const name = id.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return name.toLowerCase() === id.toLowerCase() ? `${name}Check` : name;
}

/** SARIF messages are sentences (the validator's SARIF2014 asks for a final period). */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** A file as a URI reference relative to the root, with `/` separators and each segment encoded. */
function relativeUri(file: string, root: string): string | undefined {
  if (file === '-') {
    return undefined;
  }
  const relative = path.relative(root, path.resolve(file));
  const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  const target = inside ? relative : path.resolve(file);
  const encoded = target.split(path.sep).map((segment) => encodeURIComponent(segment)).join('/');
  return inside ? encoded : pathToFileURL(path.resolve(file)).href;
}

/** The file each source's problems point at: the file read, or the kustomization that was built. */
function artifactOf(sources: readonly ManifestSource[]): Map<string, string> {
  return new Map(sources.map((s) => [s.file, s.artifact ?? s.file]));
}

/** The SARIF 2.1.0 log of a check: every rule with its help text, every problem a result, every unreadable input a notification. */
export function sarifLog(problems: readonly ManifestProblem[], errors: readonly string[], options: SarifOptions): unknown {
  const root = options.root ?? process.cwd();
  const ids = Object.keys(RULES);
  const index = new Map(ids.map((id, i) => [id, i]));
  const artifacts = artifactOf(options.sources);
  const rules = ids.map((id) => {
    const help = RULE_HELP[id];
    const check = help?.check ?? id;
    const prevents = help?.prevents ?? '';
    return {
      id,
      name: ruleName(id),
      shortDescription: { text: sentence(check) },
      fullDescription: { text: sentence(prevents === '' ? check : `Prevents: ${prevents}`) },
      help: {
        text: sentence(`${check}. Without it: ${prevents}`),
        markdown: `**${check}**\n\nWithout this check: ${prevents}.\n\nSee README "What we check"${help ? `, ${help.area}` : ''}.`,
      },
      helpUri: `${informationUri()}#what-we-check`,
      defaultConfiguration: { level: 'error' },
      properties: { origin: (RULES as Record<string, string>)[id], tags: ['kubeflow', (RULES as Record<string, string>)[id]] },
    };
  });
  const results = problems.map((p) => {
    const uri = relativeUri(artifacts.get(p.file) ?? p.file, root);
    const physical = uri === undefined ? undefined : {
      artifactLocation: uri.startsWith('file:') ? { uri } : { uri, uriBaseId: '%SRCROOT%' },
      ...(p.line === undefined ? {} : { region: { startLine: p.line, startColumn: p.column ?? 1 } }),
    };
    return {
      ruleId: p.rule,
      ruleIndex: index.get(p.rule) ?? -1,
      level: 'error',
      message: { text: sentence(`${p.object}: ${p.message}`) },
      locations: [{
        ...(physical === undefined ? {} : { physicalLocation: physical }),
        logicalLocations: [{ fullyQualifiedName: p.object, kind: 'resource' }],
      }],
      properties: { origin: p.origin },
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdk8s-kubeflow-credentials',
          semanticVersion: options.version,
          version: options.version,
          informationUri: informationUri(),
          rules,
        },
      },
      originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(root).href.replace(/\/?$/, '/')}` } },
      invocations: [{
        executionSuccessful: errors.length === 0,
        toolExecutionNotifications: errors.map((e) => ({ level: 'error', message: { text: sentence(e) } })),
      }],
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
}

/** Data of a workflow command: `%`, CR and LF escaped (actions/toolkit `escapeData`). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property of a workflow command: also `:` and `,` (actions/toolkit `escapeProperty`). */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub workflow commands: one `::error file=...,line=...,col=...,title=...::message` per problem and per unreadable input. */
export function githubAnnotations(
  problems: readonly ManifestProblem[], errors: readonly string[], sources: readonly ManifestSource[] = [], root: string = process.cwd(),
): string[] {
  const artifacts = artifactOf(sources);
  const lines = problems.map((p) => {
    const props: string[] = [];
    if (p.file !== '-') {
      const file = artifacts.get(p.file) ?? p.file;
      const relative = path.relative(root, path.resolve(file));
      props.push(`file=${escapeProperty(relative.startsWith('..') ? path.resolve(file) : relative)}`);
      if (p.line !== undefined) {
        props.push(`line=${p.line}`, `col=${p.column ?? 1}`);
      }
    }
    props.push(`title=${escapeProperty(`${p.rule} (${p.origin})`)}`);
    return `::error ${props.join(',')}::${escapeData(`${p.object}: ${p.message}`)}`;
  });
  return [...lines, ...errors.map((e) => `::error title=${escapeProperty('unreadable input')}::${escapeData(e)}`)];
}
