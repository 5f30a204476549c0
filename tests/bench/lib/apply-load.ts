import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { latencyStats } from './stats.ts';

/**
 * Load generator for e-services, run as a separate process (so it does not share the server's event
 * loop): every applicant at once files one application with a file of its own — the draft, the
 * document (multipart), the submission with an Idempotency-Key — and the latencies are printed as JSON.
 */
type Job = {
  url: string;
  serviceId: number;
  fileBytes: number;
  sessions: { cookie: string; csrf: string }[];
  values: Record<string, unknown>;
};

const job = JSON.parse(process.argv[2]) as Job;
const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
const target = new URL(job.url);

function request(
  method: string,
  path: string,
  session: Job['sessions'][number],
  body: Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path,
        method,
        headers: { ...headers, 'content-length': body.length, cookie: session.cookie, 'x-csrf-token': session.csrf },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A PDF of `size` bytes, unique (content-addressed storage would keep one copy of equal files). */
function uniquePdf(size: number): Buffer {
  const head = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  const tail = Buffer.from('\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
  return Buffer.concat([head, randomBytes(Math.max(0, size - head.length - tail.length)), tail]);
}

function multipart(fields: Record<string, string>, file: Buffer): { body: Buffer; type: string } {
  const boundary = `----otklik${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="passport.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

async function apply(i: number): Promise<{ total: number; submit: number }> {
  const session = job.sessions[i];
  const json = { 'content-type': 'application/json' };
  const t0 = performance.now();
  const draft = await request(
    'POST',
    '/api/applications',
    session,
    Buffer.from(JSON.stringify({ serviceId: job.serviceId, applicantKind: 'person', values: job.values })),
    json,
  );
  if (draft.status !== 201) throw new Error(`draft ${draft.status}: ${draft.body}`);
  const id = JSON.parse(draft.body).id as number;
  const form = multipart({ documentCode: 'passport' }, uniquePdf(job.fileBytes));
  const file = await request('POST', `/api/applications/${id}/files`, session, form.body, {
    'content-type': form.type,
  });
  if (file.status !== 201) throw new Error(`file ${file.status}: ${file.body}`);
  const t1 = performance.now();
  const done = await request('POST', `/api/applications/${id}/submit`, session, Buffer.alloc(0), {
    'idempotency-key': `bench-${i}`,
  });
  if (done.status !== 200) throw new Error(`submit ${done.status}: ${done.body}`);
  const t2 = performance.now();
  return { total: t2 - t0, submit: t2 - t1 };
}

const started = performance.now();
const results = await Promise.allSettled(job.sessions.map((_, i) => apply(i)));
const seconds = (performance.now() - started) / 1000;
agent.destroy();
const ok = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
const errors = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason).slice(0, 300)] : []));
process.stdout.write(
  JSON.stringify({
    ok: ok.length,
    failed: errors.length,
    errors: errors.slice(0, 5),
    seconds,
    throughput: Math.round((ok.length / seconds) * 10) / 10,
    application: latencyStats(ok.map((r) => r.total)),
    submit: latencyStats(ok.map((r) => r.submit)),
  }),
);
