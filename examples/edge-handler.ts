/**
 * An edge / Fetch-API handler (Cloudflare Workers, Vercel Edge, Deno, Bun): checks a Bearer token
 * with jwtkit and answers 401 with a stable error code when it is not valid. Web standards only.
 */
import { isClientError, verify } from '../src/index.js';

export interface Env {
  /** The shared HS256 secret (at least 32 bytes), from the platform's secret store. */
  JWT_SECRET: string;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const match = /^Bearer ([A-Za-z0-9\-_.]+)$/i.exec(request.headers.get('authorization') ?? '');
    if (!match) return Response.json({ error: 'missing bearer token' }, { status: 401 });
    try {
      const { payload } = await verify(match[1]!, env.JWT_SECRET, { algorithms: ['HS256'], audience: 'api' });
      return Response.json({ hello: payload.sub });
    } catch (error) {
      // The token's fault: 401. A bad key or option is ours (a 500 to fix), never the client's.
      if (isClientError(error)) return Response.json({ error: error.code }, { status: error.statusCode });
      throw error;
    }
  },
};
