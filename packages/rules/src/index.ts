// @skyddsnat/rules: dated, cited legal parameters for economic assistance, starting with the statute provisions in force on a date.
export * from './plain-date.ts';
export * from './legal-references.ts';
