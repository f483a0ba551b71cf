import type { JwtPayload } from '../index.js';

/**
 * jwtkit/sessions/express: types only. Importing it (`import 'jwtkit/sessions/express'`, once, in
 * the app) declares `req.auth` on Express's `Request`, the payload `expressAuth` sets. Opt-in, not
 * part of jwtkit/sessions: other Express middleware declares `req.auth` with its own type, and two
 * declarations of one property with different types do not compile.
 */

/**
 * The type of `req.auth` on Express's `Request` once this module is imported: the verified payload
 * `expressAuth` sets (undefined on routes without it). Add your claims by merging into it:
 * `declare module 'jwtkit/sessions/express' { interface RequestAuth { role: string } }`.
 *
 * @example
 * ```ts
 * import 'jwtkit/sessions/express';
 * app.get('/api/me', expressAuth(auth.verifyAccess), (req, res) => res.json({ sub: req.auth?.sub }));
 * ```
 */
// An interface (not a type alias), so that apps can add their claims by declaration merging.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RequestAuth extends JwtPayload {}

declare global {
  // Express declares its Request in this global namespace so that packages can add properties to it.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The verified token payload, set by jwtkit's `expressAuth` (jwtkit/sessions/express). */
      auth?: RequestAuth;
    }
  }
}
