/**
 * The object without its undefined-valued keys: zod leaves optional keys present-but-undefined,
 * which would shadow defaults when spread and show up in deep comparisons.
 */
export function definedOnly<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
