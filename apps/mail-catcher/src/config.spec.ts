import { loadMailCatcherConfig, MailCatcherConfigError } from './config';

describe('the mail catcher configuration', () => {
  it('has the documented defaults', () => {
    expect(loadMailCatcherConfig({})).toEqual({
      smtpHost: '127.0.0.1',
      smtpPort: 2525,
      httpHost: '127.0.0.1',
      httpPort: 3400,
      esms: { apiKey: 'motcua-demo-api-key', secretKey: 'motcua-demo-secret-key', brandnames: ['UBND-TXUAN'] },
    });
  });

  it('reads MAIL_CATCHER_* and treats blank values as unset', () => {
    expect(
      loadMailCatcherConfig({
        MAIL_CATCHER_SMTP_HOST: '0.0.0.0',
        MAIL_CATCHER_SMTP_PORT: '2625',
        MAIL_CATCHER_HTTP_HOST: ' ',
        MAIL_CATCHER_HTTP_PORT: '3401',
      }),
    ).toMatchObject({ smtpHost: '0.0.0.0', smtpPort: 2625, httpHost: '127.0.0.1', httpPort: 3401 });
  });

  it('names every bad variable', () => {
    try {
      loadMailCatcherConfig({
        MAIL_CATCHER_SMTP_PORT: '0',
        MAIL_CATCHER_HTTP_PORT: 'http',
        MAIL_CATCHER_HTTP_HOST: 'a b',
      });
      throw new Error('expected a configuration error');
    } catch (err) {
      expect(err).toBeInstanceOf(MailCatcherConfigError);
      const problems = (err as MailCatcherConfigError).problems;
      expect(problems).toHaveLength(3);
      expect(problems.join('\n')).toMatch(/MAIL_CATCHER_SMTP_PORT.*"0"/);
      expect(problems.join('\n')).toMatch(/MAIL_CATCHER_HTTP_PORT.*"http"/);
      expect(problems.join('\n')).toMatch(/MAIL_CATCHER_HTTP_HOST.*"a b"/);
    }
  });

  it('refuses one port for both servers on one host', () => {
    expect(() => loadMailCatcherConfig({ MAIL_CATCHER_SMTP_PORT: '3400' })).toThrow(/must differ/);
  });
});
