/**
 * The scenario schema compiled ahead of time (scripts/schemaValidator.mjs writes the module beside
 * this file from schemas/scenario.schema.json at every build; it is not committed). An ajv
 * validating function: true when the data is valid, else false with the errors in `errors`.
 */
import type { ErrorObject } from 'ajv';

interface ScenarioValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

declare const validate: ScenarioValidator;
export default validate;
