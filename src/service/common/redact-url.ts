/** Query parameter names whose values are credentials: never written to a log. */
const SECRET_NAME = /token|secret|passw|pwd|key|auth|session|signature|credential/i;

const nameOf = (encoded: string): string => {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, ' '));
  } catch {
    return encoded;
  }
};

/**
 * The URL with the value of every query parameter named like a credential (`access_token`,
 * `api_key`, `password`, `client_secret`…) replaced by `[redacted]`: for the request log.
 */
export const redactUrl = (url: string): string => {
  const question = url.indexOf('?');
  if (question === -1) return url;
  const query = url
    .slice(question + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals === -1 ? pair : pair.slice(0, equals);
      return equals !== -1 && SECRET_NAME.test(nameOf(name)) ? `${name}=[redacted]` : pair;
    })
    .join('&');
  return `${url.slice(0, question)}?${query}`;
};
