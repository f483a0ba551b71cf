/**
 * The Vercel Edge function: a service-worker style fetch listener, evaluated by edge-runtime
 * (@edge-runtime/vm) with the `edge-light` export condition, as Vercel's bundler resolves it.
 */
import * as jwtkit from 'jwtkit';
import { runConformance } from './conformance.mjs';
import fixtures from './fixtures.mjs';

interface FetchEvent extends Event {
  respondWith(response: Promise<Response>): void;
}

addEventListener('fetch', (event) => {
  (event as FetchEvent).respondWith(runConformance(jwtkit, fixtures).then((report) => new Response(JSON.stringify(report))));
});
