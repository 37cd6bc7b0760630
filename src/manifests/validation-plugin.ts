/**
 * A cdk8s CLI validation plugin (cdk8s.yaml `validations:`): `cdk8s synth` hands it the files it
 * synthesized and it checks them with the engine `check` uses, so apps built from plain
 * ApiObjects, Helm `Include`s or other libraries get the same checks as this library's
 * constructs. The CLI loads the class by name from the package's main module and calls
 * `validate(context)` (cdk8s-cli `lib/plugins/validation.d.ts`: `Validation`, `ValidationContext`,
 * `ValidationReport`); the types below are the parts of that contract the plugin uses, so the
 * library does not depend on the CLI.
 */
import { checkSources, ManifestProblem } from './check';
import { readInputs } from './read';
import { RULE_HELP } from './rule-help';
import { labelOf, objectsOf } from '../engine/objects';

/**
 * A resource a violation is about (cdk8s-cli's `ValidationViolatingResource`).
 */
export interface ValidationViolatingResource {
  /** The resource's `metadata.name`; the CLI maps it to the construct path it recorded. */
  readonly resourceName: string;
  /** Where in the resource: here the object (`Kind namespace/name`) and its line in the manifest. */
  readonly locations: string[];
  /** The synthesized manifest file. */
  readonly manifestPath: string;
}

/**
 * One violation in the cdk8s validation report (cdk8s-cli's `ValidationViolation`).
 */
export interface ValidationViolation {
  /** The rule's stable id (README "What we check"). */
  readonly ruleName: string;
  /** What is wrong and how to fix it; never a secret value. */
  readonly recommendation: string;
  /** What the rule checks and the failure it prevents. */
  readonly fix: string;
  /** The resources that violate the rule. */
  readonly violatingResources: ValidationViolatingResource[];
}

/**
 * The report a validation plugin fills (cdk8s-cli's `ValidationReport`).
 */
export interface IValidationReport {
  /**
   * Adds a violation to the report.
   *
   * @param violation the violation
   */
  addViolation(violation: ValidationViolation): void;

  /**
   * Ends the report.
   *
   * @param status `success` or `failure`
   * @param metadata figures shown under the report
   */
  submit(status: string, metadata?: { [key: string]: string }): void;
}

/**
 * What the cdk8s CLI gives a validation plugin (cdk8s-cli's `ValidationContext`).
 */
export interface IValidationContext {
  /** The synthesized manifest files. */
  readonly manifests: string[];
  /** The report to fill. */
  readonly report: IValidationReport;
}

/**
 * Properties of the validation plugin: cdk8s.yaml's `properties:` of the `validations:` entry.
 */
export interface KubeflowCredentialsValidationProps {
  /**
   * The namespace of objects that have none (as `check --namespace`).
   *
   * @default - objects without a namespace are checked together, apart from the others
   */
  readonly namespace?: string;

  /**
   * Check against one notebook of this name instead of any notebook (as `check --notebook`).
   *
   * @default - any notebook name
   */
  readonly notebookName?: string;

  /**
   * How many problems of one rule each object shows; `0` shows every problem (as `check --all`).
   *
   * @default 10
   */
  readonly maxProblemsPerRule?: number;
}

/**
 * A cdk8s CLI validation plugin that runs this library's checks on everything `cdk8s synth`
 * writes: the PodDefaults of each namespace as the Kubeflow webhook merges them, Secrets,
 * SealedSecrets, ExternalSecrets, ConfigMaps and Kyverno policies, whichever construct made them.
 *
 * In `cdk8s.yaml` (version: the installed package's exact version; package: its name, or a
 * local path starting with `./`):
 *
 * ```yaml
 * validations:
 *   - package: cdk8s-kubeflow-credentials
 *     version: 1.2.3
 *     class: KubeflowCredentialsValidation
 *     properties:
 *       namespace: kubeflow-user
 * ```
 *
 * A problem fails the synth (the CLI exits 2 after printing the report); the report names the
 * rule, the object, its manifest and line, and the construct path the CLI recorded.
 */
export class KubeflowCredentialsValidation {
  private readonly props: KubeflowCredentialsValidationProps;

  /**
   * @param props cdk8s.yaml's `properties:` for this plugin
   */
  public constructor(props: KubeflowCredentialsValidationProps = {}) {
    const limit = props.maxProblemsPerRule;
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
      throw new Error(`KubeflowCredentialsValidation: properties.maxProblemsPerRule must be a whole number, 0 or more (0 shows every problem); got ${typeof limit}`);
    }
    for (const key of Object.keys(props)) {
      if (!['namespace', 'notebookName', 'maxProblemsPerRule'].includes(key)) {
        throw new Error(`KubeflowCredentialsValidation: unknown property "${key.replace(/[^\w.-]/g, '?').slice(0, 64)}" in cdk8s.yaml; allowed: namespace, notebookName, maxProblemsPerRule`);
      }
    }
    this.props = props;
  }

  /**
   * Checks the synthesized manifests and fills the report: one violation per problem, `failure`
   * when there is any (or when a manifest cannot be read), `success` otherwise.
   *
   * @param context what the cdk8s CLI gives the plugin
   */
  public async validate(context: IValidationContext): Promise<void> {
    this.run(context);
  }

  /** The work of `validate()`, synchronous. */
  private run(context: IValidationContext): void {
    const { sources, errors } = readInputs([...context.manifests].sort());
    const problems = checkSources(sources, {
      namespace: this.props.namespace,
      notebookName: this.props.notebookName,
      maxProblemsPerRule: this.props.maxProblemsPerRule,
    });
    const names = new Map<string, string>();
    for (const source of sources) {
      for (const manifest of source.manifests.flatMap(objectsOf)) {
        const name = manifest.metadata?.name;
        if (typeof name === 'string') {
          names.set(`${source.file}\0${labelOf(manifest, this.props.namespace)}`, name);
        }
      }
    }
    for (const error of errors) {
      context.report.addViolation({
        ruleName: 'unreadable-manifest',
        recommendation: error,
        fix: 'synthesize YAML that parses (an Include of an unrendered chart, or a file with tabs in indentation, does not)',
        violatingResources: [],
      });
    }
    for (const problem of problems) {
      context.report.addViolation(violationOf(problem, names.get(`${problem.file}\0${problem.object}`)));
    }
    const clean = problems.length === 0 && errors.length === 0;
    context.report.submit(clean ? 'success' : 'failure', {
      manifests: String(sources.length),
      problems: String(problems.length),
    });
  }
}

/** A problem as the cdk8s report shows it. */
function violationOf(problem: ManifestProblem, name: string | undefined): ValidationViolation {
  const help = RULE_HELP[problem.rule];
  const at = problem.line !== undefined ? `${problem.object} (line ${problem.line})` : problem.object;
  return {
    ruleName: problem.rule,
    recommendation: problem.message,
    fix: help ? `${help.check}; otherwise ${help.prevents} (README "What we check": ${problem.rule})` : `README "What we check": ${problem.rule}`,
    violatingResources: [{ resourceName: name ?? problem.object, locations: [at], manifestPath: problem.file }],
  };
}
