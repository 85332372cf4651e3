import { caseInsensitiveHeaders } from '../request/template-request.js';

const decoder = new TextDecoder();

/**
 * The `response` templates see after an `http` action, named as on a `requests`
 * response: `status_code`, `content` and `text` (the body as text), `headers`
 * (case-insensitive), `ok`, `reason`, `json()`.
 */
export function responseForTemplates(response: Response, content: Uint8Array): Record<string, unknown> {
  const text = decoder.decode(content);
  // requests' CaseInsensitiveDict: response.headers["Content-Type"] and ["content-type"] both work.
  const headers = caseInsensitiveHeaders(response.headers);
  return {
    status_code: response.status,
    content: text,
    text,
    headers,
    ok: response.ok,
    reason: response.statusText || REASONS[response.status] || '',
    url: response.url,
    json: () => JSON.parse(text) as unknown,
  };
}

const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};
