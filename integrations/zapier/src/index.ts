import zapier from 'zapier-platform-core';
import { authentication } from './authentication';
import { createContact } from './creates/create-contact';
import { createDeal } from './creates/create-deal';
import { createOrganisation } from './creates/create-organisation';
import { logInteraction } from './creates/log-interaction';
import { updateContact } from './creates/update-contact';
import { addApiKey, handleCrmErrors } from './middleware';
import { findContact } from './searches/find-contact';
import { findOrganisation } from './searches/find-organisation';
import { dropdownTriggers } from './triggers/dropdown-triggers';
import { instantTriggers } from './triggers/instant-triggers';

const { version } = require('../package.json') as { version: string };

/** The Zapier app of the CRM (see README.md beside this folder and docs/ZAPIER_SETUP.md). */
const App = {
  version,
  platformVersion: zapier.version,
  flags: {
    // Every call goes through z.request, which Zapier logs already: no need to patch Node's http module.
    skipHttpPatch: true,
    // A 429 reaches afterResponse, which turns it into a ThrottledError with the CRM's Retry-After.
    throwForThrottlingEarly: false,
  },
  authentication,
  beforeRequest: [addApiKey],
  afterResponse: [handleCrmErrors],
  triggers: { ...instantTriggers, ...dropdownTriggers },
  creates: {
    [createContact.key]: createContact,
    [updateContact.key]: updateContact,
    [createOrganisation.key]: createOrganisation,
    [createDeal.key]: createDeal,
    [logInteraction.key]: logInteraction,
  },
  searches: {
    [findContact.key]: findContact,
    [findOrganisation.key]: findOrganisation,
  },
  searchOrCreates: {
    find_contact: {
      key: 'find_contact',
      display: {
        label: 'Find or Create Contact',
        description: 'Finds a contact by e-mail or name, and creates it when there is none.',
      },
      search: 'find_contact',
      create: 'create_contact',
    },
    find_organisation: {
      key: 'find_organisation',
      display: {
        label: 'Find or Create Organisation',
        description: 'Finds an organisation by name, and creates it when there is none.',
      },
      search: 'find_organisation',
      create: 'create_organisation',
    },
  },
};

export = App;
