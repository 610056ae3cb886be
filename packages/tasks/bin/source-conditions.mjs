// Resolve workspace packages to their TypeScript sources (the `kornlp-source` export condition),
// so the CLI runs from a checkout with no build step.
export async function resolve(specifier, context, nextResolve) {
  const conditions = context.conditions.includes('kornlp-source')
    ? context.conditions
    : ['kornlp-source', ...context.conditions];
  return nextResolve(specifier, { ...context, conditions });
}
