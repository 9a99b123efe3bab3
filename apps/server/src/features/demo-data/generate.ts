/**
 * Deterministic demo dataset of a French fund distributor: the same `size` and `seed` (and `now`) always
 * give the same rows, ids included. Plain row objects, ready for multi-row inserts (see seed.ts).
 *
 * Sizes for N = `size` people: organisations ≈ N/20 (min 30), mandates ≈ N/5, products ≈ 40 + N/250 (max
 * 400), interactions ≈ 1.5 N (max 150,000), tasks ≈ N/2 (max 50,000).
 *
 * E-mail addresses and web sites use the reserved `.example` top-level domain (RFC 2606), so that a
 * campaign sent by mistake to demo contacts can never reach a real mailbox.
 */
import {
  type LostReasonCode,
  type MandatStage,
  OPEN_MANDAT_STAGES,
  type OrganisationCategory,
  type OrganisationType,
  type Source,
  STAGE_PROBABILITY,
} from '@crm/contracts';
import { v7 } from 'uuid';
import type { interactionParticipants, interactions } from '../interactions/interactions.schema.ts';
import type { mandatProduits, mandatStageChanges, mandats } from '../mandats/mandats.schema.ts';
import { organisationNameKey } from '../organisations/name-key.ts';
import type { organisations } from '../organisations/organisations.schema.ts';
import type { people, personOrganisations } from '../people/people.schema.ts';
import { withIsinCheckDigit } from '../produits/isin.ts';
import type { produits } from '../produits/produits.schema.ts';
import type { tasks } from '../tasks/tasks.schema.ts';
import { createRng, type Rng } from './prng.ts';
import {
  ASSET_CLASSES,
  CGPI_PATTERNS,
  CITIES,
  type City,
  CLIENT_STRATEGIES,
  DATA_SOURCES,
  FIRST_NAMES,
  INSTITUTION_PATTERNS,
  INTERACTION_OUTCOMES,
  INTERACTION_TITLES,
  JOB_TITLES,
  LAST_NAMES,
  LOST_REASON_DETAILS,
  MANCO_PATTERNS,
  NAME_ROOTS,
  ORG_TAGS,
  OTHER_PATTERNS,
  SDG_STRATEGIES,
  SDG_SUFFIXES,
  SGIIC_PATTERNS,
  STREETS,
  SWISS_PATTERNS,
  TASK_TITLES,
  WHOLESALE_PATTERNS,
} from './vocab.ts';

export type DemoTeamKey = 'france' | 'wholesale' | 'international';
export interface DemoTeam {
  id: string;
  key: DemoTeamKey;
  name: string;
  description: string;
}
export interface DemoUser {
  id: string;
  teamId: string;
  role: 'manager' | 'user' | 'viewer';
  name: string;
  email: string;
}

export const DEMO_TEAMS: readonly Omit<DemoTeam, 'id'>[] = [
  { key: 'france', name: 'Distribution France', description: 'Sociétés de gestion et CGP en France (démo)' },
  {
    key: 'wholesale',
    name: 'Wholesale & Institutionnels',
    description: 'Banques privées, plateformes, assureurs (démo)',
  },
  {
    key: 'international',
    name: 'Luxembourg & International',
    description: 'ManCos luxembourgeoises, Suisse, Belgique, Espagne (démo)',
  },
];
/** Demo users: e-mails on the reserved `.example` domain; passwords are random and never shown. */
export const DEMO_USERS: readonly { team: DemoTeamKey; role: DemoUser['role']; name: string; email: string }[] = [
  { team: 'france', role: 'manager', name: 'Claire Fontaine', email: 'claire.fontaine@crm-demo.example' },
  { team: 'france', role: 'user', name: 'Julien Marchal', email: 'julien.marchal@crm-demo.example' },
  { team: 'france', role: 'user', name: 'Inès Garnier', email: 'ines.garnier@crm-demo.example' },
  { team: 'france', role: 'viewer', name: 'Paul Aubry', email: 'paul.aubry@crm-demo.example' },
  { team: 'wholesale', role: 'manager', name: 'Hélène Rolland', email: 'helene.rolland@crm-demo.example' },
  { team: 'wholesale', role: 'user', name: 'Thibault Lemoine', email: 'thibault.lemoine@crm-demo.example' },
  { team: 'wholesale', role: 'user', name: 'Margaux Vidal', email: 'margaux.vidal@crm-demo.example' },
  { team: 'wholesale', role: 'viewer', name: 'Bruno Caron', email: 'bruno.caron@crm-demo.example' },
  { team: 'international', role: 'manager', name: 'Xavier Weber', email: 'xavier.weber@crm-demo.example' },
  { team: 'international', role: 'user', name: 'Lucía Serrano', email: 'lucia.serrano@crm-demo.example' },
  { team: 'international', role: 'user', name: 'Luca Ferrari', email: 'luca.ferrari@crm-demo.example' },
  { team: 'international', role: 'viewer', name: 'Amina Haddad', email: 'amina.haddad@crm-demo.example' },
];

export type OrganisationRow = typeof organisations.$inferInsert;
export type PersonRow = typeof people.$inferInsert;
export type PersonOrganisationRow = typeof personOrganisations.$inferInsert;
export type ProduitRow = typeof produits.$inferInsert;
export type MandatRow = typeof mandats.$inferInsert;
export type MandatStageChangeRow = typeof mandatStageChanges.$inferInsert;
export type MandatProduitRow = typeof mandatProduits.$inferInsert;
export type InteractionRow = typeof interactions.$inferInsert;
export type InteractionParticipantRow = typeof interactionParticipants.$inferInsert;
export type TaskRow = typeof tasks.$inferInsert;

export interface DemoData {
  teams: DemoTeam[];
  users: DemoUser[];
  organisations: OrganisationRow[];
  people: PersonRow[];
  personOrganisations: PersonOrganisationRow[];
  produits: ProduitRow[];
  mandats: MandatRow[];
  mandatStageChanges: MandatStageChangeRow[];
  mandatProduits: MandatProduitRow[];
  interactions: InteractionRow[];
  interactionParticipants: InteractionParticipantRow[];
  tasks: TaskRow[];
}

export interface GenerateOptions {
  /** Number of people (contacts). */
  size: number;
  seed?: number;
  /** Seed of the ids alone (default: `seed`): seeding a database twice with the same seed needs new ids. */
  idSeed?: number;
  now?: Date;
  /** Teams and users that already exist (seed.ts passes the rows it found or created). */
  teams?: DemoTeam[];
  users?: DemoUser[];
  /** Lower-cased e-mails and ISINs already in the database, never generated again. */
  takenEmails?: ReadonlySet<string>;
  takenIsins?: ReadonlySet<string>;
}

export function demoSizes(size: number) {
  return {
    people: size,
    organisations: Math.max(30, Math.round(size / 20)),
    produits: Math.min(400, Math.round(40 + size / 250)),
    mandats: Math.round(size / 5),
    interactions: Math.min(150_000, Math.round(size * 1.5)),
    tasks: Math.min(50_000, Math.round(size / 2)),
  };
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

interface OrgInfo {
  row: OrganisationRow & { id: string; createdAt: Date; ownerId: string; teamId: string };
  category: OrganisationCategory;
  brand: string;
  city: City;
  domain: string;
  people: PersonInfo[];
  produits: ProduitInfo[];
  mandats: MandatInfo[];
}
interface PersonInfo {
  row: PersonRow & { id: string; createdAt: Date; ownerId: string; teamId: string };
  org: OrgInfo;
  role: PersonOrganisationRow['role'];
}
interface ProduitInfo {
  row: ProduitRow & { id: string; name: string };
}
interface MandatInfo {
  row: MandatRow & { id: string; createdAt: Date; stage: MandatStage; ownerId: string; teamId: string };
  org: OrgInfo;
  produits: ProduitInfo[];
}

/**
 * Why the stages lose mandates (docs/DOMAIN.md, "Lost reasons"), as weights: early on nobody answers or there is no
 * need, a due diligence fails on compliance or performance, a negotiation on fees or a competitor.
 */
type Weights = readonly (readonly [LostReasonCode, number])[];
const LOST_EARLY: Weights = [
  ['pas_de_reponse', 35],
  ['besoin', 25],
  ['timing', 15],
  ['budget', 10],
  ['concurrent', 10],
  ['autre', 5],
];
const LOST_REASON_WEIGHTS: Partial<Record<MandatStage, Weights>> = {
  lead: LOST_EARLY,
  rdv: [
    ['besoin', 20],
    ['timing', 20],
    ['pas_de_reponse', 15],
    ['budget', 15],
    ['concurrent', 15],
    ['prix', 5],
    ['autre', 10],
  ],
  pitch: [
    ['concurrent', 25],
    ['performance', 20],
    ['prix', 15],
    ['besoin', 15],
    ['timing', 10],
    ['budget', 10],
    ['autre', 5],
  ],
  due_diligence: [
    ['conformite', 35],
    ['performance', 20],
    ['concurrent', 15],
    ['prix', 10],
    ['timing', 10],
    ['autre', 10],
  ],
  negociation: [
    ['prix', 40],
    ['concurrent', 30],
    ['budget', 10],
    ['timing', 10],
    ['conformite', 5],
    ['autre', 5],
  ],
};

/** A lost mandate's reason, likelier by the stage it was lost from; a detail a third of the time, always for `autre`. */
function demoLostReason(r: Rng, from: MandatStage | undefined) {
  const lostReasonCode = r.weighted((from && LOST_REASON_WEIGHTS[from]) ?? LOST_EARLY);
  const detailed = lostReasonCode === 'autre' || r.bool(0.35);
  return { lostReasonCode, lostReason: detailed ? r.pick(LOST_REASON_DETAILS[lostReasonCode]) : null };
}

/** Lower case ASCII, words joined by `sep`: for e-mails, domains and URLs. */
export function slugify(s: string, sep = '-'): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z0-9]+/g, sep)
    .replace(new RegExp(`^\\${sep}+|\\${sep}+$`, 'g'), '');
}

const dateOnly = (d: Date): string => d.toISOString().slice(0, 10);
const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function generateDemoData(opts: GenerateOptions): DemoData {
  const size = Math.max(0, Math.floor(opts.size));
  const seed = opts.seed ?? 1;
  const now = opts.now ?? new Date();
  const nowMs = now.getTime();
  const rng = createRng(seed);
  const idRng = createRng((opts.idSeed ?? seed) ^ 0x5eed1d5);
  const sizes = demoSizes(size);
  const startOfToday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());

  /** A UUIDv7 whose timestamp is the row's creation date, so ids sort by creation; deterministic. */
  const idAt = (ms: number): string => {
    const random = new Uint8Array(16);
    for (let i = 0; i < 16; i++) random[i] = Math.floor(idRng.next() * 256);
    return v7({ msecs: Math.floor(ms), random });
  };
  const between = (fromMs: number, toMs: number) => new Date(fromMs + rng.next() * Math.max(0, toMs - fromMs));

  // --- Teams and users --------------------------------------------------------------------------
  const teams: DemoTeam[] =
    opts.teams ?? DEMO_TEAMS.map((t) => ({ ...t, id: idAt(nowMs - 3 * 365 * DAY + rng.int(0, 1000)) }));
  const teamByKey = new Map(teams.map((t) => [t.key, t]));
  const team = (key: DemoTeamKey): DemoTeam => {
    const t = teamByKey.get(key) ?? teams[0];
    if (!t) throw new Error('no demo team');
    return t;
  };
  const users: DemoUser[] =
    opts.users ??
    DEMO_USERS.map((u) => ({
      id: idAt(nowMs - 3 * 365 * DAY + rng.int(0, 10_000)),
      teamId: team(u.team).id,
      role: u.role,
      name: u.name,
      email: u.email,
    }));
  const ownersOf = new Map<string, DemoUser[]>();
  for (const u of users) {
    if (u.role === 'viewer') continue;
    const list = ownersOf.get(u.teamId) ?? [];
    list.push(u);
    ownersOf.set(u.teamId, list);
  }
  const ownersInTeam = (teamId: string): DemoUser[] => {
    const list = ownersOf.get(teamId);
    if (!list?.length) throw new Error(`no manager or user in demo team ${teamId}`);
    return list;
  };
  const managerOf = (teamId: string): DemoUser =>
    ownersInTeam(teamId).find((u) => u.role === 'manager') ?? (ownersInTeam(teamId)[0] as DemoUser);

  // --- Organisations ----------------------------------------------------------------------------
  const categoryShares: [OrganisationCategory, number][] = [
    ['SDG', 0.28],
    ['CGPI', 0.42],
    ['Wholesale', 0.12],
    ['Institution', 0.1],
    ['Startup', 0.02],
    ['Corporation', 0.04],
    ['Autres', 0.02],
  ];
  const categories: OrganisationCategory[] = [];
  for (const [cat, share] of categoryShares) {
    if (cat === 'CGPI') continue;
    const n = Math.max(1, Math.round(sizes.organisations * share));
    for (let i = 0; i < n; i++) categories.push(cat);
  }
  while (categories.length < sizes.organisations) categories.push('CGPI');
  for (let i = categories.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [categories[i], categories[j]] = [categories[j] as OrganisationCategory, categories[i] as OrganisationCategory];
  }

  const cityWeights: Record<string, [string, number][]> = {
    SDG: [
      ['Paris', 60],
      ['Luxembourg', 16],
      ['Lyon', 4],
      ['Madrid', 5],
      ['Geneve', 5],
      ['Bruxelles', 3],
      ['Bordeaux', 2],
      ['Lille', 1],
      ['Nantes', 1],
      ['Marseille', 1],
      ['Milan', 2],
    ],
    CGPI: [
      ['Paris', 26],
      ['Neuilly', 5],
      ['Lyon', 10],
      ['Bordeaux', 8],
      ['Lille', 7],
      ['Nantes', 7],
      ['Marseille', 7],
      ['Toulouse', 7],
      ['Strasbourg', 4],
      ['Rennes', 5],
      ['Nice', 5],
      ['Bruxelles', 3],
      ['Luxembourg', 2],
      ['Geneve', 4],
    ],
    Wholesale: [
      ['Paris', 55],
      ['Luxembourg', 15],
      ['Geneve', 12],
      ['Monaco', 5],
      ['Bruxelles', 5],
      ['Lyon', 4],
      ['Madrid', 4],
    ],
    Institution: [
      ['Paris', 58],
      ['Niort', 10],
      ['Lyon', 5],
      ['Lille', 5],
      ['Bordeaux', 4],
      ['Marseille', 3],
      ['Luxembourg', 8],
      ['Bruxelles', 5],
      ['Strasbourg', 2],
    ],
    other: [
      ['Paris', 50],
      ['Lyon', 15],
      ['Nantes', 10],
      ['Bordeaux', 10],
      ['Lille', 10],
      ['Toulouse', 5],
    ],
  };
  const typeWeights: Record<OrganisationCategory, [OrganisationType, number][]> = {
    SDG: [
      ['fournisseur', 70],
      ['emetteur', 30],
    ],
    CGPI: [
      ['client', 70],
      ['distributeur', 30],
    ],
    Wholesale: [
      ['distributeur', 60],
      ['client', 40],
    ],
    Institution: [
      ['investisseur', 85],
      ['client', 15],
    ],
    Startup: [
      ['autre', 60],
      ['client', 40],
    ],
    Corporation: [
      ['investisseur', 60],
      ['autre', 40],
    ],
    Autres: [['autre', 100]],
  };
  const aumRange: Record<OrganisationCategory, [number, number] | null> = {
    SDG: [150e6, 60e9],
    CGPI: [5e6, 600e6],
    Wholesale: [500e6, 80e9],
    Institution: [300e6, 120e9],
    Startup: null,
    Corporation: [50e6, 2e9],
    Autres: [2e6, 200e6],
  };
  const sourceWeights = (cat: OrganisationCategory): [Source, number][] => [
    ['linkedin', 25],
    ['salon', 15],
    ['recommandation', 15],
    ['site_web', 8],
    ['import', 20],
    ['registre_amf', cat === 'SDG' || cat === 'CGPI' ? 20 : 3],
    ['autre', 5],
  ];
  // Last quarter ends before now, for AUM dates.
  const quarterEnds: string[] = [];
  {
    let y = now.getUTCFullYear();
    let q = Math.floor(now.getUTCMonth() / 3); // current quarter index; its previous end is the latest
    for (let i = 0; i < 3; i++) {
      q -= 1;
      if (q < 0) {
        q = 3;
        y -= 1;
      }
      quarterEnds.push(dateOnly(new Date(Date.UTC(y, q * 3 + 3, 0))));
    }
  }

  const usedOrgKeys = new Set<string>();
  const usedDomains = new Set<string>();
  const fill = (pattern: string, root: string, last: string) => pattern.replace('{x}', root).replace('{n}', last);
  const orgName = (cat: OrganisationCategory, city: City): { name: string; brand: string } => {
    for (let attempt = 0; attempt < 30; attempt++) {
      const root = rng.pick(NAME_ROOTS);
      const last = rng.pick(LAST_NAMES);
      let name: string;
      let brand: string = root;
      if (cat === 'SDG') {
        if (city.countryCode === 'LU') name = fill(rng.pick(MANCO_PATTERNS), root, last);
        else if (city.countryCode === 'ES') name = fill(rng.pick(SGIIC_PATTERNS), root, last);
        else if (city.countryCode === 'CH') name = fill(rng.pick(SWISS_PATTERNS), root, last);
        else name = `${root} ${rng.pick(SDG_SUFFIXES)}`;
      } else if (cat === 'CGPI') {
        const p = rng.pick(CGPI_PATTERNS);
        name = fill(p, root, last);
        if (p.includes('{n}')) brand = last;
      } else if (cat === 'Wholesale') {
        const p = rng.pick(WHOLESALE_PATTERNS);
        name = fill(p, root, last);
        if (p.includes('{n}')) brand = last;
      } else if (cat === 'Institution') name = fill(rng.pick(INSTITUTION_PATTERNS), root, last);
      else name = fill(rng.pick(OTHER_PATTERNS[cat]), root, last);
      if (attempt >= 20) name = `${name} ${city.name}`;
      if (attempt >= 25) name = `${name} ${attempt}`;
      const key = organisationNameKey(name);
      if (!usedOrgKeys.has(key)) {
        usedOrgKeys.add(key);
        return { name, brand };
      }
    }
    const name = `${rng.pick(NAME_ROOTS)} ${cat} ${usedOrgKeys.size + 1}`;
    usedOrgKeys.add(organisationNameKey(name));
    return { name, brand: name };
  };
  const domainFor = (name: string): string => {
    const stop = new Set(['de', 'la', 'le', 'les', 'des', 'du', 'et', 'sa', 'l']);
    const base = organisationNameKey(name)
      .split(' ')
      .filter((w) => !stop.has(w))
      .join('-')
      .slice(0, 32)
      .replace(/-+$/, '');
    let domain = `${base}.example`;
    for (let i = 2; usedDomains.has(domain); i++) domain = `${base}-${i}.example`;
    usedDomains.add(domain);
    return domain;
  };
  const digits = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += String(rng.int(0, 9));
    return s;
  };
  const pairs = (n: number) => Array.from({ length: n }, () => digits(2)).join(' ');
  const landline = (city: City) =>
    city.countryCode === 'FR' || city.countryCode === 'MC'
      ? `${city.phonePrefix} ${pairs(4)}`
      : `${city.phonePrefix} ${digits(3)} ${digits(3)}`;
  const mobile = (city: City) => {
    switch (city.countryCode) {
      case 'LU':
        return `+352 6${rng.pick(['21', '61', '91'])} ${digits(3)} ${digits(3)}`;
      case 'CH':
        return `+41 7${rng.pick(['6', '8', '9'])} ${digits(3)} ${pairs(2)}`;
      case 'BE':
        return `+32 4${rng.int(70, 99)} ${pairs(3)}`;
      case 'ES':
        return `+34 6${digits(2)} ${digits(3)} ${digits(3)}`;
      case 'IT':
        return `+39 3${digits(2)} ${digits(3)} ${digits(4)}`;
      default:
        return `+33 ${rng.bool(0.8) ? '6' : '7'} ${pairs(4)}`;
    }
  };
  const rgpd = (source: Source, createdAt: Date) => {
    const consent = source === 'site_web' ? rng.bool(0.7) : rng.bool(0.05);
    return {
      legalBasis: 'interet_legitime' as const,
      dataSource: DATA_SOURCES[source] ?? 'Saisie manuelle',
      consent,
      consentAt: consent ? createdAt : null,
    };
  };

  const orgs: OrgInfo[] = [];
  for (const category of categories) {
    const cityKey = rng.weighted(cityWeights[category] ?? (cityWeights.other as [string, number][]));
    const city = CITIES[cityKey] as City;
    const { name, brand } = orgName(category, city);
    const domain = domainFor(name);
    const teamKey: DemoTeamKey = ['LU', 'CH', 'BE', 'ES', 'IT', 'MC'].includes(city.countryCode)
      ? 'international'
      : category === 'Wholesale' || category === 'Institution'
        ? 'wholesale'
        : 'france';
    const teamId = team(teamKey).id;
    const owner = rng.pick(ownersInTeam(teamId));
    const createdAt = between(nowMs - 3 * 365 * DAY, nowMs - 2 * DAY);
    const source = rng.weighted(sourceWeights(category));
    const range = aumRange[category];
    const aum =
      range && (category !== 'Autres' || rng.bool(0.4))
        ? Math.round(rng.logUniform(range[0], range[1]) / 1e5) * 1e5
        : null;
    const strategies =
      category === 'SDG'
        ? rng.sample(SDG_STRATEGIES, rng.int(1, 4))
        : category === 'CGPI' || category === 'Wholesale' || category === 'Institution'
          ? rng.sample(CLIENT_STRATEGIES, rng.int(0, 3))
          : [];
    const tags = rng.bool(0.6) ? rng.sample(ORG_TAGS, rng.int(1, 3)) : [];
    const row = {
      id: idAt(createdAt.getTime()),
      name,
      nameKey: organisationNameKey(name),
      type: rng.weighted(typeWeights[category]),
      category,
      email: rng.bool(0.7) ? `${rng.pick(['contact', 'info', 'accueil', 'relations.investisseurs'])}@${domain}` : null,
      phone: landline(city),
      website: `https://www.${domain}`,
      address: `${rng.int(1, 140)} ${rng.pick(STREETS)}`,
      postalCode: rng.pick(city.postalCodes),
      city: city.name,
      countryCode: city.countryCode,
      language: city.language,
      aum: aum === null ? null : aum.toFixed(2),
      aumDate: aum === null ? null : rng.pick(quarterEnds),
      strategies,
      tags,
      tier: null as number | null,
      notes: rng.bool(0.15)
        ? rng.pick([
            'Rencontré au salon.',
            'Sélection de fonds très exigeante sur l’ESG.',
            'Comité de sélection trimestriel.',
            'Préfère les échanges par e-mail.',
          ])
        : null,
      isActive: rng.bool(0.96),
      marketingOptOut: rng.bool(0.03),
      source,
      ownerId: owner.id,
      teamId,
      ...rgpd(source, createdAt),
      createdAt,
      updatedAt: between(createdAt.getTime(), nowMs),
    };
    orgs.push({ row, category, brand, city, domain, people: [], produits: [], mandats: [] });
  }
  // Tier from AUM rank within the category: top 20 % tier 1, next 40 % tier 2, the rest tier 3.
  for (const [cat] of categoryShares) {
    const ranked = orgs
      .filter((o) => o.category === cat && o.row.aum !== null)
      .sort((a, b) => Number(b.row.aum) - Number(a.row.aum));
    ranked.forEach((o, i) => {
      o.row.tier = i < ranked.length * 0.2 ? 1 : i < ranked.length * 0.6 ? 2 : 3;
    });
  }

  // --- People and their organisations -----------------------------------------------------------
  const takenEmails = new Set(opts.takenEmails ?? []);
  const personRows: PersonRow[] = [];
  const links: PersonOrganisationRow[] = [];
  const persons: PersonInfo[] = [];
  const orgWeight = (o: OrgInfo) =>
    ({ SDG: 3, Wholesale: 3, Institution: 2.5, CGPI: 1, Corporation: 1.5, Startup: 1, Autres: 1 })[o.category] *
    (o.row.tier === 1 ? 2 : 1);
  const cumulative: number[] = [];
  {
    let acc = 0;
    for (const o of orgs) {
      acc += orgWeight(o);
      cumulative.push(acc);
    }
  }
  const weightedOrg = (): OrgInfo => {
    const r = rng.next() * (cumulative[cumulative.length - 1] as number);
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) > r) hi = mid;
      else lo = mid + 1;
    }
    return orgs[lo] as OrgInfo;
  };
  const emailFor = (first: string, last: string, domain: string): string => {
    const f = slugify(first, '');
    const fDash = slugify(first);
    const l = slugify(last);
    const form = rng.weighted<number>([
      [0, 60],
      [1, 20],
      [2, 12],
      [3, 8],
    ]);
    const local =
      form === 0
        ? `${fDash}.${l}`
        : form === 1
          ? `${f[0]}.${l}`
          : form === 2
            ? `${f[0]}${l.replace(/-/g, '')}`
            : `${fDash}.${l}`;
    let email = `${local}@${domain}`;
    for (let i = 2; takenEmails.has(email); i++) email = `${local}${i}@${domain}`;
    takenEmails.add(email);
    return email;
  };
  for (let i = 0; i < size; i++) {
    const org = i < orgs.length ? (orgs[i] as OrgInfo) : weightedOrg();
    const firstName = rng.pick(FIRST_NAMES);
    const lastName = rng.pick(LAST_NAMES);
    const [jobTitle, role] = rng.weighted(
      (JOB_TITLES[org.category] ?? JOB_TITLES.Autres ?? []).map(([t, r, w]) => [[t, r] as const, w] as const),
    );
    const source = rng.bool(0.5) ? (org.row.source as Source) : rng.weighted(sourceWeights(org.category));
    const createdAt = between((org.row.createdAt as Date).getTime(), nowMs - HOUR);
    const teamId = org.row.teamId;
    const ownerId = rng.bool(0.8) ? org.row.ownerId : rng.pick(ownersInTeam(teamId)).id;
    const email = emailFor(firstName, lastName, org.domain);
    const row = {
      id: idAt(createdAt.getTime()),
      firstName,
      lastName,
      email,
      personalEmail: null,
      phone: rng.bool(0.4) ? landline(org.city) : null,
      mobile: rng.bool(0.85) ? mobile(org.city) : null,
      jobTitle,
      language: org.city.language,
      countryCode: org.city.countryCode,
      linkedinUrl:
        source === 'linkedin' || rng.bool(0.3)
          ? `https://www.linkedin.com/in/${slugify(`${firstName} ${lastName}`)}-demo${pad(rng.int(0, 99999), 5)}`
          : null,
      linkedinHeadline: source === 'linkedin' ? `${jobTitle} chez ${org.row.name}` : null,
      notes: rng.bool(0.08)
        ? rng.pick([
            'Préfère être appelé le matin.',
            'Assistante : passer par le standard.',
            'Très sensible aux frais.',
            'Ancien collègue d’un associé.',
          ])
        : null,
      isActive: rng.bool(0.97),
      marketingOptOut: rng.bool(0.04),
      recordingOptOut: rng.bool(0.1),
      source,
      ownerId,
      teamId,
      ...rgpd(source, createdAt),
      lastActivityAt: null as Date | null,
      createdAt,
      updatedAt: between(createdAt.getTime(), nowMs),
    };
    personRows.push(row);
    const info: PersonInfo = { row, org, role };
    persons.push(info);
    org.people.push(info);
    links.push({
      id: idAt(createdAt.getTime()),
      personId: row.id,
      organisationId: org.row.id,
      role,
      isPrimary: true,
      jobTitle,
      workEmail: email,
      workPhone: row.phone,
      createdAt,
      updatedAt: createdAt,
    });
    // Some people also work with a second organisation (board seat, former employer, partner firm).
    if (orgs.length > 1 && rng.bool(0.12)) {
      let other = weightedOrg();
      if (other === org) other = orgs[(orgs.indexOf(org) + 1) % orgs.length] as OrgInfo;
      links.push({
        id: idAt(createdAt.getTime() + 1000),
        personId: row.id,
        organisationId: other.row.id,
        role: rng.pick(['contact_secondaire', 'autre', 'technique'] as const),
        isPrimary: false,
        jobTitle: rng.pick(['Administrateur', 'Conseiller externe', 'Membre du comité d’investissement', 'Associé']),
        createdAt,
        updatedAt: createdAt,
      });
    }
  }

  // --- Products ---------------------------------------------------------------------------------
  const sdgs = orgs.filter((o) => o.category === 'SDG');
  const productSdgs = sdgs.slice(0, Math.min(sdgs.length, Math.max(3, Math.round(sizes.produits / 4))));
  const takenIsins = new Set(opts.takenIsins ?? []);
  const usedProductNames = new Set<string>();
  const produitRows: ProduitRow[] = [];
  const allProduits: ProduitInfo[] = [];
  const newIsin = (country: 'FR' | 'LU'): string => {
    for (;;) {
      const body = country === 'FR' ? `FR00${digits(7)}` : `LU${rng.int(0, 2)}${digits(8)}`;
      const isin = withIsinCheckDigit(body);
      if (!takenIsins.has(isin)) {
        takenIsins.add(isin);
        return isin;
      }
    }
  };
  while (produitRows.length < sizes.produits && productSdgs.length > 0) {
    const sdg = rng.pick(productSdgs);
    const ac = rng.weighted(ASSET_CLASSES.map((a) => [a, a.weight] as const));
    const cat = rng.pick(ac.categories);
    const sfdr = rng.weighted<number>([
      [6, 25],
      [8, 60],
      [9, 15],
    ]);
    const isScpi = cat.category.startsWith('SCPI');
    const country: 'FR' | 'LU' =
      isScpi || ac.assetClass === 'Immobilier'
        ? 'FR'
        : sdg.city.countryCode === 'LU'
          ? 'LU'
          : rng.bool(0.8)
            ? 'FR'
            : 'LU';
    const type: NonNullable<ProduitRow['type']> = isScpi
      ? 'SCPI'
      : cat.category === 'OPCI' || cat.category === 'Private equity'
        ? 'FIA'
        : country === 'LU'
          ? rng.weighted([
              ['SICAV', 80],
              ['ETF', 10],
              ['OPCVM', 10],
            ] as const)
          : rng.weighted([
              ['FCP', 50],
              ['SICAV', 30],
              ['OPCVM', 20],
            ] as const);
    let base = `${sdg.brand} ${rng.pick(cat.words)}${sfdr >= 8 && rng.bool(0.35) ? ' ISR' : ''}`;
    for (let i = 2; usedProductNames.has(base); i++) base = `${base.replace(/ \d+$/, '')} ${i}`;
    usedProductNames.add(base);
    const shareClasses = isScpi
      ? ['']
      : rng.bool(0.5)
        ? [' — Part R', ' — Part I']
        : [rng.pick([' — Part R', ' — Part I', ''])];
    const status = rng.weighted([
      ['actif', 82],
      ['en_attente', 10],
      ['inactif', 8],
    ] as const);
    const currency = rng.weighted([
      ['EUR', 92],
      ['USD', 5],
      ['CHF', 3],
    ] as const);
    const createdAt = between((sdg.row.createdAt as Date).getTime(), nowMs - DAY);
    const sri = rng.int(cat.sri[0], cat.sri[1]);
    for (const sc of shareClasses) {
      if (produitRows.length >= sizes.produits) break;
      const row = {
        id: idAt(createdAt.getTime()),
        name: `${base}${sc}`,
        isin: newIsin(country),
        type,
        assetClass: ac.assetClass,
        category: cat.category,
        sriRisk: sri,
        sfdrArticle: sfdr,
        currency,
        managementCompanyId: sdg.row.id,
        status,
        createdBy: sdg.row.ownerId,
        createdAt,
        updatedAt: between(createdAt.getTime(), nowMs),
      };
      produitRows.push(row);
      const info = { row };
      allProduits.push(info);
      sdg.produits.push(info);
    }
  }
  const activeProduits = allProduits.filter((p) => p.row.status === 'actif');

  // --- Mandates, their stage history and products ------------------------------------------------
  const clients = orgs.filter(
    (o) => o.category === 'CGPI' || o.category === 'Wholesale' || o.category === 'Institution',
  );
  const clientsByCat = new Map<OrganisationCategory, OrgInfo[]>();
  for (const o of clients) clientsByCat.set(o.category, [...(clientsByCat.get(o.category) ?? []), o]);
  const mandatRows: MandatRow[] = [];
  const stageChanges: MandatStageChangeRow[] = [];
  const mandatProduitRows: MandatProduitRow[] = [];
  const allMandats: MandatInfo[] = [];
  const mpPairs = new Set<string>();
  const attach = (m: MandatInfo, p: ProduitInfo, at: Date) => {
    const key = `${m.row.id}:${p.row.id}`;
    if (mpPairs.has(key)) return;
    mpPairs.add(key);
    m.produits.push(p);
    mandatProduitRows.push({ id: idAt(at.getTime()), mandatId: m.row.id, produitId: p.row.id, createdAt: at });
  };
  const STAGE_ORDER: MandatStage[] = ['lead', 'rdv', 'pitch', 'due_diligence', 'negociation'];
  const mandateNumbers = new Map<number, number>();
  const stageList = [...OPEN_MANDAT_STAGES, 'gagne', 'perdu'] as MandatStage[];
  for (let i = 0; i < sizes.mandats; i++) {
    // The first mandates cover every stage of both kinds, so even a tiny dataset shows the whole funnel.
    const kind = i < 14 ? (i % 2 === 0 ? 'distribution' : 'placement') : rng.bool(0.4) ? 'distribution' : 'placement';
    const stage: MandatStage =
      i < 14
        ? (stageList[Math.floor(i / 2)] as MandatStage)
        : rng.weighted<MandatStage>([
            ['lead', 16],
            ['rdv', 14],
            ['pitch', 13],
            ['due_diligence', 10],
            ['negociation', 9],
            ['gagne', 22],
            ['perdu', 16],
          ]);
    let org: OrgInfo | undefined;
    if (kind === 'distribution') {
      const pool = stage === 'gagne' && productSdgs.length ? productSdgs : sdgs;
      org = pool.length ? rng.pick(pool) : undefined;
    } else {
      const cat = rng.weighted<OrganisationCategory>([
        ['CGPI', 50],
        ['Wholesale', 30],
        ['Institution', 20],
      ]);
      const pool = clientsByCat.get(cat) ?? clients;
      org = pool.length ? rng.pick(pool) : undefined;
    }
    if (!org) continue;
    const createdAt = between(nowMs - 540 * DAY, nowMs - 2 * DAY);
    const span = nowMs - createdAt.getTime();
    // Path of stages up to the current one; CGPI placements often skip the due diligence.
    let path: MandatStage[];
    if (stage === 'perdu') {
      const lostAt = rng.weighted<number>([
        [0, 25],
        [1, 25],
        [2, 20],
        [3, 15],
        [4, 15],
      ]);
      path = [...STAGE_ORDER.slice(0, lostAt + 1), 'perdu'];
    } else if (stage === 'gagne') path = [...STAGE_ORDER, 'gagne'];
    else path = STAGE_ORDER.slice(0, STAGE_ORDER.indexOf(stage) + 1);
    if (org.category === 'CGPI' && stage !== 'due_diligence' && rng.bool(0.5))
      path = path.filter((s) => s !== 'due_diligence');
    const closed = stage === 'gagne' || stage === 'perdu';
    const horizon = span * (closed ? rng.float(0.3, 1) : rng.float(0.2, 1));
    const offsets = Array.from({ length: path.length - 1 }, () => rng.next() * horizon).sort((a, b) => a - b);
    const times = [createdAt, ...offsets.map((o) => new Date(createdAt.getTime() + Math.max(60_000, o)))];
    const last = times[times.length - 1] as Date;
    const teamId = org.row.teamId;
    const ownerId = rng.bool(0.85) ? org.row.ownerId : rng.pick(ownersInTeam(teamId)).id;
    const contact =
      org.people.find((p) => p.role === 'decideur' && rng.bool(0.6)) ??
      (org.people.length ? rng.pick(org.people) : undefined);
    const amount =
      kind === 'distribution'
        ? Math.round(rng.logUniform(5e6, 300e6) / 1e5) * 1e5
        : Math.round(
            rng.logUniform(
              ...((org.category === 'CGPI'
                ? [1e5, 5e6]
                : org.category === 'Wholesale'
                  ? [2e6, 80e6]
                  : [5e6, 150e6]) as [number, number]),
            ) / 1e4,
          ) * 1e4;
    const titleProduit = kind === 'placement' && activeProduits.length ? rng.pick(activeProduits) : undefined;
    const title =
      kind === 'distribution'
        ? rng.pick([
            `Mandat de distribution ${org.brand}`,
            `Distribution France — ${org.row.name}`,
            `Commercialisation gamme ${org.brand}`,
            `Mandat ${org.brand} — ${rng.pick((org.row.strategies as string[] | undefined)?.length ? (org.row.strategies as string[]) : ['Multi-actifs'])}`,
          ])
        : titleProduit
          ? rng.pick([
              `Placement ${titleProduit.row.name} — ${org.row.name}`,
              `Souscription ${titleProduit.row.name}`,
              `Référencement chez ${org.row.name}`,
            ])
          : `Placement — ${org.row.name}`;
    let expectedCloseDate: string;
    if (closed) expectedCloseDate = dateOnly(last);
    else {
      const guess = createdAt.getTime() + rng.int(60, 240) * DAY;
      expectedCloseDate = dateOnly(new Date(guess < nowMs && rng.bool(0.7) ? nowMs + rng.int(10, 150) * DAY : guess));
    }
    const probability =
      !closed && rng.bool(0.15)
        ? Math.min(95, Math.max(5, STAGE_PROBABILITY[stage] + rng.pick([-10, -5, 5, 10])))
        : STAGE_PROBABILITY[stage];
    const row: MandatInfo['row'] = {
      id: idAt(createdAt.getTime()),
      kind,
      title,
      organisationId: org.row.id,
      primaryContactId: contact?.row.id ?? null,
      stage,
      amount: amount.toFixed(2),
      currency: 'EUR',
      probability,
      expectedCloseDate,
      closedAt: closed ? last : null,
      // One draw of the main sequence whatever follows, so the rows after a lost mandate stay as they were.
      ...(stage === 'perdu'
        ? demoLostReason(createRng(Math.floor(rng.next() * 2 ** 32)), path.at(-2))
        : { lostReasonCode: null, lostReason: null }),
      source: rng.weighted<Source>([
        ['recommandation', 30],
        ['salon', 20],
        ['linkedin', 20],
        ['site_web', 5],
        ['registre_amf', 5],
        ['autre', 20],
      ]),
      ownerId,
      teamId,
      createdAt,
      updatedAt: last,
    };
    if (stage === 'gagne' && kind === 'distribution') {
      const year = last.getUTCFullYear();
      const n = (mandateNumbers.get(year) ?? 0) + 1;
      mandateNumbers.set(year, n);
      const start = last.getTime() + rng.int(0, 45) * DAY;
      let end = start + rng.int(2, 5) * 365 * DAY;
      const r = rng.next();
      if (r < 0.1 && nowMs + 29 * DAY > start)
        end = nowMs + rng.int(1, 29) * DAY; // expires within 30 days
      else if (r < 0.2 && nowMs - 2 * DAY > start)
        end = nowMs - rng.int(1, Math.max(1, Math.min(90, Math.floor((nowMs - start) / DAY) - 1))) * DAY; // ended
      row.mandateNumber = `MD-${year}-${pad(n, 4)}`;
      row.signedAt = dateOnly(last);
      row.startDate = dateOnly(new Date(start));
      row.endDate = dateOnly(new Date(end));
      row.commissionRate = (Math.round(rng.float(0.25, 0.9) * 200) / 200).toFixed(3);
    }
    mandatRows.push(row);
    const info: MandatInfo = { row, org, produits: [] };
    allMandats.push(info);
    org.mandats.push(info);
    path.forEach((to, k) => {
      const at = times[k] as Date;
      stageChanges.push({
        id: idAt(at.getTime()),
        mandatId: row.id,
        fromStage: k === 0 ? null : (path[k - 1] as MandatStage),
        toStage: to,
        changedAt: at,
        changedBy: rng.bool(0.8) ? ownerId : managerOf(teamId).id,
      });
    });
    // Products: a won distribution mandate covers some of the asset manager's funds; a placement is on
    // the funds the investor subscribes to (won, or any open stage).
    if (kind === 'distribution' && stage === 'gagne' && org.produits.length) {
      for (const p of rng.sample(org.produits, rng.int(1, Math.min(4, org.produits.length)))) attach(info, p, last);
    } else if (kind === 'placement' && stage !== 'perdu' && titleProduit && (stage === 'gagne' || rng.bool(0.6))) {
      attach(info, titleProduit, times[Math.min(1, times.length - 1)] as Date);
      if (rng.bool(0.3)) attach(info, rng.pick(activeProduits), last);
    }
  }

  // --- Interactions -----------------------------------------------------------------------------
  const interactionRows: InteractionRow[] = [];
  const participants: InteractionParticipantRow[] = [];
  const lastActivity = new Map<string, number>();
  const touch = (personId: string, at: number) => {
    if ((lastActivity.get(personId) ?? 0) < at) lastActivity.set(personId, at);
  };
  const interactionTypeWeights: [InteractionRow['type'], number][] = [
    ['appel', 30],
    ['email', 30],
    ['reunion', 12],
    ['visio', 13],
    ['pitch', 5],
    ['note', 8],
    ['autre', 2],
  ];
  const durations: Partial<Record<InteractionRow['type'], [number, number]>> = {
    appel: [5, 35],
    reunion: [45, 120],
    visio: [30, 60],
    pitch: [45, 90],
  };
  for (let i = 0; i < sizes.interactions && orgs.length; i++) {
    let org: OrgInfo;
    let person: PersonInfo | undefined;
    let mandat: MandatInfo | undefined;
    let from = nowMs - 540 * DAY;
    let to = nowMs - 30 * 60_000;
    if (allMandats.length && rng.bool(0.4)) {
      mandat = rng.pick(allMandats);
      org = mandat.org;
      person =
        org.people.find((p) => p.row.id === mandat?.row.primaryContactId) ??
        (org.people.length ? rng.pick(org.people) : undefined);
      from = (mandat.row.createdAt as Date).getTime();
      to = mandat.row.closedAt ? (mandat.row.closedAt as Date).getTime() : to;
    } else if (persons.length) {
      person = rng.pick(persons);
      org = person.org;
    } else org = rng.pick(orgs);
    const type =
      mandat && ['pitch', 'due_diligence', 'negociation', 'gagne'].includes(mandat.row.stage) && rng.bool(0.2)
        ? 'pitch'
        : rng.weighted(interactionTypeWeights);
    const occurredAt = between(from, Math.max(from, to));
    const teamId = (person?.row.teamId ?? org.row.teamId) as string;
    const ownerId = (person?.row.ownerId ?? org.row.ownerId) as string;
    const fund = mandat?.produits[0] ?? (org.produits.length ? rng.pick(org.produits) : undefined);
    const dur = durations[type];
    const title =
      rng.pick(INTERACTION_TITLES[type] ?? ['Échange']) + (type === 'pitch' && fund ? ` — ${fund.row.name}` : '');
    const id = idAt(occurredAt.getTime());
    interactionRows.push({
      id,
      type,
      title,
      body: rng.bool(0.6)
        ? `${title} avec ${person ? `${person.row.firstName} ${person.row.lastName} (${org.row.name})` : org.row.name}.${fund ? ` Sujet : ${fund.row.name}.` : ''}`
        : null,
      occurredAt,
      durationMinutes: dur ? rng.int(dur[0], dur[1]) : null,
      direction: type === 'appel' || type === 'email' ? (rng.bool(0.6) ? 'sortant' : 'entrant') : null,
      organisationId: org.row.id,
      personId: person?.row.id ?? null,
      mandatId: mandat?.row.id ?? null,
      outcome: type !== 'note' && type !== 'email' && rng.bool(0.5) ? rng.pick(INTERACTION_OUTCOMES) : null,
      createdBy: ownerId,
      ownerId,
      teamId,
      createdAt: occurredAt,
      updatedAt: occurredAt,
    });
    if (person && type !== 'note') {
      const group = [person];
      if ((type === 'reunion' || type === 'visio' || type === 'pitch') && org.people.length > 1) {
        for (const p of rng.sample(org.people, rng.int(0, 2))) if (!group.includes(p)) group.push(p);
      }
      for (const p of group) {
        participants.push({
          id: idAt(occurredAt.getTime()),
          interactionId: id,
          personId: p.row.id,
          role: p === person ? 'principal' : rng.pick(['gérant', 'analyste', 'assistant', 'associé']),
          present: p === person || rng.bool(0.85),
        });
        touch(p.row.id, occurredAt.getTime());
      }
    } else if (person) touch(person.row.id, occurredAt.getTime());
  }
  for (const p of persons) {
    const at = lastActivity.get(p.row.id);
    if (at !== undefined) p.row.lastActivityAt = new Date(at);
  }

  // --- Tasks ------------------------------------------------------------------------------------
  const taskRows: TaskRow[] = [];
  const openMandats = allMandats.filter((m) => m.row.stage !== 'gagne' && m.row.stage !== 'perdu');
  const stageCategory: Partial<Record<MandatStage, TaskRow['category']>> = {
    rdv: 'rdv',
    pitch: 'pitch',
    due_diligence: 'due_diligence',
    negociation: 'negociation',
  };
  for (let i = 0; i < sizes.tasks && orgs.length; i++) {
    const forced = i < 3; // one overdue, one due today and one in the next 7 days, whatever the size
    const status: TaskRow['status'] = forced
      ? 'todo'
      : rng.weighted<TaskRow['status'] & string>([
          ['todo', 45],
          ['doing', 15],
          ['done', 30],
          ['cancelled', 10],
        ]);
    const open = status === 'todo' || status === 'doing';
    let mandat: MandatInfo | undefined;
    let org: OrgInfo;
    let person: PersonInfo | undefined;
    const pool = open ? openMandats : allMandats;
    if (pool.length && rng.bool(0.5)) {
      mandat = rng.pick(pool);
      org = mandat.org;
      person = org.people.find((p) => p.row.id === mandat?.row.primaryContactId);
    } else if (persons.length && rng.bool(0.8)) {
      person = rng.pick(persons);
      org = person.org;
    } else org = rng.pick(orgs);
    const category: TaskRow['category'] =
      (mandat && stageCategory[mandat.row.stage]) ??
      rng.weighted<TaskRow['category'] & string>([
        ['relance', 35],
        ['email', 20],
        ['rdv', 15],
        ['admin', 15],
        ['autre', 15],
      ]);
    let dueAt: Date | null;
    let completedAt: Date | null = null;
    if (open) {
      const bucket = forced
        ? (['overdue', 'today', 'next7'] as const)[i]
        : rng.weighted([
            ['overdue', 25],
            ['today', 15],
            ['next7', 25],
            ['later', 30],
            ['none', 5],
          ] as const);
      dueAt =
        bucket === 'overdue'
          ? new Date(startOfToday - rng.int(1, 30) * DAY + rng.int(8, 18) * HOUR)
          : bucket === 'today'
            ? new Date(startOfToday + rng.int(8, 18) * HOUR)
            : bucket === 'next7'
              ? new Date(startOfToday + rng.int(1, 7) * DAY + rng.int(8, 18) * HOUR)
              : bucket === 'later'
                ? new Date(startOfToday + rng.int(8, 60) * DAY + rng.int(8, 18) * HOUR)
                : null;
    } else {
      dueAt = new Date(startOfToday - rng.int(1, 150) * DAY + rng.int(8, 18) * HOUR);
      if (status === 'done')
        completedAt = new Date(Math.min(nowMs - HOUR, dueAt.getTime() + rng.int(-3, 3) * DAY + rng.int(0, 8) * HOUR));
    }
    const createdAt = new Date(Math.min(nowMs - HOUR, (dueAt?.getTime() ?? nowMs) - rng.int(1, 20) * DAY));
    const teamId = (mandat?.row.teamId ?? person?.row.teamId ?? org.row.teamId) as string;
    const assignee = rng.bool(0.85)
      ? ((mandat?.row.ownerId ?? person?.row.ownerId ?? org.row.ownerId) as string)
      : rng.pick(ownersInTeam(teamId)).id;
    const fund =
      mandat?.produits[0] ??
      (org.produits.length ? rng.pick(org.produits) : activeProduits.length ? rng.pick(activeProduits) : undefined);
    const title = rng
      .pick(TASK_TITLES[category] ?? TASK_TITLES.autre ?? ['Suivi'])
      .replace('{p}', person ? `${person.row.firstName} ${person.row.lastName}` : org.row.name)
      .replace('{o}', org.row.name)
      .replace('{f}', fund?.row.name ?? 'de la gamme');
    taskRows.push({
      id: idAt(createdAt.getTime()),
      title,
      description: rng.bool(0.4) ? `${title}.${mandat ? ` Mandat : ${mandat.row.title}.` : ''}` : null,
      status,
      priority: rng.weighted<TaskRow['priority'] & string>([
        ['basse', 20],
        ['moyenne', 45],
        ['haute', 25],
        ['critique', 10],
      ]),
      category,
      dueAt,
      completedAt,
      assigneeId: assignee,
      createdBy: rng.bool(0.7) ? assignee : managerOf(teamId).id,
      organisationId: org.row.id,
      personId: person?.row.id ?? null,
      mandatId: mandat?.row.id ?? null,
      // Past due dates of open tasks were already notified; the `task.due` job should not flood at start.
      dueNotifiedAt: open && dueAt && dueAt.getTime() < nowMs ? dueAt : null,
      ownerId: assignee,
      teamId,
      createdAt,
      updatedAt: completedAt ?? createdAt,
    });
  }

  return {
    teams,
    users,
    organisations: orgs.map((o) => o.row),
    people: personRows,
    personOrganisations: links,
    produits: produitRows,
    mandats: mandatRows,
    mandatStageChanges: stageChanges,
    mandatProduits: mandatProduitRows,
    interactions: interactionRows,
    interactionParticipants: participants,
    tasks: taskRows,
  };
}
