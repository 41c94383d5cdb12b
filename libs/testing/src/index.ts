export * from './test-database';
export * from './keycloak.helpers';
export * from './app-process';
export * from './portal.harness';
export * from './browser';
export * from './dossier.helpers';
