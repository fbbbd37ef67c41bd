/**
 * Named enums for the OpenAPI document: `@ApiProperty({ ...SOME_ENUM, example })` turns the
 * property into a `$ref` to one `components.schemas[name]`, so the SDK gets one named type per
 * value set instead of an anonymous union per property.
 *
 * A name always means the same values in the same order: declaring a name again with other
 * values throws at start-up, and the document builder gives each named schema its own
 * description (not the first property's).
 */
export interface ApiEnum<T extends string = string> {
  readonly enum: T[];
  readonly enumName: string;
}

interface ApiEnumDefinition {
  values: readonly string[];
  description: string;
}

const definitions = new Map<string, ApiEnumDefinition>();

export function apiEnum<const T extends string>(
  name: string,
  values: readonly T[],
  description: string,
): ApiEnum<T> {
  const known = definitions.get(name);
  if (known && known.values.join('\u0000') !== values.join('\u0000')) {
    throw new Error(
      `OpenAPI enum ${name} is declared with [${values.join(', ')}] and [${known.values.join(', ')}]`,
    );
  }
  if (!known) definitions.set(name, { values: [...values], description });
  return { enum: [...values], enumName: name };
}

/**
 * The same enum for a query or path parameter: a reference to the named schema that keeps the
 * parameter's own `default` and `example` (with `enumName`, the generator drops them there).
 * Validation stays with class-validator (`@IsIn`).
 */
export function apiEnumParameter(named: ApiEnum, isArray = false): Record<string, unknown> {
  const ref = { $ref: `#/components/schemas/${named.enumName}` };
  return isArray ? { type: 'array', items: ref } : { type: 'string', allOf: [ref] };
}

/** Every named enum declared so far, by name. */
export function apiEnumDefinitions(): ReadonlyMap<string, Readonly<ApiEnumDefinition>> {
  return definitions;
}
