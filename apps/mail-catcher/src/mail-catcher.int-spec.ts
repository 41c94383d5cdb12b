import { createTransport, type Transporter } from 'nodemailer';
import { DEFAULT_MAX_MESSAGE_BYTES, type RunningMailCatcher, startMailCatcher } from './mail-catcher';
import { displayDateTime } from './vietnam-time';

const SUBJECT = 'Hồ sơ 000.17.22.H56-261206-0001 đã được tiếp nhận';
const TEXT = 'Kính gửi ông Nguyễn Văn An,\nHồ sơ của ông đã được tiếp nhận.\nTra cứu: http://127.0.0.1:3000/lookup';
const HTML =
  '<!doctype html><html lang="vi"><body><p class="mail-marker" style="color:#0b0c0c">Kính gửi ông <b>Nguyễn Văn An</b>,</p>' +
  '<p>Hồ sơ đã được tiếp nhận &amp; đang xử lý.</p><script>document.title="pwned"</script></body></html>';

const DEMO_ESMS = { apiKey: 'k', secretKey: 's', brandnames: ['UBND-TXUAN'] };

interface ApiMessage {
  id: string;
  messageId: string | null;
  from: string;
  to: string;
  subject: string;
  date: string;
  receivedAt: string;
  text: string | null;
  html: string | null;
  headers: Record<string, string>;
}

function transport(catcher: RunningMailCatcher): Transporter {
  return createTransport({ host: '127.0.0.1', port: catcher.smtpPort, secure: false, ignoreTLS: true });
}

async function messages(catcher: RunningMailCatcher): Promise<ApiMessage[]> {
  const res = await fetch(`${catcher.httpUrl}/api/messages`);
  expect(res.status).toBe(200);
  return (await res.json()) as ApiMessage[];
}

describe('the mail catcher', () => {
  let catcher: RunningMailCatcher;
  let mailer: Transporter;
  let sent: ApiMessage;

  beforeAll(async () => {
    catcher = await startMailCatcher({
      smtpHost: '127.0.0.1',
      smtpPort: 0,
      httpHost: '127.0.0.1',
      httpPort: 0,
      esms: DEMO_ESMS,
    });
    mailer = transport(catcher);
    const info = (await mailer.sendMail({
      from: '"Một Cửa – phường Thủy Xuân" <no-reply@motcua.local>',
      to: '"Nguyễn Văn An" <an.nguyen.with.a.very.long.address.that.has.to.wrap@example-mail-provider.vn>',
      subject: SUBJECT,
      text: TEXT,
      html: HTML,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Motcua-Dossier': '000.17.22.H56-261206-0001' },
    })) as { messageId: string };
    const list = await messages(catcher);
    expect(list).toHaveLength(1);
    sent = list[0] as ApiMessage;
    expect(sent.messageId).toBe(info.messageId);
  });

  afterAll(async () => {
    mailer?.close();
    await catcher?.close();
  });

  it('is healthy once both servers listen', async () => {
    const res = await fetch(`${catcher.httpUrl}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('parses the message: UTF-8 subject, addresses, both parts, headers of interest', async () => {
    expect(sent.subject).toBe(SUBJECT);
    expect(sent.from).toContain('Một Cửa – phường Thủy Xuân');
    expect(sent.from).toContain('no-reply@motcua.local');
    expect(sent.to).toContain('Nguyễn Văn An');
    expect(sent.text?.trim()).toBe(TEXT);
    expect(sent.html).toContain('<b>Nguyễn Văn An</b>');
    expect(sent.headers).toMatchObject({
      'auto-submitted': 'auto-generated',
      'x-motcua-dossier': '000.17.22.H56-261206-0001',
    });
    expect(new Date(sent.date).toISOString()).toBe(sent.date);
    const one = await fetch(`${catcher.httpUrl}/api/messages/${sent.id}`);
    expect(one.status).toBe(200);
    expect(await one.json()).toEqual(sent);
    expect((await fetch(`${catcher.httpUrl}/api/messages/999999`)).status).toBe(404);
  });

  it('lists it on the page with its time in Vietnam time, never ISO', async () => {
    const res = await fetch(`${catcher.httpUrl}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(res.headers.get('content-security-policy')).not.toMatch(/script-src/);
    const page = await res.text();
    expect(page).toContain('<html lang="vi">');
    expect(page).toContain('<h1>Hộp thư và tin nhắn thử nghiệm</h1>');
    expect(page).not.toContain('<script');
    expect(page).toContain(`<a href="/messages/${sent.id}">${SUBJECT}</a>`);
    const shown = displayDateTime(new Date(sent.receivedAt));
    expect(shown).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    expect(page).toMatch(new RegExp(`<time datetime="[^"]+\\+07:00">${shown}</time>`));
    // The only ISO-looking dates are machine-readable datetime attributes.
    expect(page.replace(/datetime="[^"]*"/g, '')).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('shows the HTML part only inside the sandboxed iframe, escaped, with the headers and the text part', async () => {
    const res = await fetch(`${catcher.httpUrl}/messages/${sent.id}`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).not.toMatch(/script-src/);
    const page = await res.text();
    // Nothing of the mail's markup is in the page itself...
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<b>Nguyễn Văn An</b>');
    expect(page).not.toContain('class="mail-marker"');
    // ...only in the srcdoc of a sandboxed frame (no allow-scripts), escaped for the attribute.
    const frames = [...page.matchAll(/<iframe\b[^>]*>/g)].map((m) => m[0]);
    expect(frames).toHaveLength(1);
    const frame = frames[0] ?? '';
    expect(frame).toMatch(/ sandbox /);
    expect(frame).not.toMatch(/allow-/);
    expect(frame).toMatch(/title="[^"]+"/);
    const srcdoc = /srcdoc="([^"]*)"/.exec(frame)?.[1] ?? '';
    expect(srcdoc).toContain('&lt;p class=&quot;mail-marker&quot; style=&quot;color:#0b0c0c&quot;&gt;');
    expect(srcdoc).toContain('&lt;script&gt;');
    expect(srcdoc).toContain('&amp;amp; đang xử lý');
    const unescaped = srcdoc
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    expect(unescaped).toBe(sent.html);
    // The text part, the Message-ID and the headers, escaped.
    expect(page).toContain('Hồ sơ của ông đã được tiếp nhận.');
    expect(page).toContain(`&lt;${(sent.messageId ?? '').slice(1, -1)}&gt;`);
    expect(page).toContain('x-motcua-dossier');
    expect(page).toContain(`<h1>${SUBJECT}</h1>`);
    expect((await fetch(`${catcher.httpUrl}/messages/nope`)).status).toBe(404);
  });

  it('escapes whatever the mail carries in its headers', async () => {
    await mailer.sendMail({
      from: 'no-reply@motcua.local',
      to: 'x@example.vn',
      subject: '<img src=x onerror=alert(1)> "trích" & \'dẫn\'',
      text: '<script>alert(2)</script>',
    });
    const [latest] = await messages(catcher);
    const list = await (await fetch(`${catcher.httpUrl}/`)).text();
    const detail = await (await fetch(`${catcher.httpUrl}/messages/${latest?.id}`)).text();
    for (const page of [list, detail]) {
      expect(page).not.toContain('<img');
      expect(page).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;trích&quot; &amp; &#39;dẫn&#39;');
    }
    expect(detail).not.toContain('<script');
    expect(detail).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(detail).toContain('Thư không có phần HTML.');
  });

  it('refuses a message over the size limit with an SMTP error and keeps nothing of it', async () => {
    const before = (await messages(catcher)).length;
    const big = 'x'.repeat(76) + '\r\n';
    const failure = (await mailer
      .sendMail({
        from: 'no-reply@motcua.local',
        to: 'x@example.vn',
        subject: 'Quá lớn',
        text: big.repeat(Math.ceil((DEFAULT_MAX_MESSAGE_BYTES + 1024 * 1024) / big.length)),
      })
      .then(
        () => null,
        (err: unknown) => err,
      )) as { responseCode?: number; response?: string } | null;
    expect(failure).not.toBeNull();
    expect(failure?.responseCode).toBe(552);
    expect(failure?.response).toMatch(/maximum message size/);
    expect(await messages(catcher)).toHaveLength(before);
  });

  it('confirms before clearing, then clears on the form post and redirects back', async () => {
    const confirm = await fetch(`${catcher.httpUrl}/clear`);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toMatch(/<form method="post" action="\/clear"/);
    const count = (await messages(catcher)).length;
    const foreign = await fetch(`${catcher.httpUrl}/clear`, {
      method: 'POST',
      headers: { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' },
      redirect: 'manual',
    });
    expect(foreign.status).toBe(403);
    expect(await messages(catcher)).toHaveLength(count);
    const res = await fetch(`${catcher.httpUrl}/clear`, { method: 'POST', redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/?da-xoa=${count}`);
    expect(await messages(catcher)).toHaveLength(0);
    expect(await (await fetch(`${catcher.httpUrl}${res.headers.get('location')}`)).text()).toContain(
      `Đã xóa ${count} thư và tin nhắn`,
    );
  });
});

describe('the mail catcher cap', () => {
  it('keeps the newest messages and drops the oldest past the cap', async () => {
    const catcher = await startMailCatcher({
      smtpHost: '127.0.0.1',
      smtpPort: 0,
      httpHost: '127.0.0.1',
      httpPort: 0,
      capacity: 3,
      esms: DEMO_ESMS,
    });
    const mailer = transport(catcher);
    try {
      for (let i = 1; i <= 5; i += 1) {
        await mailer.sendMail({ from: 'a@motcua.local', to: 'b@example.vn', subject: `Thư số ${i}`, text: `${i}` });
      }
      const list = await messages(catcher);
      expect(list.map((m) => m.subject)).toEqual(['Thư số 5', 'Thư số 4', 'Thư số 3']);
      expect((await fetch(`${catcher.httpUrl}/api/messages/1`)).status).toBe(404);
    } finally {
      mailer.close();
      await catcher.close();
    }
  });
});
