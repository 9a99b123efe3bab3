// Module boundaries of the CRM, checked by `npm run lint:boundaries` (scripts/check-boundaries.mjs) as part of
// `npm run lint`. Today's leaks are listed in .dependency-cruiser-known-violations.json, an allowlist that can only
// shrink: see "Boundaries" in docs/ARCHITECTURE.md.
//
// Paths are relative to the repository root. Type-only imports (`import type`) count like any other import.

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'features-through-public-modules',
      comment:
        'A server feature uses another feature only through its public modules: *.service.ts (behaviour), ' +
        '*.entity.ts (entity definition) and *.contracts.ts (its Zod API schemas). Its repos, routes, schema ' +
        'and helpers stay private so that a feature can change its storage and internals alone. ' +
        '@crm/contracts (packages/contracts) is always fine.',
      severity: 'error',
      from: { path: '^apps/server/src/features/([^/]+)/' },
      to: {
        path: '^apps/server/src/features/[^/]+/',
        pathNot: ['^apps/server/src/features/$1/', '\\.(service|entity|contracts)\\.ts$'],
      },
    },
    {
      name: 'drizzle-only-in-repos',
      comment:
        'SQL stays in the data-access layer: drizzle-orm (and its subpaths) is imported only by *.repo.ts and ' +
        '*.schema.ts files, by the database layer apps/server/src/platform/db/ and by apps/server/src/db/ ' +
        '(schema barrel, migrations). Tests (*.test.ts, apps/server/test/) may use it freely. Type-only imports ' +
        '(`import type { SQL }`, to declare what a repo hands over) build no query and are not counted. Scope: ' +
        'the server (bench/ seeds and measures the database directly and is not part of the architecture).',
      severity: 'error',
      from: {
        path: '^apps/server/src/',
        pathNot: [
          '\\.repo\\.ts$',
          '\\.schema\\.ts$',
          '\\.test\\.ts$',
          '^apps/server/src/platform/db/',
          '^apps/server/src/db/',
        ],
      },
      to: { path: '(^|/)node_modules/drizzle-orm/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'platform-imports-no-feature',
      comment:
        'The platform (apps/server/src/platform/) is the base the features build on: it never imports a ' +
        'feature, neither directly nor through apps/server/src/db/schema.ts (the drizzle-kit barrel that ' +
        're-exports every feature table) nor through apps/server/src/features.ts (the feature registry). ' +
        'Features plug into the platform by registration instead.',
      severity: 'error',
      from: { path: '^apps/server/src/platform/' },
      to: { path: '^apps/server/src/(features/|features\\.ts$|db/schema\\.ts$)' },
    },
    {
      name: 'web-features-independent',
      comment:
        'Web features (apps/web/src/features/<a>/) do not import each other: shared pieces go to ' +
        'apps/web/src/ui/ or apps/web/src/app/, so that a page can be changed or removed alone.',
      severity: 'error',
      from: { path: '^apps/web/src/features/([^/]+)/' },
      to: { path: '^apps/web/src/features/[^/]+/', pathNot: '^apps/web/src/features/$1/' },
    },
    {
      name: 'web-ui-no-data',
      comment:
        'apps/web/src/ui/ is the design system: pieces that take what they show as props and fetch nothing (no API ' +
        'client, no TanStack Query; the error class is api/problem.ts); what loads or saves records lives in app/, records/ or a feature.',
      severity: 'error',
      from: { path: '^apps/web/src/ui/' },
      to: { path: ['^apps/web/src/api/client\\.ts$', '@tanstack/react-query', '^apps/web/src/app/directory\\.ts$'] },
    },
    {
      name: 'integrations-not-server',
      comment:
        'The Make and Zapier apps are clients of the public API: they may use @crm/contracts but not the ' +
        "server's sources (apps/server/src/), whose internals are free to change.",
      severity: 'error',
      from: { path: '^integrations/' },
      to: { path: '^apps/server/src/' },
    },
    {
      name: 'no-circular',
      comment:
        'No import cycle at run time: a cycle makes module initialisation order matter (a value read before ' +
        'its module has run) and ties the modules of the cycle together. Cycles made only of type-only imports ' +
        '(`import type`, erased before run time) are not counted.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/|^apps/server/src/db/migrations/' },
    // Imports name the .ts file itself (allowImportingTsExtensions); the workspace packages resolve through
    // node_modules/@crm/* to their sources (@crm/contracts: "exports" → packages/contracts/src/index.ts).
    tsConfig: { fileName: 'tsconfig.base.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    skipAnalysisNotInRules: false,
  },
};
