/**
 * The example app that the README's first command synthesizes into dist/:
 * - dist/guide.k8s.yaml: the Kaptain guide's whole scenario for namespace `user`;
 * - dist/platform.k8s.yaml: the same access stamped over three profile namespaces from a Config.
 */
import { App } from 'cdk8s';
import { GuideChart } from './guide';
import { PlatformChart } from './platform';

const app = new App();
new GuideChart(app, 'guide');
new PlatformChart(app, 'platform');
app.synth();
