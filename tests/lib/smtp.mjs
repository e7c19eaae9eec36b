// smtp.mjs — a small SMTP server on a loopback port, started by the tests that
// need one: it speaks enough of RFC 5321 (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP,
// QUIT) for a real client to deliver, undoes dot-stuffing, and records every
// message with its envelope and raw bytes. parseMessage() reads what was sent:
// unfolded headers, RFC 2047 encoded words, base64 or quoted-printable bodies.
import { createServer } from 'node:net';

// startSmtp() -> {port, url, messages, waitFor(pred, ms), close()}
export async function startSmtp() {
  const messages = [];
  const sockets = new Set();
  const server = createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {});
    sock.setEncoding('latin1'); // keep the bytes as they came
    let buf = '';
    let inData = false;
    let env = { from: null, to: [] };
    let lines = [];
    const reply = (s) => sock.write(`${s}\r\n`);
    reply('220 localhost ESMTP test listener');
    sock.on('data', (chunk) => {
      buf += chunk;
      for (let i = buf.indexOf('\r\n'); i >= 0; i = buf.indexOf('\r\n')) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            const raw = Buffer.from(lines.join('\r\n') + '\r\n', 'latin1');
            messages.push({ from: env.from, to: env.to, raw, lines: [...lines] });
            env = { from: null, to: [] };
            lines = [];
            reply('250 2.0.0 queued');
          } else {
            lines.push(line.startsWith('.') ? line.slice(1) : line); // RFC 5321 4.5.2
          }
          continue;
        }
        const verb = line.split(' ')[0].toUpperCase();
        if (verb === 'EHLO') { sock.write('250-localhost\r\n250 8BITMIME\r\n'); }
        else if (verb === 'HELO') reply('250 localhost');
        else if (/^MAIL FROM:/i.test(line)) { env.from = /<([^>]*)>/.exec(line)?.[1] ?? null; reply('250 2.1.0 ok'); }
        else if (/^RCPT TO:/i.test(line)) {
          if (!env.from) { reply('503 5.5.1 need MAIL first'); continue; }
          env.to.push(/<([^>]*)>/.exec(line)?.[1] ?? ''); reply('250 2.1.5 ok');
        } else if (verb === 'DATA') {
          if (!env.to.length) { reply('503 5.5.1 need RCPT first'); continue; }
          inData = true;
          reply('354 end data with <CR><LF>.<CR><LF>');
        } else if (verb === 'RSET') { env = { from: null, to: [] }; reply('250 ok'); }
        else if (verb === 'NOOP') reply('250 ok');
        else if (verb === 'QUIT') { reply('221 bye'); sock.end(); }
        else reply('502 5.5.2 not implemented');
      }
    });
  });
  await new Promise((ok, fail) => { server.once('error', fail); server.listen(0, '127.0.0.1', ok); });
  const { port } = server.address();
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    // Resolves with the first message pred accepts, waiting up to ms.
    async waitFor(pred, ms = 15000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const m = messages.find(pred);
        if (m) return m;
        if (Date.now() > deadline) throw new Error(`no matching message within ${ms} ms (${messages.length} received)`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((ok) => server.close(() => ok()));
    },
  };
}

// Decodes RFC 2047 encoded words ("=?UTF-8?B?...?=" and "?Q?") in a header value;
// whitespace between two encoded words is dropped, as the RFC says.
export function decodeWords(value) {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset, enc, text) => {
      const bytes = enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1');
      return new TextDecoder(charset.toLowerCase()).decode(bytes);
    });
}

// parseMessage(raw Buffer) -> {headers: Map(lower-case name -> raw unfolded value),
// subject (decoded), from, to, body (decoded text), headerLines}
export function parseMessage(raw) {
  const text = raw.toString('latin1');
  const split = text.indexOf('\r\n\r\n');
  const head = text.slice(0, split);
  const bodyRaw = text.slice(split + 4);
  const headers = new Map();
  const headerLines = head.split('\r\n');
  let last = null;
  for (const line of headerLines) {
    if (/^[ \t]/.test(line) && last) headers.set(last, `${headers.get(last)}\r\n${line}`);
    else {
      const c = line.indexOf(':');
      last = line.slice(0, c).toLowerCase();
      headers.set(last, line.slice(c + 1).trim());
    }
  }
  const unfold = (v) => (v ?? '').replace(/\r\n(?=[ \t])/g, '');
  const cte = unfold(headers.get('content-transfer-encoding')).toLowerCase();
  let bytes;
  if (cte === 'base64') bytes = Buffer.from(bodyRaw.replace(/\s+/g, ''), 'base64');
  else if (cte === 'quoted-printable') {
    bytes = Buffer.from(bodyRaw.replace(/=\r\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1');
  } else bytes = Buffer.from(bodyRaw, 'latin1');
  return {
    headers,
    headerLines,
    subject: decodeWords(unfold(headers.get('subject'))),
    from: decodeWords(unfold(headers.get('from'))),
    to: unfold(headers.get('to')),
    body: new TextDecoder('utf-8', { fatal: true }).decode(bytes),
  };
}
