/**
 * The example app that the README's first command synthesizes into dist/:
 * the Kaptain guide's whole scenario for namespace `user` (dist/guide.k8s.yaml).
 */
import { App } from 'cdk8s';
import { GuideChart } from './guide';

const app = new App();
new GuideChart(app, 'guide');
app.synth();
