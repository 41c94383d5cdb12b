import { loadVnpaySandboxConfig, VnpaySandboxConfigError } from './config';

describe('the VNPay sandbox configuration', () => {
  it('has the documented defaults', () => {
    expect(loadVnpaySandboxConfig({})).toEqual({
      host: '127.0.0.1',
      port: 3500,
      tmnCode: 'MOTCUA01',
      hashSecret: 'MOTCUADEMOSECRETKEY0123456789ABC',
      merchantName: 'Cổng dịch vụ công Một Cửa – phường Thủy Xuân',
      ipnUrl: null,
      ipnMaxAttempts: 5,
      ipnRetryMs: 2000,
      stateFile: null,
    });
  });

  it('reads VNPAY_SANDBOX_* and treats blank values as unset', () => {
    expect(
      loadVnpaySandboxConfig({
        VNPAY_SANDBOX_HOST: ' ',
        VNPAY_SANDBOX_PORT: '3501',
        VNPAY_SANDBOX_TMN_CODE: 'ABCD1234',
        VNPAY_SANDBOX_IPN_URL: 'http://127.0.0.1:3000/api/v1/payments/vnpay/ipn',
        VNPAY_SANDBOX_IPN_MAX_ATTEMPTS: '3',
        VNPAY_SANDBOX_IPN_RETRY_MS: '0',
        VNPAY_SANDBOX_STATE_FILE: 'var/run/vnpay.json',
      }),
    ).toMatchObject({
      host: '127.0.0.1',
      port: 3501,
      tmnCode: 'ABCD1234',
      ipnUrl: 'http://127.0.0.1:3000/api/v1/payments/vnpay/ipn',
      ipnMaxAttempts: 3,
      ipnRetryMs: 0,
      stateFile: 'var/run/vnpay.json',
    });
  });

  it('names every bad variable and never shows the secret', () => {
    try {
      loadVnpaySandboxConfig({
        VNPAY_SANDBOX_PORT: '70000',
        VNPAY_SANDBOX_TMN_CODE: 'MOT CUA',
        VNPAY_SANDBOX_HASH_SECRET: 'short secret',
        VNPAY_SANDBOX_IPN_URL: 'ftp://example.test/ipn',
        VNPAY_SANDBOX_IPN_MAX_ATTEMPTS: '0',
        VNPAY_SANDBOX_IPN_RETRY_MS: 'soon',
      });
      throw new Error('expected a configuration error');
    } catch (err) {
      expect(err).toBeInstanceOf(VnpaySandboxConfigError);
      const text = (err as VnpaySandboxConfigError).problems.join('\n');
      expect((err as VnpaySandboxConfigError).problems).toHaveLength(6);
      expect(text).toMatch(/VNPAY_SANDBOX_PORT.*"70000"/);
      expect(text).toMatch(/VNPAY_SANDBOX_TMN_CODE.*"MOT CUA"/);
      expect(text).toMatch(/VNPAY_SANDBOX_HASH_SECRET.*value not shown/);
      expect(text).not.toContain('short secret');
      expect(text).toMatch(/VNPAY_SANDBOX_IPN_URL.*"ftp:\/\/example.test\/ipn"/);
      expect(text).toMatch(/VNPAY_SANDBOX_IPN_MAX_ATTEMPTS.*"0"/);
      expect(text).toMatch(/VNPAY_SANDBOX_IPN_RETRY_MS.*"soon"/);
    }
  });
});
