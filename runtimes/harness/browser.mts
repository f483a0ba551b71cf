/**
 * The page script for Chromium: bundled for the browser, loaded as a module script; the matrix
 * reads the report from `globalThis.jwtkitReport` with playwright.
 */
import * as jwtkit from 'jwtkit';
import { type Report, runConformance } from './conformance.mjs';
import fixtures from './fixtures.mjs';

(globalThis as { jwtkitReport?: Promise<Report> }).jwtkitReport = runConformance(jwtkit, fixtures);
