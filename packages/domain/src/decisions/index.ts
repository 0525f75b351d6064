// Decisions on economic assistance: kinds, what blocks signing, delegation, routine months.
export * from './decision-kinds.ts';
export * from './signing-gate.ts';
export * from './delegation.ts';
export * from './required-documents.ts';
export * from './routine.ts';
export * from './reason-templates.ts';
