import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { CheckedObject, ICheckedConstruct, PodDefaultChecks } from './checks/app-checks';
import { problem } from './engine/rule-ids';
import { childPath, throwIfProblemsAt } from './errors';
import { S3Settings } from './formats/aws-env';
import { checkLauncherConfig, KFP_LAUNCHER, LauncherProvider, providersYaml } from './formats/kfp-launcher';
import { inspectAs } from './redact';
import { checkNamespace } from './rules/names';
import { quote } from './rules/text';

/**
 * Where the steps of pipeline runs write their artifacts.
 */
export interface PipelineLauncherOptions {
  /**
   * The pipeline root: `s3://bucket/prefix`, `minio://bucket/prefix` or `gs://bucket/prefix`
   * (`defaultPipelineRoot`), on the store of these credentials.
   */
  readonly pipelineRoot: string;
}

/**
 * Properties of `PipelineLauncherConfig`.
 */
export interface PipelineLauncherConfigProps {
  /** `defaultPipelineRoot`: where the steps of runs in the namespace write their artifacts. */
  readonly pipelineRoot: string;

  /**
   * `providers`: how the launcher reaches each store (a YAML text in the launcher's format). The
   * storage constructs write it from their settings (`addPipelineLauncherConfig`).
   *
   * @default - none: the steps use their own environment (s3, gs) or the in-cluster default (minio)
   */
  readonly providers?: string;

  /**
   * The profile namespace.
   *
   * @default - the chart's namespace
   */
  readonly namespace?: string;
}

/**
 * The Kubeflow Pipelines v2 launcher's configuration of a profile namespace: the ConfigMap
 * `kfp-launcher`, whose `defaultPipelineRoot` sends the artifacts of every run's steps to a store
 * and whose `providers` says how to reach it (kubeflow/pipelines `backend/src/v2/config`). Without
 * it, v2 runs write to the in-cluster default store whatever store the notebooks use.
 *
 * Written by the storage constructs' `addPipelineLauncherConfig({ pipelineRoot })` and by
 * `NotebookAccess` (`pipelines`), with the same store and the same Secret as the notebooks'; checked
 * as the launcher reads it (the root's scheme has a provider with default credentials, a region for
 * S3, and the Secret keys it names exist).
 *
 * @example
 * const s3 = new AwsEnvConfiguration(chart, 'S3', { accessKeyId, secretAccessKey, region: 'eu-west-1' });
 * s3.addPipelineLauncherConfig({ pipelineRoot: 's3://team-a-artifacts/v2' });
 */
export class PipelineLauncherConfig extends ApiObject implements ICheckedConstruct {
  /** The pipeline root. */
  public readonly pipelineRoot: string;

  /** The namespace, or `undefined` when neither the props nor the chart set one. */
  public readonly namespace?: string;

  private patched = false;

  /**
   * @param scope the construct this one belongs to: a `Chart` (whose namespace is the default one) or a construct in one
   * @param id the construct's id, unique among its scope's children; error messages name the construct by its path
   * @param props the pipeline root and the providers
   */
  public constructor(scope: Construct, id: string, props: PipelineLauncherConfigProps) {
    const data: Record<string, string> = { [KFP_LAUNCHER.rootKey]: props?.pipelineRoot };
    if (props?.providers !== undefined) {
      data[KFP_LAUNCHER.providersKey] = props.providers;
    }
    throwIfProblemsAt(childPath(scope, id), [
      ...checkLauncherConfig(data, 'data').problems,
      problem('namespace-name', props?.namespace === undefined ? undefined : checkNamespace(props.namespace)),
    ]);
    super(scope, id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: KFP_LAUNCHER.configMapName, namespace: props.namespace }, data } as any);
    this.pipelineRoot = props.pipelineRoot;
    this.namespace = props.namespace ?? Chart.of(this).namespace;
    PodDefaultChecks.of(this);
  }

  /**
   * Applies RFC-6902 JSON-Patch operations to the ConfigMap's manifest; the checks at synth see
   * the patched manifest (checked whole).
   *
   * @param ops RFC-6902 JSON-Patch operations, applied to the synthesized manifest
   */
  public addJsonPatch(...ops: JsonPatch[]): void {
    this.patched = true;
    super.addJsonPatch(...ops);
  }

  /**
   * The ConfigMap as written: checked by the constructor, until a JSON patch changes it.
   * @internal
   */
  public _checkedObjects(): CheckedObject[] {
    return [{ manifest: this.toJson(), contentChecked: !this.patched }];
  }

  /** The manifest, resolved (with its JSON patches). */
  public toJson(): any {
    return PodDefaultChecks.of(this)._resolved(this, () => super.toJson());
  }
}

inspectAs(PipelineLauncherConfig.prototype, (self: PipelineLauncherConfig) =>
  `PipelineLauncherConfig(path: ${quote(self.node.path)}, pipelineRoot: ${quote(self.pipelineRoot)})`);

/** The scheme of a pipeline root (`s3`, `minio`, `gs`), when it has one the launcher reads. */
export function schemeOf(pipelineRoot: string): string | undefined {
  const match = typeof pipelineRoot === 'string' ? /^([a-z][a-z0-9]+):\/\/\/?[^/?]+/.exec(pipelineRoot) : null;
  return match?.[1];
}

/**
 * The s3 or minio provider of S3 settings: the endpoint as `host[:port]` with `disableSSL` for
 * http (AWS when none), the region, path style when set, and the Secret keys or the environment.
 */
export function s3LauncherProvider(
  scheme: 's3' | 'minio', settings: S3Settings, secretRef: LauncherProvider['secretRef'],
): LauncherProvider {
  const url = settings.s3EndpointUrl ?? settings.endpointUrl ?? settings.s3Endpoint;
  let endpoint = 's3.amazonaws.com';
  let disableSSL: boolean | undefined;
  if (url !== undefined && url.includes('://')) {
    const parsed = new URL(url);
    endpoint = parsed.host;
    disableSSL = parsed.protocol === 'http:';
  } else if (url !== undefined) {
    endpoint = url;
    disableSSL = settings.s3UseHttps === false ? true : undefined;
  }
  return { scheme, endpoint, region: settings.region, disableSSL, forcePathStyle: settings.s3ForcePathStyle, secretRef };
}

/** Writes the launcher configuration of a provider, as a child `PipelineLauncher` of `owner`, in its namespace. */
export function addLauncherConfig(
  owner: Construct & { readonly namespace?: string }, options: PipelineLauncherOptions, allowed: readonly string[],
  provider: (scheme: string) => LauncherProvider,
): PipelineLauncherConfig {
  const scheme = schemeOf(options?.pipelineRoot);
  throwIfProblemsAt(childPath(owner, 'PipelineLauncher'), [
    scheme !== undefined && !allowed.includes(scheme)
      ? problem('kfp-launcher-root', `pipelineRoot ${quote(options.pipelineRoot)} is on ${scheme}://, but these credentials are for ${allowed.map((s) => `${s}://`).join(' or ')}: the steps could not reach it`)
      : undefined,
  ]);
  return new PipelineLauncherConfig(owner, 'PipelineLauncher', {
    pipelineRoot: options.pipelineRoot,
    providers: scheme !== undefined && allowed.includes(scheme) ? providersYaml(provider(scheme)) : undefined,
    namespace: owner.namespace,
  });
}
