// @skyddsnat/rules: dated, cited legal parameters and the försörjningsstöd calculation, pure TypeScript without I/O.
export * from './plain-date.ts';
export * from './plain-month.ts';
export * from './legal-references.ts';
export * from './decision-legal-basis.ts';
export * from './money-format.ts';
export * from './parameter-definitions.ts';
export * from './parameter-file.ts';
export * from './parameter-set.ts';
export * from './check-freshness.ts';
export * from './household-month.ts';
export * from './norm-rules.ts';
export * from './calculate-income-support.ts';
export * from './compile-month.ts';
export * from './calculate-batch.ts';
