/**
 * The backend the package was built with. This build uses WebCrypto everywhere; a Node-native
 * build swaps this one module (see DESIGN: the backend is chosen at the package entry, never by
 * asking at run time which runtime this is).
 */
export { webBackend as backend } from './web.js';
export type { BackendKey, CryptoBackend, GeneratedKey, GenerateKeyOptions, KeyFormat } from './types.js';
