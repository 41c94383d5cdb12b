import Redis from 'ioredis';
import {
  clientCredentials,
  createForwardableDossiers,
  eventually,
  passwordGrant,
  PortalHarness,
  POLICE_AGENCY,
  SOCIAL_INSURANCE_AGENCY,
  startPortal,
  WebhookReceiver,
  WorkerProcess,
  nth,
} from '@app/testing';

type Json = Record<string, unknown>;
interface Answer {
  status: number;
  json: Json;
  headers: Headers;
}

/** A minimal PDF: what the upload checks recognise by its leading bytes. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
/** A scanned-size PDF (300 KB): more than the portal's general JSON limit once base64-encoded. */
const SCAN_PDF = Buffer.concat([PDF, Buffer.alloc(300 * 1024, 0x20), Buffer.from('\n%%EOF\n')]);

/**
 * The pull API of linked agencies with real client-credentials tokens of the police's and social insurance's
 * systems: the portal and the router worker run as built, on their own database and Redis prefix; the worker opens
 * the cases when a dossier is forwarded.
 */
describe('agency pull API and liên thông administration (real Keycloak, portal and worker)', () => {
  let portal: PortalHarness;
  let worker: WorkerProcess;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    portal = await startPortal();
    worker = await WorkerProcess.start({
      databaseUrl: portal.db.url,
      redisUrl: 'redis://127.0.0.1:6379',
      redisPrefix: portal.redisPrefix,
      env: { OUTBOX_POLL_INTERVAL_MS: '200', DELIVERY_RETRY_SCHEDULE: '1,1,1' },
      name: 'agency-pull worker',
    });
    tokens.police = (await clientCredentials('agency-police', 'dev-agency-police-secret')).access_token;
    tokens.bhxh = (await clientCredentials('agency-bhxh', 'dev-agency-bhxh-secret')).access_token;
    for (const user of ['tiepnhan', 'quantri', 'congdan']) tokens[user] = (await passwordGrant(user)).access_token;
  });

  afterAll(async () => {
    await worker?.stop();
    await portal?.stop();
    const redis = new Redis('redis://127.0.0.1:6379');
    const keys = portal ? await redis.keys(`*${portal.redisPrefix}*`) : [];
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  async function call(
    who: string | null,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const res = await fetch(`${portal.url}/api/v1${path}`, {
      method,
      headers: {
        ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const isJson = (res.headers.get('content-type') ?? '').includes('json');
    return { status: res.status, json: (isJson && text ? JSON.parse(text) : {}) as Json, headers: res.headers };
  }

  const fields = (a: Answer) => ((a.json.errors ?? []) as Array<{ field: string }>).map((e) => e.field);
  const items = (a: Answer) => (a.json.items ?? []) as Json[];

  /** A dossier in process at the ward, forwarded through the API by the desk; resolves with its id. */
  async function forwardedDossier(): Promise<string> {
    const id = nth(await createForwardableDossiers(portal.db.url, 1), 0);
    const forwarded = await call('tiepnhan', 'POST', `/dossiers/${id}/actions/forward_to_agency`, {});
    expect([forwarded.status, forwarded.json.status]).toEqual([200, 'awaiting_agency']);
    return id;
  }

  /** The case the worker opens for `agency` when the dossier is forwarded (waits for the worker). */
  async function caseOf(who: 'police' | 'bhxh', dossierId: string): Promise<Json> {
    let found: Json | undefined;
    await eventually(
      async () => {
        found = items(await call(who, 'GET', '/agency-cases?status=all&limit=200')).find(
          (c) => c.dossierId === dossierId,
        );
        return found !== undefined;
      },
      true,
      20_000,
    );
    if (!found) throw new Error(`no case of ${who} for dossier ${dossierId}:\n${worker.output()}`);
    return found;
  }

  async function events(dossierId: string): Promise<string[]> {
    const res = await call('tiepnhan', 'GET', `/dossiers/${dossierId}/events`);
    return (res.json as unknown as Array<{ action: string }>).map((e) => e.action);
  }

  it('pull mode: the police system lists the new case, acknowledges it, reports a status and answers', async () => {
    const dossierId = await forwardedDossier();
    const opened = await caseOf('police', dossierId);
    expect(opened).toMatchObject({ status: 'new', agencyCode: POLICE_AGENCY, stepCode: 'thuong-tru' });
    const caseId = opened.id as string;

    const fresh = await call('police', 'GET', '/agency-cases?status=new&limit=200');
    expect(items(fresh).map((c) => c.id)).toContain(caseId);

    const detail = await call('police', 'GET', `/agency-cases/${caseId}`);
    expect(detail.status).toBe(200);
    expect(detail.json.applicant).toMatchObject({ fullName: expect.stringMatching(/^Nguyễn Thị Công Dân/) });
    expect((detail.json.route as Json[]).map((r) => [r.stepCode, r.agencyCode]).sort()).toEqual(
      [
        ['the-bhyt', SOCIAL_INSURANCE_AGENCY],
        ['thuong-tru', POLICE_AGENCY],
      ].sort(),
    );

    const ack = await call('police', 'POST', `/agency-cases/${caseId}/acknowledge`);
    expect([ack.status, ack.json.status]).toEqual([200, 'acknowledged']);
    // A second acknowledgement is harmless: the same answer, nothing new on the trail.
    const again = await call('police', 'POST', `/agency-cases/${caseId}/acknowledge`);
    expect([again.status, again.json.status, again.json.acknowledgedAt]).toEqual([
      200,
      'acknowledged',
      ack.json.acknowledgedAt,
    ]);
    expect((await events(dossierId)).filter((a) => a === 'agency_acknowledged')).toHaveLength(1);
    expect(items(await call('police', 'GET', '/agency-cases?status=new&limit=200')).map((c) => c.id)).not.toContain(
      caseId,
    );

    const subStatuses = (await call('police', 'GET', '/agency-cases/sub-statuses')).json as unknown as Json[];
    expect(subStatuses.map((s) => s.code)).toEqual(expect.arrayContaining(['1', '2', '3']));
    const status = await call('police', 'POST', `/agency-cases/${caseId}/status`, {
      subStatus: '3',
      note: 'Đủ điều kiện đăng ký thường trú',
    });
    expect([status.status, status.json.status, status.json.subStatus]).toEqual([200, 'in_progress', '3']);

    const result = await call('police', 'POST', `/agency-cases/${caseId}/result`, {
      summary: 'Đã đăng ký thường trú cho trẻ.',
      documents: [{ fileName: 'xac-nhan-thuong-tru.pdf', contentBase64: SCAN_PDF.toString('base64') }],
    });
    expect([result.status, result.json.status]).toEqual([200, 'done']);
    const doc = nth((result.json.result as { documents: Json[] }).documents, 0, 'result document');
    expect(doc).toMatchObject({ fileName: 'xac-nhan-thuong-tru.pdf', mediaType: 'application/pdf' });
    const download = await fetch(`${portal.url}/api/v1/agency-cases/${caseId}/documents/${String(doc.fileId)}`, {
      headers: { authorization: `Bearer ${tokens.police}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await download.arrayBuffer()).equals(SCAN_PDF)).toBe(true);

    // The other agency of the stage has not answered: the dossier still waits; the desk sees the trail.
    expect((await call('tiepnhan', 'GET', `/dossiers/${dossierId}`)).json.status).toBe('awaiting_agency');
    expect(await events(dossierId)).toEqual(
      expect.arrayContaining(['forward_to_agency', 'agency_acknowledged', 'agency_status_reported', 'agency_result']),
    );

    // Social insurance answers too: the route is complete and the dossier is back at the ward.
    const bhxhCase = await caseOf('bhxh', dossierId);
    const bhxhResult = await call('bhxh', 'POST', `/agency-cases/${String(bhxhCase.id)}/result`, {
      summary: 'Đã cấp thẻ BHYT cho trẻ.',
      documents: [],
    });
    expect([bhxhResult.status, bhxhResult.json.status]).toEqual([200, 'done']);
    expect((await call('tiepnhan', 'GET', `/dossiers/${dossierId}`)).json.status).toBe('in_process');
    expect((await events(dossierId)).filter((a) => a === 'agency_answered')).toHaveLength(1);
  });

  it('closes a round early only with a reason, and the agency’s later result meets a cancelled case, not a stuck one', async () => {
    const dossierId = await forwardedDossier();
    const police = await caseOf('police', dossierId);
    // The desk records the agencies' answer while their cases are open: not without saying why.
    const bare = await call('tiepnhan', 'POST', `/dossiers/${dossierId}/actions/agency_answered`, {});
    expect(bare.status).toBe(400);
    expect((bare.json.errors as Array<{ field: string }>).map((e) => e.field)).toEqual(['reason']);
    const closed = await call('tiepnhan', 'POST', `/dossiers/${dossierId}/actions/agency_answered`, {
      reason: 'Công an đã trả lời bằng văn bản giấy',
    });
    expect([closed.status, closed.json.status]).toEqual([200, 'in_process']);
    // The cases ended with the dossier's move (no worker needed): the police's late result is told so.
    const listed = items(await call('police', 'GET', '/agency-cases?status=all&limit=200')).find(
      (c) => c.id === police.id,
    );
    expect(listed?.status).toBe('cancelled');
    const late = await call('police', 'POST', `/agency-cases/${String(police.id)}/result`, {
      summary: 'Đã đăng ký thường trú',
      documents: [{ fileName: 'ket-qua.pdf', contentBase64: PDF.toString('base64') }],
    });
    expect(late.status).toBe(409);
    expect(String(late.json.detail)).toMatch(/cancelled/);
    expect(await events(dossierId)).toEqual(expect.arrayContaining(['agency_answered', 'agency_case_cancelled']));
  });

  it('replays an answer sent again under the same Idempotency-Key and refuses the key with another body', async () => {
    const dossierId = await forwardedDossier();
    const caseId = (await caseOf('police', dossierId)).id as string;
    const key = { 'Idempotency-Key': `status:${caseId}:1` };
    const body = { subStatus: '1', note: 'Đã tiếp nhận hồ sơ cư trú' };

    const first = await call('police', 'POST', `/agency-cases/${caseId}/status`, body, key);
    expect([first.status, first.json.status, first.headers.get('idempotent-replayed')]).toEqual([
      200,
      'acknowledged',
      null,
    ]);
    const replay = await call('police', 'POST', `/agency-cases/${caseId}/status`, body, key);
    expect([replay.status, replay.headers.get('idempotent-replayed')]).toEqual([200, 'true']);
    expect(replay.json).toEqual(first.json);
    expect((await events(dossierId)).filter((a) => a === 'agency_status_reported')).toHaveLength(1);

    const other = await call('police', 'POST', `/agency-cases/${caseId}/status`, { ...body, subStatus: '3' }, key);
    expect([other.status, other.json.code, fields(other)]).toEqual([422, 'unprocessable', ['Idempotency-Key']]);
    const badKey = await call('police', 'POST', `/agency-cases/${caseId}/acknowledge`, undefined, {
      'Idempotency-Key': 'not a key!',
    });
    expect([badKey.status, fields(badKey)]).toEqual([400, ['Idempotency-Key']]);
    expect((await call('police', 'GET', `/agency-cases/${caseId}`)).json).toMatchObject({ subStatus: '1' });
  });

  it('shows another agency nothing of a case: not listed, 404 to read, acknowledge or download', async () => {
    const dossierId = await forwardedDossier();
    const policeCase = await caseOf('police', dossierId);
    const caseId = policeCase.id as string;
    const bhxhList = items(await call('bhxh', 'GET', '/agency-cases?status=all&limit=200'));
    expect(bhxhList.map((c) => c.id)).not.toContain(caseId);
    expect(bhxhList.every((c) => c.agencyCode === SOCIAL_INSURANCE_AGENCY)).toBe(true);
    const detail = (await call('police', 'GET', `/agency-cases/${caseId}`)).json;
    const fileId = (detail.documents as Array<{ fileId: string }>)[0]?.fileId ?? '00000000-0000-4000-8000-000000000000';
    for (const [method, path] of [
      ['GET', `/agency-cases/${caseId}`],
      ['POST', `/agency-cases/${caseId}/acknowledge`],
      ['POST', `/agency-cases/${caseId}/return`],
      ['GET', `/agency-cases/${caseId}/documents/${fileId}`],
    ] as const) {
      const res = await call('bhxh', method, path, method === 'GET' ? undefined : { reason: 'x' });
      expect([method, path, res.status]).toEqual([method, path, 404]);
    }
    expect((await call('police', 'GET', `/agency-cases/${caseId}`)).json.status).toBe('new');
    // People who are not officers of a linked agency never reach the API.
    expect((await call('tiepnhan', 'GET', '/agency-cases')).status).toBe(403);
    expect((await call('congdan', 'GET', '/agency-cases')).status).toBe(403);
    expect((await call(null, 'GET', '/agency-cases')).status).toBe(401);
  });

  it('answers bad input with 400 naming the field, and changes nothing', async () => {
    const dossierId = await forwardedDossier();
    const caseId = (await caseOf('police', dossierId)).id as string;
    const cases: Array<[string, string, unknown, string[]]> = [
      ['GET', '/agency-cases?status=bogus', undefined, ['status']],
      ['GET', '/agency-cases?limit=0', undefined, ['limit']],
      ['GET', '/agency-cases?after=not-a-cursor', undefined, ['after']],
      ['POST', `/agency-cases/${caseId}/status`, { note: 'thiếu mã' }, ['subStatus']],
      ['POST', `/agency-cases/${caseId}/status`, { subStatus: '9' }, ['subStatus']],
      ['POST', `/agency-cases/${caseId}/status`, { subStatus: '2' }, ['note']],
      ['POST', `/agency-cases/${caseId}/status`, { subStatus: '1', extra: true }, ['extra']],
      ['POST', `/agency-cases/${caseId}/result`, { summary: '   ', documents: [] }, ['summary']],
      ['POST', `/agency-cases/${caseId}/result`, { summary: 'Xong' }, ['documents']],
      [
        'POST',
        `/agency-cases/${caseId}/result`,
        { summary: 'Xong', documents: [{ fileName: 'a.pdf', contentBase64: '@@@' }] },
        ['documents.0.contentBase64'],
      ],
      [
        'POST',
        `/agency-cases/${caseId}/result`,
        {
          summary: 'Xong',
          documents: [{ fileName: 'ghi-chu.pdf', contentBase64: Buffer.from('chỉ là chữ').toString('base64') }],
        },
        ['documents[0].contentBase64'],
      ],
      [
        'POST',
        `/agency-cases/${caseId}/result`,
        { summary: 'Xong', documents: [{ fileName: '../../etc/passwd', contentBase64: PDF.toString('base64') }] },
        ['documents[0].fileName'],
      ],
      ['POST', `/agency-cases/${caseId}/return`, { reason: '' }, ['reason']],
    ];
    for (const [method, path, body, expected] of cases) {
      const res = await call('police', method, path, body);
      expect([method, path, res.status, res.json.code, fields(res)]).toEqual([
        method,
        path,
        400,
        'validation_failed',
        expected,
      ]);
    }
    expect((await call('police', 'GET', '/agency-cases/not-a-uuid')).status).toBe(404);
    expect((await call('police', 'GET', `/agency-cases/${caseId}`)).json).toMatchObject({
      status: 'new',
      subStatus: null,
      result: null,
    });
    expect(await events(dossierId)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^agency_(acknowledged|status_reported|result|returned)$/)]),
    );
  });

  it('lets an administrator read and replace a route, naming each problem of the steps', async () => {
    const list = await call('quantri', 'GET', '/admin/routes');
    expect(list.status).toBe(200);
    expect(list.json as unknown as Json[]).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'LT.KT-XTT-MTP', steps: 2 })]),
    );
    const route = await call('quantri', 'GET', '/admin/routes/LT.KT-XTT-MTP');
    const steps = (route.json.steps as Json[]).map(
      ({ stage, stepCode, name, agencyCode, budgetUnit, budgetAmount }) => ({
        stage,
        stepCode,
        name,
        agencyCode,
        budgetUnit,
        budgetAmount,
      }),
    );
    expect(steps.map((s) => s.stepCode)).toEqual(['xoa-thuong-tru', 'mai-tang-phi']);

    const put = (who: string, code: string, body: unknown) => call(who, 'PUT', `/admin/routes/${code}`, body);
    const bad = await put('quantri', 'LT.KT-XTT-MTP', {
      steps: [
        { ...steps[0], stepCode: 'Xoa Thuong Tru' },
        { ...steps[1], agencyCode: '000.99.99.H56', budgetAmount: 0 },
      ],
    });
    expect(bad.status).toBe(400);
    expect(fields(bad).sort()).toEqual(['steps[0].stepCode', 'steps[1].agencyCode', 'steps[1].budgetAmount'].sort());
    const unknownField = await put('quantri', 'LT.KT-XTT-MTP', { steps: [{ ...steps[0], agency: 'x' }] });
    expect([unknownField.status, fields(unknownField)]).toEqual([400, ['steps[0].agency']]);
    const gap = await put('quantri', 'LT.KT-XTT-MTP', { steps: [steps[0], { ...steps[1], stage: 3 }] });
    expect([gap.status, fields(gap)]).toEqual([400, ['steps']]);
    const tooLong = await put('quantri', 'LT.KT-XTT-MTP', { steps: [steps[0], { ...steps[1], budgetAmount: 365 }] });
    expect([tooLong.status, fields(tooLong)]).toEqual([400, ['steps']]);
    expect((await put('quantri', 'LT.KT-XTT-MTP', { steps: 'none' })).status).toBe(400);
    expect((await put('tiepnhan', 'LT.KT-XTT-MTP', { steps })).status).toBe(403);
    expect((await put('police', 'LT.KT-XTT-MTP', { steps })).status).toBe(403);
    expect((await call('quantri', 'GET', '/admin/routes/9.999999')).status).toBe(404);
    // Nothing of the refused edits was kept.
    expect((await call('quantri', 'GET', '/admin/routes/LT.KT-XTT-MTP')).json.steps).toEqual(route.json.steps);

    const parallel = await put('quantri', 'LT.KT-XTT-MTP', {
      steps: [steps[0], { ...steps[1], stage: 1, budgetUnit: 'working_hours', budgetAmount: 12 }],
    });
    expect(parallel.status).toBe(200);
    expect(
      ((await call('quantri', 'GET', '/admin/routes/LT.KT-XTT-MTP')).json.steps as Json[]).map((s) => [
        s.stepCode,
        s.stage,
        s.budgetUnit,
        s.budgetAmount,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['xoa-thuong-tru', 1, 'working_days', 2],
        ['mai-tang-phi', 1, 'working_hours', 12],
      ]),
    );
  });

  it('shows a dead-lettered delivery with its attempts and replays it to the receiver', async () => {
    const receiver = await WebhookReceiver.start({ secrets: ['whsec_dGVzdC1zZWNyZXQtbm90LXVzZWQteWV0LXh4eHg='] });
    try {
      const patched = await call('quantri', 'PATCH', `/admin/delivery-targets/${SOCIAL_INSURANCE_AGENCY}`, {
        mode: 'push',
        url: receiver.url,
        timeoutMs: 5000,
      });
      expect([patched.status, patched.json.mode, patched.json.hasSecret]).toEqual([200, 'push', true]);
      const badPatch = await call('quantri', 'PATCH', `/admin/delivery-targets/${SOCIAL_INSURANCE_AGENCY}`, {
        url: 'ftp://example.vn/hook',
        timeoutMs: 50,
      });
      expect([badPatch.status, fields(badPatch).sort()]).toEqual([400, ['timeoutMs', 'url']]);
      const rotated = await call(
        'quantri',
        'POST',
        `/admin/delivery-targets/${SOCIAL_INSURANCE_AGENCY}/rotate-secret`,
        {
          overlapHours: 0,
        },
      );
      expect(rotated.status).toBe(200);
      expect(rotated.json.secret).toMatch(/^whsec_/);
      receiver.useSecrets([rotated.json.secret as string]);
      receiver.answer(410);

      const dossierId = await forwardedDossier();
      await receiver.waitUntil(
        () => receiver.arrivals.length >= 1,
        20_000,
        () => worker.output(),
      );
      expect(receiver.arrivals[0]).toMatchObject({ status: 410, rejection: null });
      const deliveryId = nth(receiver.arrivals, 0).id;

      let target: Json | undefined;
      await eventually(
        async () => {
          const targets = (await call('quantri', 'GET', '/admin/delivery-targets')).json as unknown as Json[];
          target = targets.find((x) => x.code === SOCIAL_INSURANCE_AGENCY);
          return target?.dead;
        },
        1,
        10_000,
      );
      expect(target).toMatchObject({ mode: 'push', dead: 1, pending: 0, circuit: expect.any(String) });
      const dead = await call('quantri', 'GET', `/admin/deliveries?target=${SOCIAL_INSURANCE_AGENCY}&status=dead`);
      expect(items(dead).map((d) => d.id)).toEqual([deliveryId]);
      expect(items(dead)[0]).toMatchObject({ dossierId, status: 'dead', attempts: 1, lastStatusCode: 410 });
      const one = await call('quantri', 'GET', `/admin/deliveries/${deliveryId}`);
      expect(one.json.attemptsHistory).toEqual([
        expect.objectContaining({ attempt: 1, statusCode: 410, outcome: 'dead' }),
      ]);
      expect((await call('quantri', 'GET', '/admin/deliveries?status=sideways')).status).toBe(400);
      expect((await call('tiepnhan', 'GET', '/admin/deliveries')).status).toBe(403);
      expect((await call('tiepnhan', 'POST', `/admin/deliveries/${deliveryId}/replay`)).status).toBe(403);

      receiver.answer(204);
      const replayed = await call('quantri', 'POST', `/admin/deliveries/${deliveryId}/replay`);
      expect([replayed.status, replayed.json.status, replayed.json.attempts, replayed.json.replayCount]).toEqual([
        200,
        'pending',
        0,
        1,
      ]);
      await receiver.waitForEffects(1, 20_000, () => worker.output());
      expect(receiver.effectOf(deliveryId)).toBeDefined();
      expect(
        await eventually(
          async () => (await call('quantri', 'GET', `/admin/deliveries/${deliveryId}`)).json.status,
          'delivered',
        ),
      ).toBe('delivered');
      expect((await call('quantri', 'POST', `/admin/deliveries/${deliveryId}/replay`)).status).toBe(409);
      expect(
        (await call('quantri', 'POST', '/admin/deliveries/00000000-0000-4000-8000-000000000000/replay')).status,
      ).toBe(404);
      expect(await events(dossierId)).toContain('delivery_replayed');
      const none = await call('quantri', 'POST', `/admin/delivery-targets/${SOCIAL_INSURANCE_AGENCY}/replay-dead`);
      expect([none.status, none.json.replayed]).toEqual([200, 0]);
    } finally {
      await call('quantri', 'PATCH', `/admin/delivery-targets/${SOCIAL_INSURANCE_AGENCY}`, { mode: 'inbox' });
      await receiver.close();
    }
  });
});
