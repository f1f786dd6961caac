// Kept only so that branches written before test/helpers/fixtures.ts still compile: import from there instead.
export * from './fixtures.js';
export { createPool as newPool, createClient as newClient } from './fixtures.js';
