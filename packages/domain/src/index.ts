// Public surface of the domain package.
export * from './roles.ts';
export * from './access-policy.ts';
export * from './personnummer.ts';
export * from './case/index.ts';
export * from './decisions/index.ts';
export * from './payments/index.ts';
