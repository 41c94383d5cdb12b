import { DEMO_PROCEDURES } from '@app/seed';
import { validateVersionContent } from './procedure-content';
import { nth } from '@app/testing';

describe('procedure content rules', () => {
  it.each(DEMO_PROCEDURES.map((p) => [p.code, p] as const))(
    'the seeded procedure %s passes the admin checks',
    (_, p) => {
      expect(validateVersionContent({ ...p.content })).toEqual([]);
    },
  );

  const base = { ...nth(DEMO_PROCEDURES, 0).content } as Record<string, unknown>;
  const fields = (patch: Record<string, unknown>) => validateVersionContent({ ...base, ...patch }).map((e) => e.field);

  it('names each wrong field with its path', () => {
    expect(fields({ timeLimit: { unit: 'weeks', amount: -1 } })).toEqual(['timeLimit.unit', 'timeLimit.amount']);
    expect(fields({ channels: [1, 4] })).toEqual(['channels']);
    expect(fields({ requiredDocuments: [{ name: '', originals: 1, copies: 0, required: true }] })).toEqual([
      'requiredDocuments[0].name',
    ]);
    expect(fields({ fees: [{ name: 'Phí', rule: { kind: 'fixed', amount: '2000' } }] })).toEqual([
      'fees[0].rule.amount',
    ]);
    expect(
      fields({
        formSchema: {
          fields: [
            { key: 'a', label: { vi: 'A', en: 'A' }, type: 'text' },
            { key: 'a', label: { vi: 'B', en: 'B' }, type: 'text' },
          ],
        },
      }),
    ).toEqual(['formSchema.fields[1].key']);
  });

  it('keeps the online level consistent with the online channel', () => {
    expect(fields({ channels: [1], onlineLevel: 'full' })).toEqual(['onlineLevel']);
    expect(fields({ channels: [1, 2], onlineLevel: 'none' })).toEqual(['onlineLevel']);
    expect(fields({ channels: [1], onlineLevel: 'none' })).toEqual([]);
  });

  it('asks an inter-agency procedure to list its components', () => {
    expect(fields({ interAgency: true, components: [] })).toEqual(['components']);
  });
});
