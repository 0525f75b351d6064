// Public surface of payments: payee accounts (bank account, bankgiro, plusgiro, IBAN) and their checks.
export * from './account-result.ts';
export * from './check-digits.ts';
export * from './swedish-banks.ts';
export * from './bank-account.ts';
export * from './giro-number.ts';
export * from './iban.ts';
export * from './payee-account.ts';
