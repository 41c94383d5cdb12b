/**
 * The demo deployment's data (phường Thủy Xuân with its history, its agencies, catalogue and inter-agency routes), loaded by the portal's
 * `seed` command and by tests. Production code never imports it: each lib's barrel holds only the writer that loads
 * such data into its own tables.
 */
export * from './demo-agencies';
export * from './demo-procedures';
export * from './demo-routing';
export * from './demo-feedback';
