import { describe, it } from 'node:test';
import fc from 'fast-check';
import { composeText, kubernetesText, mutated } from './arbitraries';
import { assertDocumentProperties, assertPositionsIgnoreNonAscii, fuzzParameters } from './properties';

const kinds = [
  // Kubernetes documents carry many fixable findings, each re-analysed after its fix: fewer short runs.
  { name: 'Kubernetes manifests', path: '/fuzz/manifest.yaml', text: kubernetesText, runs: [25, 60, 40] },
  { name: 'Compose files', path: '/fuzz/compose.yaml', text: composeText, runs: [50, 80, 40] },
];

for (const { name, path, text: arbitrary, runs } of kinds) {
  describe(`fuzzing ${name}`, () => {
    it('generated documents keep every property', () => {
      fc.assert(
        fc.property(arbitrary, (text) => assertDocumentProperties({ path, text })),
        fuzzParameters(runs[0] ?? 1),
      );
    });

    it('mutated documents (truncated, characters deleted, inserted, duplicated) keep every property', () => {
      fc.assert(
        fc.property(mutated(arbitrary), (text) => assertDocumentProperties({ path, text })),
        fuzzParameters(runs[1] ?? 1),
      );
    });

    it('non-ASCII text moves no finding', () => {
      fc.assert(
        fc.property(arbitrary, (text) => assertPositionsIgnoreNonAscii({ path, text })),
        fuzzParameters(runs[2] ?? 1),
      );
    });
  });
}
