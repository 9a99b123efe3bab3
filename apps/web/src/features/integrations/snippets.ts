/**
 * Signature-verification examples, as in docs/WEBHOOKS.md ("Verifying the signature"): keep the two in step.
 */
export const SNIPPETS = [
  {
    id: 'javascript',
    label: 'JavaScript',
    code: `import express from 'express';
import { Webhook } from 'standardwebhooks';

const wh = new Webhook(process.env.CRM_WEBHOOK_SECRET); // whsec_...
const app = express();
app.post('/crm-hook', express.raw({ type: 'application/json' }), (req, res) => {
  let event;
  try {
    event = wh.verify(req.body.toString('utf8'), req.headers); // throws on a bad signature or timestamp
  } catch {
    return res.status(400).end();
  }
  // Deduplicate on req.headers['webhook-id'], then queue the work and answer fast.
  res.status(204).end();
});
`,
  },
  {
    id: 'python',
    label: 'Python',
    code: `import base64, hashlib, hmac, time

def verify(secret: str, headers: dict, body: bytes) -> bool:
    msg_id, ts, sigs = headers["webhook-id"], headers["webhook-timestamp"], headers["webhook-signature"]
    if abs(time.time() - int(ts)) > 300:
        return False
    key = base64.b64decode(secret.removeprefix("whsec_"))
    expected = base64.b64encode(hmac.new(key, f"{msg_id}.{ts}.".encode() + body, hashlib.sha256).digest()).decode()
    return any(hmac.compare_digest(expected, s.split(",", 1)[1]) for s in sigs.split(" "))
`,
  },
] as const;

/** The headers every delivery carries (docs/WEBHOOKS.md, "What we send"). */
export const SENT_HEADERS = [
  'content-type',
  'user-agent',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'x-crm-event-type',
] as const;
