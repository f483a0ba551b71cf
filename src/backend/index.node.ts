/**
 * The backend of the Node build: tsup (tsup.config.ts) and the test runner (vitest.config.ts)
 * resolve `backend/index.js` to this file for the `node` condition, so nothing below the package
 * entry asks at run time which runtime it is on.
 */
export { nodeBackend as backend } from './node.js';
export type { BackendKey, CryptoBackend, KeyFormat } from './types.js';

/** Which crypto implementation this build of jwtkit uses. */
export const cryptoBackend: 'webcrypto' | 'node' = 'node';
