// The fake Devin API: see README.md in this folder.
export { startFakeApi, resolveSeed, versionOf } from './server.js';
export type { FakeApi, FakeApiOptions, FakeCredentials, RecordedCall } from './server.js';
export type { FakeFaults } from './faults.js';
export { FakeEnterprise } from './enterprise.js';
export type {
  AuditLogRec,
  CreateServiceUserInput,
  LegacyKeyRec,
  OrgRec,
  RoleRec,
  ServiceUserKeyRec,
  ServiceUserRec,
  SessionRec,
  UserRec,
} from './enterprise.js';
export { EnterpriseSeed, SEED_KIND, SEED_SCHEMA_VERSION } from './seed-schema.js';
export type { ParsedSeed } from './seed-schema.js';
export { generateEnterprise, type GenerateOptions } from './generate.js';
export { demoSeedPath, parseSeed, readSeedFile } from './load-seed.js';
export { createHandlers, createRouter, implementedIds, type FakeRouter } from './handlers.js';
export { deriveKeyValue } from './key-values.js';
