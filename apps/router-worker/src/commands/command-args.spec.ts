import { parseReconciliationArgs, parseVerifyArgs, UsageError } from './command-args';

describe('operations command arguments', () => {
  it('verifies one dossier by id or by code, a period, or everything', () => {
    expect(parseVerifyArgs(['--dossier', '0B0E9F9C-1111-4222-8333-444455556666'])).toEqual({
      kind: 'dossier',
      dossierId: '0b0e9f9c-1111-4222-8333-444455556666',
    });
    expect(parseVerifyArgs(['--dossier', '000.17.22.H56-250407-0001'])).toEqual({
      kind: 'dossierCode',
      code: '000.17.22.H56-250407-0001',
    });
    expect(parseVerifyArgs([])).toEqual({ kind: 'all' });
  });

  it('reads a period as whole days in Vietnam', () => {
    expect(parseVerifyArgs(['--from', '2025-04-01', '--to', '2025-04-30'])).toEqual({
      kind: 'period',
      from: new Date('2025-03-31T17:00:00Z'),
      to: new Date('2025-04-30T17:00:00Z'),
    });
    expect(
      parseReconciliationArgs(['--to', '2025-04-01', '--from', '2025-04-01', '--target', 'national-portal']),
    ).toEqual({
      from: new Date('2025-03-31T17:00:00Z'),
      to: new Date('2025-04-01T17:00:00Z'),
      targetCode: 'national-portal',
    });
  });

  it.each([
    [['--dossier'], /--dossier needs a value/],
    [['--from', '2025-04-01'], /--from and --to are given together/],
    [['--from', '2025-02-30', '--to', '2025-03-01'], /--from must be a date YYYY-MM-DD, got "2025-02-30"/],
    [['--from', '2025-04-02', '--to', '2025-04-01'], /--from \(2025-04-02\) is after --to \(2025-04-01\)/],
    [['--dossier', 'x', '--from', '2025-04-01', '--to', '2025-04-01'], /either --dossier or --from\/--to/],
    [['--dossier', 'a', '--dossier', 'b'], /--dossier is given twice/],
    [['--verbose', 'yes'], /unknown argument --verbose/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseVerifyArgs(argv)).toThrow(UsageError);
    expect(() => parseVerifyArgs(argv)).toThrow(message);
  });

  it('needs the period for the reconciliation', () => {
    expect(() => parseReconciliationArgs([])).toThrow(/--from and --to are required/);
  });
});
