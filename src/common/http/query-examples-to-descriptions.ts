import type { OpenAPIObject } from '@nestjs/swagger';

type Json = Record<string, unknown>;

/** The example of a parameter, wherever the DTO put it (parameter, schema or items), removed. */
function takeExample(parameter: Json): unknown {
  const schema = parameter.schema as Json | undefined;
  const items = schema?.items as Json | undefined;
  const named = parameter.examples as Record<string, { value?: unknown }> | undefined;
  const candidates = [
    parameter.example,
    schema?.example,
    Object.values(named ?? {})[0]?.value,
    (schema?.examples as unknown[] | undefined)?.[0],
    items?.example,
  ];
  delete parameter.example;
  delete parameter.examples;
  for (const holder of [schema, items]) {
    if (!holder) continue;
    delete holder.example;
    delete holder.examples;
  }
  return candidates.find((value) => value !== undefined);
}

function render(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(',') : String(value);
}

/**
 * Swagger UI's "Try it out" fills a query parameter with its example and sends it, so a list
 * opened with every filter's example answers nothing. Query parameters therefore carry no
 * example: it moves into the description ("Example: `…`"), which is shown but never sent.
 * Defaults stay: they are what the server assumes anyway.
 */
export function moveQueryExamplesToDescriptions(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item as Record<string, { parameters?: unknown[] }>)) {
      for (const parameter of (operation?.parameters ?? []) as Json[]) {
        if (parameter.in !== 'query') continue;
        const example = takeExample(parameter);
        const fallback = (parameter.schema as Json | undefined)?.default;
        if (example === undefined || render(example) === render(fallback)) continue;
        const note = `Example: \`${render(example)}\``;
        const base =
          typeof parameter.description === 'string' ? parameter.description.trimEnd() : '';
        parameter.description = !base ? note : `${base}${/[.!?:]$/.test(base) ? '' : '.'} ${note}`;
      }
    }
  }
}
