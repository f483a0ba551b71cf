/**
 * The backend the package was built with: this module is the WebCrypto build's. The Node build
 * uses index.node.ts instead (build/node-variants.ts), so the backend is chosen by the package's
 * export conditions, never by asking at run time which runtime this is.
 */
export { webBackend as backend, webKeyTools as keyTools, webJweTools as jweTools, webJweKeyImport as jweKeyImport } from './web.js';
export { runtimeHas } from './web.js';
export type {
  BackendKey,
  CryptoBackend,
  GeneratedKey,
  GenerateKeyOptions,
  KeyFormat,
  KeyTools,
  JweTools,
  JweKeyImport,
  JweKeyParams,
  EcdhCurve,
  OaepHash,
} from './types.js';

/** Which crypto implementation this build of jwtkit uses. */
export const cryptoBackend: 'webcrypto' | 'node' = 'webcrypto';
