import type { Bundle, ZObject } from 'zapier-platform-core';
import { crmRequest, normaliseBaseUrl } from './api';

/** The signed-in user as `GET /api/v1/auth/me` answers it. */
export interface CrmUser {
  id: string;
  email: string;
  name: string;
  role: string;
  teamId: string | null;
  locale: string;
}

/** Connection test: the key's user; a bad URL or key fails here with the CRM's reason. */
async function test(z: ZObject, bundle: Bundle): Promise<CrmUser> {
  const me = await crmRequest<{ user?: CrmUser }>(z, bundle, { method: 'GET', path: '/auth/me' });
  if (!me?.user?.id) {
    throw new z.errors.Error(
      'This address answered, but not like the CRM: check the CRM URL (the address you open the CRM at).',
      'auth.not_a_crm',
      502,
    );
  }
  return me.user;
}

/** "Marie Dupont (marie@firm.fr) on crm.firm.fr": who and which CRM, to tell connections apart. */
function connectionLabel(_z: ZObject, bundle: Bundle): string {
  const user = bundle.inputData as Partial<CrmUser>;
  let host = '';
  try {
    host = new URL(normaliseBaseUrl(bundle.authData.baseUrl)).host;
  } catch {
    host = '';
  }
  const who = user.name ? `${user.name} (${user.email})` : String(user.email ?? 'CRM user');
  return host ? `${who} on ${host}` : who;
}

export const authentication = {
  type: 'custom' as const,
  fields: [
    {
      key: 'baseUrl',
      label: 'CRM URL',
      required: true,
      type: 'string' as const,
      helpText: 'The address you open the CRM at, e.g. `https://crm.example.com`.',
    },
    {
      key: 'apiKey',
      label: 'API key',
      required: true,
      type: 'password' as const,
      helpText:
        'A personal API key (`crm_...`): in the CRM, open the user menu → Profile → API keys, create a key with the ' +
        '`read` and `write` scopes and paste it here. Zapier acts as you: it sees and changes what you may.',
    },
  ],
  test,
  connectionLabel,
};
