/** No request body of the API nests deeper than this (a match request's preferred windows are three levels). */
export const MAX_BODY_DEPTH = 8;

/**
 * The top-level field under which `value` nests deeper than `maxDepth`
 * levels ("body" when the document itself is the culprit), or undefined.
 * Iterative, so a body nested 20,000 levels costs a loop, not the stack that
 * class-transformer's recursion would overflow.
 */
export function fieldNestedTooDeep(value: unknown, maxDepth = MAX_BODY_DEPTH): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const pending: Array<{ node: object; depth: number; field: string }> = [];
  if (Array.isArray(value)) pending.push({ node: value, depth: 1, field: 'body' });
  else
    for (const [key, child] of Object.entries(value))
      if (child !== null && typeof child === 'object') pending.push({ node: child as object, depth: 2, field: key });
  while (pending.length > 0) {
    const { node, depth, field } = pending.pop()!;
    if (depth > maxDepth) return field;
    for (const child of Object.values(node))
      if (child !== null && typeof child === 'object') pending.push({ node: child as object, depth: depth + 1, field });
  }
  return undefined;
}
