import { entryHash, GENESIS_HASH, verifyChain } from './exchange-log';
import { nth } from '@app/testing';

function chain(n: number) {
  const rows = [];
  let prev = GENESIS_HASH;
  for (let i = 0; i < n; i++) {
    const entry = {
      dossierId: '7f1c7c3e-4a53-4a8e-9a57-3f1f5a2c8b11',
      agencyCaseId: null,
      direction: i % 2 === 0 ? ('out' as const) : ('in' as const),
      counterparty: '000.31.22.H56',
      messageType: 'agency_case.opened',
      messageId: `m-${i}`,
      body: JSON.stringify({ i }),
      signature: i % 2 === 0 ? `v1,sig${i}` : null,
      recordedAt: new Date(Date.UTC(2026, 10, 26, 1, 0, i)),
      prevHash: prev,
    };
    const hash = entryHash(entry);
    rows.push({
      id: String(i + 1),
      dossier_id: entry.dossierId,
      agency_case_id: entry.agencyCaseId,
      direction: entry.direction,
      counterparty: entry.counterparty,
      message_type: entry.messageType,
      message_id: entry.messageId,
      body: entry.body,
      signature: entry.signature,
      recorded_at: entry.recordedAt,
      prev_hash: prev,
      hash,
    });
    prev = hash;
  }
  return rows;
}

describe('exchange log hash chain', () => {
  it('verifies an intact chain', () => {
    expect(verifyChain(chain(5))).toEqual([]);
  });

  it('detects a changed body, signature or time at the entry itself', () => {
    for (const change of [
      { body: '{"i":99}' },
      { signature: 'v1,forged' },
      { recorded_at: new Date(Date.UTC(2026, 0, 1)) },
    ]) {
      const rows = chain(4);
      Object.assign(nth(rows, 2), change);
      expect(verifyChain(rows)).toEqual([expect.objectContaining({ entryId: '3', problem: 'hash_mismatch' })]);
    }
  });

  it('detects a removed or reordered entry as a broken link', () => {
    const removed = chain(4);
    removed.splice(1, 1);
    expect(verifyChain(removed)).toEqual([expect.objectContaining({ entryId: '3', problem: 'broken_link' })]);
    const swapped = chain(4);
    swapped.splice(1, 2, nth(swapped, 2), nth(swapped, 1));
    expect(verifyChain(swapped).map((p) => p.problem)).toContain('broken_link');
  });

  it('detects a rewritten entry even when its hash was recomputed', () => {
    const rows = chain(4);
    const forged = nth(rows, 1);
    forged.body = '{"i":"forged"}';
    forged.hash = entryHash({
      dossierId: forged.dossier_id,
      agencyCaseId: null,
      direction: forged.direction,
      counterparty: forged.counterparty,
      messageType: forged.message_type,
      messageId: forged.message_id,
      body: forged.body,
      signature: forged.signature,
      recordedAt: forged.recorded_at,
      prevHash: forged.prev_hash,
    });
    expect(verifyChain(rows)).toEqual([expect.objectContaining({ entryId: '3', problem: 'broken_link' })]);
  });
});
