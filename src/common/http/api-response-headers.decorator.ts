import { DECORATORS, type HeaderObject } from '@nestjs/swagger';

type ResponseEntries = Record<string, { headers?: Record<string, HeaderObject> } | undefined>;

/**
 * Documents response headers on an operation's `status` response without touching its type or
 * description, whichever side of `@ApiOkResponse` it is written on: it merges into the entry
 * already declared, and an entry declared later keeps these headers.
 */
export function ApiResponseHeaders(
  status: number,
  headers: Record<string, HeaderObject>,
): MethodDecorator {
  return (_target, _key, descriptor) => {
    const handler = descriptor.value as object;
    const responses =
      (Reflect.getMetadata(DECORATORS.API_RESPONSE, handler) as ResponseEntries | undefined) ?? {};
    const entry = responses[String(status)] ?? {};
    Reflect.defineMetadata(
      DECORATORS.API_RESPONSE,
      { ...responses, [status]: { ...entry, headers: { ...entry.headers, ...headers } } },
      handler,
    );
    return descriptor;
  };
}
