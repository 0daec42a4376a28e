import { Ajv, type ErrorObject } from 'ajv';
import formatsPlugin from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

const addFormats = formatsPlugin.default;

/**
 * Two validators: JSON bodies are checked strictly (no type coercion, extra properties
 * rejected rather than silently dropped, which is what fastify's default would do);
 * query strings and path params arrive as text, so there numbers are coerced.
 */
function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    removeAdditional: false,
    useDefaults: true,
    coerceTypes: coerce,
    strict: true,
  });
  addFormats(ajv);
  return ajv;
}

const strictAjv = makeAjv(false);
const coercingAjv = makeAjv(true);

/** Fastify validator compiler: strict for bodies, coercing for querystring and params. */
export const validatorCompiler: FastifySchemaCompiler<Record<string, unknown>> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? strictAjv : coercingAjv;
  return ajv.compile<unknown>(schema);
};

/** A web link a patient may be sent: http:// or https:// only (never javascript:, data:, file:…). */
export const HTTP_LINK_PATTERN = '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s]+$';

/** Patterns said in words: a regular expression is not an error message. */
const PATTERN_WORDS: Record<string, string> = {
  [HTTP_LINK_PATTERN]: 'must be an http:// or https:// link',
};

/** Turns ajv errors into one readable sentence, e.g. `body: unknown property "colour"`. */
export function formatValidationErrors(errors: ErrorObject[], dataVar: string): string {
  const parts = errors.map((error) => {
    const where = dataVar + error.instancePath.replace(/\//g, '.');
    switch (error.keyword) {
      case 'additionalProperties':
        return `${where}: unknown property "${String(error.params.additionalProperty)}"`;
      case 'required':
        return `${where}: missing required property "${String(error.params.missingProperty)}"`;
      case 'minProperties':
        return `${where}: must set at least one property`;
      case 'enum':
        return `${where}: must be one of ${(error.params.allowedValues as unknown[]).map(String).join(', ')}`;
      case 'pattern': {
        const words = PATTERN_WORDS[String(error.params.pattern)];
        return words ? `${where}: ${words}` : `${where}: ${error.message ?? 'is invalid'}`;
      }
      default:
        return `${where}: ${error.message ?? 'is invalid'}`;
    }
  });
  return [...new Set(parts)].join('; ');
}
