// Every call goes to the public GraphQL endpoint, as any frontend would.
// Automatic persisted queries: a query is first sent by its SHA-256 alone;
// the server asks for the text once (PERSISTED_QUERY_NOT_FOUND) and keeps it.

const endpoint = '/graphql';
const hashes = new Map();

async function sha256(text) {
  if (!globalThis.crypto?.subtle) return null; // plain http off localhost: send the text
  if (!hashes.has(text)) {
    const buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    hashes.set(text, [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join(''));
  }
  return hashes.get(text);
}

// ApiError carries what the page needs to say what went wrong: a code
// (the server's extensions.code, or NETWORK) and, when rate limited, how
// long to wait.
export class ApiError extends Error {
  constructor(code, message, retryAfter) {
    super(message);
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

async function post(body, signal) {
  let res;
  try {
    res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError('NETWORK', e.message);
  }
  let json = null;
  try {
    json = await res.json();
  } catch {
    // a proxy's HTML error page, or a cut connection
  }
  const retryAfter = Number(res.headers.get('Retry-After')) || undefined;
  if (!json) {
    const code = res.status === 429 ? 'RATE_LIMITED' : res.status >= 500 ? 'UNAVAILABLE' : 'BAD_REQUEST';
    throw new ApiError(code, `HTTP ${res.status}`, retryAfter);
  }
  json.retryAfter = retryAfter;
  return json;
}

// gql runs a query and answers its data, or throws an ApiError with the
// first error's code.
export async function gql(query, variables = {}, { signal } = {}) {
  const hash = await sha256(query);
  let json;
  if (hash) {
    const ext = { persistedQuery: { version: 1, sha256Hash: hash } };
    json = await post({ variables, extensions: ext }, signal);
    if (json.errors?.some((e) => e.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND')) {
      json = await post({ query, variables, extensions: ext }, signal);
    }
  } else {
    json = await post({ query, variables }, signal);
  }
  if (json.errors?.length) {
    const e = json.errors[0];
    const err = new ApiError(e.extensions?.code || 'INTERNAL', e.message, json.retryAfter);
    err.data = json.data; // what did resolve, for a page that can show part of it
    throw err;
  }
  return json.data;
}
