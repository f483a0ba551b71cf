/**
 * JWE key material is classified and imported in keys/jwe-material.ts (importKey needs it, and
 * keys/ is below jwe/). This module only forwards the names encrypt.ts and key-management.ts
 * import; they can import keys/jwe-material.js directly and this file go.
 */
export { type JweKey, backendKeyFor, jweKeyOf, paramsFor } from '../keys/jwe-material.js';
export type { JweKeyInput } from '../keys/jwe-material.js';
