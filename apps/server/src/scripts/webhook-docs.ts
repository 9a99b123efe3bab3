/** `npm run docs:webhooks`: writes the payload examples of docs/WEBHOOKS.md from the webhook samples. */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderSamplesSection, withSamplesSection } from '../features/webhooks/samples-doc.ts';

const doc = join(dirname(fileURLToPath(import.meta.url)), '../../../../docs/WEBHOOKS.md');
writeFileSync(doc, withSamplesSection(readFileSync(doc, 'utf8'), renderSamplesSection()));
console.log(`written ${doc}`);
