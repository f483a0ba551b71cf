/**
 * backend/index.ts for the Node build (build/node-variants.ts swaps it in for the package's `node`
 * condition and the `node` test project), so nothing below the package entry asks at run time
 * which runtime it is on.
 */
export { nodeBackend as backend, nodeKeyTools as keyTools, nodeJweTools as jweTools, nodeJweKeyImport as jweKeyImport } from './node.js';
export { runtimeHas } from './node.js';
export type { BackendKey, CryptoBackend, KeyFormat, KeyTools, JweTools, JweKeyImport, JweKeyParams, EcdhCurve, OaepHash } from './types.js';

/** Which crypto implementation this build of jwtkit uses. */
export const cryptoBackend: 'webcrypto' | 'node' = 'node';
