import type { Express, Request, RequestHandler } from 'express';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { RequestAuth } from '../../src/sessions/express-request.js';
import { createSessions, expressAuth } from '../../src/sessions/index.js';

/**
 * jwtkit/sessions/express (src/sessions/express-request.ts) declares `req.auth` on Express's
 * Request. Compile-time checks against @types/express: `npm run typecheck` compiles this file.
 */

declare module '../../src/sessions/express-request.js' {
  /** An app adds its claims by merging, as docs/sessions.md shows. */
  interface RequestAuth {
    role?: string;
  }
}

const auth = createSessions<{ role: string }>({ key: crypto.getRandomValues(new Uint8Array(32)), loadClaims: () => ({ role: 'editor' }) });

describe('Express req.auth (types)', () => {
  it('types req.auth as the verified payload, with the claims the app merged in', () => {
    expectTypeOf<Request['auth']>().toEqualTypeOf<RequestAuth | undefined>();
    const handler: RequestHandler = (req, res) => {
      expectTypeOf(req.auth?.sub).toEqualTypeOf<string | undefined>();
      expectTypeOf(req.auth?.role).toEqualTypeOf<string | undefined>();
      // @ts-expect-error req.auth is undefined on a route without expressAuth: check it first
      res.json({ sub: req.auth.sub });
    };
    expect(typeof handler).toBe('function');
  });

  it('expressAuth is an Express middleware', () => {
    expectTypeOf(expressAuth(auth.verifyAccess)).toExtend<RequestHandler>();
    const route = (app: Express) => app.get('/api/me', expressAuth(auth.verifyAccess), (req, res) => void res.json({ role: req.auth?.role }));
    expect(typeof route).toBe('function');
  });
});
