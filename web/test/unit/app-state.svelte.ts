// Stand-in for SvelteKit's `$app/state` in unit tests: a page whose data a test may set (the
// locale, the signed-in user), reactive like the real one.
export const page = $state({ data: { locale: "en" } as Record<string, unknown> });
