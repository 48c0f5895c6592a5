/** Where the service keeps its data, as read from `DATABASE_URL`. */
export type DatabaseTarget =
  | { kind: 'sqlite'; /** a file path, or `:memory:` */ path: string }
  | { kind: 'postgres'; url: string };

/**
 * Reads `sqlite:<path>` (relative to the working directory, or absolute), `sqlite::memory:`,
 * or `postgres://…` / `postgresql://…`. Returns undefined for anything else.
 */
export const parseDatabaseUrl = (url: string): DatabaseTarget | undefined => {
  const trimmed = url.trim();
  if (/^sqlite:/i.test(trimmed)) {
    const path = trimmed.slice('sqlite:'.length);
    if (path === '' || path === '//') return undefined;
    // `sqlite:///abs/path` and `sqlite://rel/path` are common spellings of a file URL.
    if (path.startsWith('///')) return { kind: 'sqlite', path: path.slice(2) };
    if (path.startsWith('//')) return { kind: 'sqlite', path: path.slice(2) };
    return { kind: 'sqlite', path };
  }
  if (/^postgres(ql)?:\/\//i.test(trimmed)) {
    try {
      const parsed = new URL(trimmed);
      if (parsed.hostname === '' && !parsed.searchParams.has('host')) return undefined;
      return { kind: 'postgres', url: trimmed };
    } catch {
      return undefined;
    }
  }
  return undefined;
};
