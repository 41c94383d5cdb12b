import { loadSimConfig, SimConfigError } from './config';
import { checkPdfFonts } from './demo-pdf';
import { log } from './log';
import { PortalClient, TokenClient } from './portal-client';
import { createSimServer } from './server';
import { SimStore } from './sim-store';
import { Simulator } from './simulator';

/**
 * A local stand-in for Cổng Dịch vụ công quốc gia (docs/national-portal.md §6): a separate process that files
 * dossiers to the portal's inbound adapter, serves their files, and receives the statuses pushed back.
 */
function main(): void {
  let config;
  try {
    config = loadSimConfig(process.env);
  } catch (err) {
    if (err instanceof SimConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  checkPdfFonts();
  const store = new SimStore(config.stateFile);
  const tokens = new TokenClient({
    tokenUrl: config.tokenUrl,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
  });
  const portal = new PortalClient(config.portalUrl, tokens);
  const server = createSimServer(config, new Simulator(config, store, portal));
  server.keepAliveTimeout = 5_000;
  server.requestTimeout = 180_000;

  server.on('error', (err: NodeJS.ErrnoException) => {
    const reason =
      err.code === 'EADDRINUSE'
        ? `${config.host}:${config.port} is already in use (SIM_PORT)`
        : err.code === 'EADDRNOTAVAIL'
          ? `${config.host} is not an address of this machine (SIM_HOST)`
          : err.message;
    process.stderr.write(`national-portal-sim: cannot listen: ${reason}\n`);
    process.exit(1);
  });
  server.listen(config.port, config.host, () => {
    log('info', 'national portal simulator listening', {
      listen: `http://${config.host}:${config.port}`,
      publicUrl: config.publicUrl,
      portal: portal.endpoint,
      tokenUrl: config.tokenUrl,
      clientId: config.clientId,
      province: config.province,
      stateFile: config.stateFile,
    });
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', `${signal} received: stopping`);
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => {
      server.closeAllConnections();
      process.exit(0);
    }, 5_000).unref();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

try {
  main();
} catch (err) {
  process.stderr.write(`national-portal-sim: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
