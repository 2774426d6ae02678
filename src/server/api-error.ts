/**
 * The API's error catalogue: stable codes with their HTTP status. Bodies are
 * `{ error: { code, message, details? } }`; the codes are for programs, the messages for people.
 */
export const API_ERRORS = {
  E_BAD_REQUEST: {
    status: 400,
    meaning: 'a query parameter or body field is missing or invalid (details list them)',
  },
  E_BAD_CURSOR: { status: 400, meaning: 'the cursor is not one the API gave' },
  E_UNAUTHORIZED: {
    status: 401,
    meaning: 'the route needs `Authorization: Bearer <token>` with a token from `marsad user add`',
  },
  E_FORBIDDEN_ORIGIN: {
    status: 403,
    meaning: 'a cross-origin request from an origin not allowed by `marsad serve --cors-origin`',
  },
  E_NOT_FOUND: {
    status: 404,
    meaning: 'no such route, or no document, event, incident, person or group with that id',
  },
  E_UNKNOWN_PLACE: { status: 422, meaning: 'an edit names a place the gazetteer does not know' },
  E_PAYLOAD_TOO_LARGE: {
    status: 413,
    meaning: 'the body is larger than the limit (`marsad serve --max-body`)',
  },
  E_UNSUPPORTED_MEDIA: {
    status: 415,
    meaning: 'the body is neither JSON nor a multipart form with a `file` field',
  },
  E_BAD_TEXT: { status: 422, meaning: 'the text to ingest is empty, binary or not UTF-8' },
  E_RATE_LIMITED: {
    status: 429,
    meaning:
      'too many requests from this token or address (`marsad serve --rate-limit`); retry after the seconds of the Retry-After header',
  },
  E_DATABASE: { status: 503, meaning: 'the database failed; nothing was changed by the request' },
  E_INTERNAL: { status: 500, meaning: 'an unexpected failure (a bug)' },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ApiErrorCode = keyof typeof API_ERRORS;

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
    /** Response headers that go with the error (Retry-After of E_RATE_LIMITED). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get status(): number {
    return API_ERRORS[this.code].status;
  }

  toJSON() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details !== undefined ? { details: this.details } : {}),
      },
    };
  }
}
