// Public surface of the ISO 20022 bank files: pain.001 writer, pain.002 reader, schema check.
export * from './pain001.ts';
export * from './pain002.ts';
export {
  validateAgainstXsd,
  PAIN001_XSD_PATH,
  type XsdValidationResult,
} from './xsd-validation.ts';
