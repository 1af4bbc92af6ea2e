// Typed errors of the HTTP client. Each names the endpoint as `METHOD /template` (never a
// concrete URL with a key in it, never headers) and carries only redacted text: the API's
// `detail` is passed through redactText in case a server echoes a credential back.
import type { ApiVersion } from '../catalog/index.js';
import { AuthError, DevinMigrateError, SafetyError } from '../errors.js';

/** `GET /v2/enterprise/api-keys` plus the catalogue id; identifies a call without its values. */
export interface EndpointLabel {
  id: string;
  version: ApiVersion;
  method: string;
  template: string;
}

export function endpointText(e: EndpointLabel): string {
  return `${e.method} ${e.template}`;
}

/** The API answered with an error status (after retries, where retries apply). */
export class ApiHttpError extends DevinMigrateError {
  readonly status: number;
  readonly endpoint: string;
  readonly endpointId: string;
  /** The API's explanation, redacted: `detail` string, 422 field list, or problem+json detail. */
  readonly detail: string | null;
  /** 422: one readable line per invalid field (`body.name: field required`). */
  readonly problems: readonly string[];
  /** 403: the permission the caller lacks, when the body names it. */
  readonly missingPermission: string | null;
  /** 429: how long the server asked us to wait, when it said. */
  readonly retryAfterMs: number | null;
  /** A POST/PATCH that may have been carried out although it failed (5xx): look before retrying. */
  readonly maybeApplied: boolean;
  readonly attempts: number;
  constructor(
    init: {
      status: number;
      endpoint: EndpointLabel;
      detail: string | null;
      problems?: readonly string[];
      missingPermission?: string | null;
      retryAfterMs?: number | null;
      maybeApplied?: boolean;
      attempts: number;
    },
    message: string,
    hint?: string,
  ) {
    super(init.status === 401 || init.status === 403 ? 'auth' : 'api', message, hint === undefined ? {} : { hint });
    this.status = init.status;
    this.endpoint = endpointText(init.endpoint);
    this.endpointId = init.endpoint.id;
    this.detail = init.detail;
    this.problems = init.problems ?? [];
    this.missingPermission = init.missingPermission ?? null;
    this.retryAfterMs = init.retryAfterMs ?? null;
    this.maybeApplied = init.maybeApplied ?? false;
    this.attempts = init.attempts;
  }
}

export class BadRequestError extends ApiHttpError {}
export class UnauthorizedError extends ApiHttpError {}
export class ForbiddenError extends ApiHttpError {}
export class NotFoundError extends ApiHttpError {}
export class ConflictError extends ApiHttpError {}
export class UnprocessableError extends ApiHttpError {}
export class RateLimitedError extends ApiHttpError {}
export class ServerError extends ApiHttpError {}

/** The API could not be reached, or the connection broke (after retries, where retries apply). */
export class NetworkError extends DevinMigrateError {
  readonly endpoint: string;
  readonly endpointId: string;
  /** undici / Node error code (`ECONNRESET`, `UND_ERR_SOCKET`, …). */
  readonly code: string;
  readonly maybeApplied: boolean;
  readonly attempts: number;
  constructor(
    init: { endpoint: EndpointLabel; code: string; maybeApplied: boolean; attempts: number; cause?: unknown },
    message: string,
    hint?: string,
  ) {
    super('network', message, { ...(hint === undefined ? {} : { hint }), cause: init.cause });
    this.endpoint = endpointText(init.endpoint);
    this.endpointId = init.endpoint.id;
    this.code = init.code;
    this.maybeApplied = init.maybeApplied;
    this.attempts = init.attempts;
  }
}

/** No answer within the configured connect/headers/body timeout. */
export class ApiTimeoutError extends NetworkError {
  readonly phase: 'connect' | 'headers' | 'body';
  readonly timeoutS: number;
  constructor(
    init: { endpoint: EndpointLabel; code: string; maybeApplied: boolean; attempts: number; phase: 'connect' | 'headers' | 'body'; timeoutS: number; cause?: unknown },
    message: string,
    hint?: string,
  ) {
    super(init, message, hint);
    this.phase = init.phase;
    this.timeoutS = init.timeoutS;
  }
}

/** A response body that does not have the shape this client relies on. */
export class ResponseShapeError extends DevinMigrateError {
  readonly endpoint: string;
  readonly endpointId: string;
  /** Dotted path of the first offending field (`items.3.org_id`), or `(root)`. */
  readonly fieldPath: string;
  readonly status: number;
  constructor(init: { endpoint: EndpointLabel; fieldPath: string; status: number }, message: string) {
    super('api', message, { hint: 'the API answered in a shape devin-migrate does not know; check --api-url, or report it with DEBUG=devin-migrate' });
    this.endpoint = endpointText(init.endpoint);
    this.endpointId = init.endpoint.id;
    this.fieldPath = init.fieldPath;
    this.status = init.status;
  }
}

/** A list endpoint that does not end (more pages than allowed, or the same cursor twice). */
export class PaginationError extends DevinMigrateError {
  readonly endpoint: string;
  constructor(endpoint: EndpointLabel, message: string) {
    super('api', message, { hint: 'the API kept returning pages; retry later or report it' });
    this.endpoint = endpointText(endpoint);
  }
}

/** A read-only (dry-run) client was asked to send a write. Nothing was sent. */
export class DryRunViolation extends SafetyError {
  readonly endpoint: string;
  constructor(endpoint: EndpointLabel) {
    super(`dry run: refused to send ${endpointText(endpoint)} (${endpoint.id}); a dry run only reads`, {
      hint: 'this is a bug in the caller: a dry run must not reach a write; report it',
    });
    this.endpoint = endpointText(endpoint);
  }
}

/** The request matches a catalogue row marked `forbidden` (the enterprise-wide revoke). */
export class ForbiddenEndpointError extends SafetyError {
  readonly endpoint: string;
  constructor(method: string, template: string, id: string) {
    super(`refused to send ${method} ${template} (${id}): devin-migrate never calls it`, {
      hint: 'it would revoke every API key of the enterprise at once; revoke keys one by one after verification',
    });
    this.endpoint = `${method} ${template}`;
  }
}

/** The client holds a key that the API version of this call does not accept. */
export class KeyTypeError extends AuthError {
  readonly version: ApiVersion;
  readonly endpoint: string;
  constructor(endpoint: EndpointLabel, message: string, hint: string) {
    super(message, { hint });
    this.version = endpoint.version;
    this.endpoint = endpointText(endpoint);
  }
}
