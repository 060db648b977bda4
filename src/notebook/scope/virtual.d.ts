// Served by scripts/cell-scope/integration.mjs at dev and build time.
declare module 'virtual:cell-scope' {
  export const entries: import('./entries').ScopeEntry[];
  export const tfMembers: import('./entries').TfMember[];
}
