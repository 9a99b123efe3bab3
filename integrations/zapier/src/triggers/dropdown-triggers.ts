import type { Bundle, ZObject } from 'zapier-platform-core';
import { type CrmRecord, listNumberedPage } from '../api';
import { MANDAT_SAMPLE, ORGANISATION_SAMPLE, PERSON_SAMPLE } from '../records';

/**
 * Hidden polling triggers that feed the dynamic dropdowns of the actions ("Contact", "Organisation", "Deal"):
 * 100 records a page in alphabetical order, each with a `name` to show.
 */
const PAGE_SIZE = 100;

function pageOf(bundle: Bundle): number {
  const page = Number(bundle.meta?.page ?? 0);
  return Number.isInteger(page) && page > 0 ? page : 0;
}

export function contactLabel(p: CrmRecord): string {
  const name = [p.firstName, p.lastName].filter(Boolean).join(' ');
  return p.email ? `${name} (${String(p.email)})` : name;
}

function dropdown(opts: {
  key: string;
  noun: string;
  path: string;
  sort: string;
  label: (r: CrmRecord) => string;
  sample: Record<string, unknown>;
}) {
  const perform = async (z: ZObject, bundle: Bundle) => {
    const rows = await listNumberedPage(z, bundle, opts.path, { sort: opts.sort, limit: PAGE_SIZE }, pageOf(bundle));
    return rows.map((r) => ({ ...r, name: opts.label(r) }));
  };
  return {
    key: opts.key,
    noun: opts.noun,
    display: {
      label: `${opts.noun} List`,
      description: `Lists ${opts.noun.toLowerCase()}s for dropdowns (hidden).`,
      hidden: true,
    },
    operation: {
      type: 'polling' as const,
      canPaginate: true,
      perform,
      sample: { ...opts.sample, name: opts.label(opts.sample as CrmRecord) },
      outputFields: [
        { key: 'id', label: 'ID' },
        { key: 'name', label: 'Name' },
      ],
    },
  };
}

export const dropdownTriggers = {
  contact_list: dropdown({
    key: 'contact_list',
    noun: 'Contact',
    path: '/people',
    sort: 'lastName',
    label: contactLabel,
    sample: PERSON_SAMPLE,
  }),
  organisation_list: dropdown({
    key: 'organisation_list',
    noun: 'Organisation',
    path: '/organisations',
    sort: 'name',
    label: (o) => (o.city ? `${String(o.name)} (${String(o.city)})` : String(o.name)),
    sample: ORGANISATION_SAMPLE,
  }),
  deal_list: dropdown({
    key: 'deal_list',
    noun: 'Deal',
    path: '/mandats',
    sort: '-updatedAt',
    label: (m) => `${String(m.title)} (${String(m.stage)})`,
    sample: MANDAT_SAMPLE,
  }),
};
