import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { CheckedObject, ICheckedConstruct, PodDefaultChecks } from './checks/app-checks';
import { PodDefaultSpecJson } from './engine/pod-default-spec';
import { problem } from './engine/rule-ids';
import { childPath, throwIfProblemsAt } from './errors';
import { checkNamespace, checkPodDefaultName, namespaceLabelsProblems } from './rules/names';

/**
 * Properties of an `ExistingPodDefault`.
 */
export interface ExistingPodDefaultProps {
  /** The PodDefault's name. */
  readonly name: string;

  /**
   * The PodDefault's namespace.
   *
   * @default - the chart's namespace
   */
  readonly namespace?: string;

  /**
   * Instead of one namespace: the PodDefault is in every namespace with these labels, today's
   * and tomorrow's (`{ 'app.kubernetes.io/part-of': 'kubeflow-profile' }`: every Kubeflow
   * profile), and is checked with what `ProfileAccess` places in them.
   *
   * @default - in `namespace` only
   */
  readonly namespaceLabels?: { [key: string]: string };

  /**
   * The PodDefault's `spec` as the cluster has it (`kubectl get poddefault NAME -o yaml`).
   */
  readonly spec: { [key: string]: any };
}

/**
 * Options for `ExistingPodDefault.accessMlPipeline()`.
 */
export interface AccessMlPipelineOptions {
  /**
   * The profile namespace.
   *
   * @default - the chart's namespace
   */
  readonly namespace?: string;

  /**
   * Instead of one namespace, every namespace with these labels (Kubeflow Pipelines puts
   * `access-ml-pipeline` in every profile namespace: `{ 'app.kubernetes.io/part-of': 'kubeflow-profile' }`).
   *
   * @default - in `namespace` only
   */
  readonly namespaceLabels?: { [key: string]: string };
}

/**
 * A PodDefault that already exists in the cluster, declared so that the checks at synth see it:
 * nothing is written. Kubeflow itself puts `access-ml-pipeline` in every profile namespace
 * (`ExistingPodDefault.accessMlPipeline()`), and a notebook may select it together with this
 * App's PodDefaults.
 *
 * @example
 * ExistingPodDefault.accessMlPipeline(chart, 'Pipelines', { namespace: 'team-a' });
 */
export class ExistingPodDefault extends Construct implements ICheckedConstruct {
  /**
   * The `access-ml-pipeline` PodDefault that Kubeflow Pipelines' profile controller creates in
   * every profile namespace: the pipelines token at `/var/run/secrets/kubeflow/pipelines` and
   * `KF_PIPELINES_SA_TOKEN_PATH`.
   *
   * @param scope the scope in which to define the construct (a Chart, or a construct in one)
   * @param id the construct id, unique among its siblings
   * @param options the namespace; defaults to the chart's
   */
  public static accessMlPipeline(scope: Construct, id: string, options: AccessMlPipelineOptions = {}): ExistingPodDefault {
    return new ExistingPodDefault(scope, id, {
      name: 'access-ml-pipeline',
      namespace: options.namespace,
      namespaceLabels: options.namespaceLabels,
      spec: {
        desc: 'Allow access to Kubeflow Pipelines',
        selector: { matchLabels: { 'access-ml-pipeline': 'true' } },
        env: [{ name: 'KF_PIPELINES_SA_TOKEN_PATH', value: '/var/run/secrets/kubeflow/pipelines/token' }],
        volumes: [{
          name: 'volume-kf-pipeline-token',
          projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 7200, audience: 'pipelines.kubeflow.org' } }] },
        }],
        volumeMounts: [{ mountPath: '/var/run/secrets/kubeflow/pipelines', name: 'volume-kf-pipeline-token', readOnly: true }],
      },
    });
  }

  /** The PodDefault's name. */
  public readonly name: string;

  /** The PodDefault's namespace, or `undefined` when neither the props nor the chart set one (or it is in every namespace with `namespaceLabels`). */
  public readonly namespace?: string;

  /** The labels of the namespaces it is in, when it is in every namespace with them. */
  public readonly namespaceLabels?: { [key: string]: string };

  private readonly spec: PodDefaultSpecJson;

  /**
   * @param scope the construct this one belongs to: a `Chart` (whose namespace is the default one) or a construct in one
   * @param id the construct's id, unique among its scope's children; error messages name the construct by its path
   * @param props the PodDefault as it exists (`kubectl get poddefault NAME -o yaml`): its name, namespace or namespace labels, and spec
   */
  public constructor(scope: Construct, id: string, props: ExistingPodDefaultProps) {
    throwIfProblemsAt(childPath(scope, id), [
      problem('poddefault-name', checkPodDefaultName(props.name)),
      problem('namespace-name', props.namespace === undefined ? undefined : checkNamespace(props.namespace)),
      props.spec !== null && typeof props.spec === 'object' && !Array.isArray(props.spec) ? undefined : 'spec must be an object (the PodDefault\'s spec)',
      ...namespaceLabelsProblems(props.namespaceLabels),
      props.namespace !== undefined && props.namespaceLabels !== undefined
        ? problem('namespace-name', 'namespace and namespaceLabels are exclusive: the PodDefault is in one namespace, or in every namespace with the labels') : undefined,
    ]);
    super(scope, id);
    this.name = props.name;
    this.namespaceLabels = props.namespaceLabels === undefined ? undefined : { ...props.namespaceLabels };
    this.namespace = this.namespaceLabels === undefined ? props.namespace ?? Chart.of(this).namespace : undefined;
    this.spec = JSON.parse(JSON.stringify(props.spec));
    PodDefaultChecks.of(this);
  }

  /** @internal */
  public _checkedObjects(): CheckedObject[] {
    const manifest = { apiVersion: 'kubeflow.org/v1alpha1', kind: 'PodDefault', metadata: { name: this.name, namespace: this.namespace }, spec: this.spec };
    return [{ manifest, existing: true, namespaceLabels: this.namespaceLabels }];
  }
}
