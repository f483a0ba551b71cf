/**
 * The Cloudflare Worker: the checks run inside the fetch handler, as a request to a deployed
 * Worker would run them. Bundled with workerd's export conditions, as wrangler does.
 */
import * as jwtkit from 'jwtkit';
import { runConformance } from './conformance.mjs';
import fixtures from './fixtures.mjs';

export default {
  async fetch(): Promise<Response> {
    return Response.json(await runConformance(jwtkit, fixtures));
  },
};
