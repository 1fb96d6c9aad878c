// The search section's contract in one import: the section schema (searchSection.ts), its rules
// (searchRules.ts), the resolved section (resolvedSearch.ts) and the search record on disk
// (searchRecord.ts).
export * from './searchSection';
export * from './resolvedSearch';
export * from './searchRules';
export * from './searchRecord';
