import { describe, it } from 'node:test';
import fc from 'fast-check';
import { dockerfileText, mutated } from './arbitraries';
import { assertDocumentProperties, assertPositionsIgnoreNonAscii, fuzzParameters } from './properties';

const path = '/fuzz/Dockerfile';

describe('fuzzing Dockerfiles', () => {
  it('generated Dockerfiles keep every property', () => {
    fc.assert(
      fc.property(dockerfileText, (text) => assertDocumentProperties({ path, text })),
      fuzzParameters(100),
    );
  });

  it('mutated Dockerfiles (truncated, characters deleted, inserted, duplicated) keep every property', () => {
    fc.assert(
      fc.property(mutated(dockerfileText), (text) => assertDocumentProperties({ path, text })),
      fuzzParameters(150),
    );
  });

  it('non-ASCII text moves no finding', () => {
    fc.assert(
      fc.property(dockerfileText, (text) => assertPositionsIgnoreNonAscii({ path, text })),
      fuzzParameters(100),
    );
  });
});
