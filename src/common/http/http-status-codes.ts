/** Stable codes and titles for errors that come from the framework rather than a service. */
export const HTTP_STATUS_PROBLEMS: Record<number, { code: string; title: string }> = {
  400: { code: 'bad_request', title: 'Bad Request' },
  401: { code: 'unauthenticated', title: 'Unauthorized' },
  403: { code: 'forbidden', title: 'Forbidden' },
  404: { code: 'not_found', title: 'Not Found' },
  405: { code: 'method_not_allowed', title: 'Method Not Allowed' },
  406: { code: 'not_acceptable', title: 'Not Acceptable' },
  409: { code: 'conflict', title: 'Conflict' },
  413: { code: 'payload_too_large', title: 'Content Too Large' },
  415: { code: 'unsupported_media_type', title: 'Unsupported Media Type' },
  422: { code: 'unprocessable', title: 'Unprocessable Content' },
  429: { code: 'rate_limited', title: 'Too Many Requests' },
  500: { code: 'internal_error', title: 'Internal Server Error' },
  503: { code: 'service_unavailable', title: 'Service Unavailable' },
};
