// Mocha's setup (.mocharc.json "require"): the tests run the TypeScript sources without a build,
// so the one generated module they import, the scenario schema compiled ahead of time, is brought
// up to date with the schema first (a no-op when it already is).
import { ensureSchemaValidator } from '../scripts/schemaValidator.mjs';

ensureSchemaValidator();
