import { loadSimConfig, SimConfigError } from './config';

const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

describe('the simulator configuration', () => {
  it('has the documented defaults', () => {
    expect(loadSimConfig({ SIM_WEBHOOK_SECRET: secret })).toEqual({
      host: '127.0.0.1',
      port: 3300,
      publicUrl: 'http://127.0.0.1:3300',
      portalUrl: 'http://127.0.0.1:3000',
      tokenUrl: 'http://localhost:8180/realms/motcua/protocol/openid-connect/token',
      clientId: 'national-portal',
      clientSecret: 'dev-national-portal-secret',
      webhookSecret: secret,
      province: 'H56',
      stateFile: null,
    });
  });

  it('normalises URLs (no trailing slash)', () => {
    const config = loadSimConfig({
      SIM_WEBHOOK_SECRET: secret,
      SIM_PUBLIC_URL: 'http://localhost:3300/',
      SIM_PORTAL_URL: 'https://portal.example/motcua/',
    });
    expect(config.publicUrl).toBe('http://localhost:3300');
    expect(config.portalUrl).toBe('https://portal.example/motcua');
  });

  it('stops on bad values, naming each variable and never printing the secret', () => {
    let error: unknown;
    try {
      loadSimConfig({
        SIM_PORT: '70000',
        SIM_PUBLIC_URL: 'http://127.0.0.1:3300/sim',
        SIM_TOKEN_URL: 'ftp://x',
        SIM_WEBHOOK_SECRET: 'whsec_c2hvcnQ=',
        SIM_PROVINCE: 'h56',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SimConfigError);
    const problems = (error as SimConfigError).problems;
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'SIM_PORT',
      'SIM_PUBLIC_URL',
      'SIM_TOKEN_URL',
      'SIM_WEBHOOK_SECRET',
      'SIM_PROVINCE',
    ]);
    expect((error as Error).message).not.toContain('c2hvcnQ');
  });

  it('requires the webhook secret, saying where npm run up keeps it', () => {
    expect(() => loadSimConfig({})).toThrow(/SIM_WEBHOOK_SECRET: is required.*national-portal-sim\.secret/);
  });
});
