import { LINK_ROLES, SOURCES } from '@crm/contracts';
import { Anchor, Badge, Button, Group, Text, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, data, type Schemas } from '../../api/client.ts';
import { canWrite, useCurrentUser } from '../../app/auth.tsx';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { useUrlParams } from '../../app/search-params';
import { useTeams } from '../../app/teams.ts';
import { CreatePersonModal } from '../../records/CreatePersonModal.tsx';
import { DataList } from '../../records/data-list/DataList.tsx';
import type { BulkHint, Column, Filter } from '../../records/data-list/types.ts';
import { fullName } from '../../records/person.ts';
import { usePlaces } from '../../records/places.ts';
import { RecordPicker } from '../../records/RecordPicker.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';

/** A row of the list: the person with their primary organisation (`expand=organisation`). */
type Person = Schemas['PersonListItem'];

/** Stops a click on a mailto/tel link from selecting the row's text or following the row. */
const stop = (e: React.MouseEvent) => e.stopPropagation();

export default function PeoplePage() {
  const { t } = useTranslation('people');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { userName } = useDirectory();
  const places = usePlaces();
  const [createOpen, createModal] = useDisclosure();
  const [params, setParams] = useUrlParams();
  const organisationId = params.get('organisationId');
  const { teamOptions } = useTeams();

  const sourceOptions = SOURCES.map((v) => ({ value: v, label: tc(`enums.source.${v}`) }));
  const roleOptions = LINK_ROLES.map((v) => ({ value: v, label: tc(`enums.linkRole.${v}`) }));

  const columns: Column<Person>[] = [
    {
      key: 'name',
      label: t('fields.name'),
      sort: 'lastName',
      render: (p) => <span style={{ whiteSpace: 'nowrap' }}>{fullName(p)}</span>,
    },
    {
      key: 'jobTitle',
      label: t('fields.jobTitle'),
      sort: 'jobTitle',
      render: (p) => (
        <Text size="sm" truncate maw={220} title={p.jobTitle ?? undefined}>
          {p.jobTitle ?? '—'}
        </Text>
      ),
    },
    {
      key: 'organisation',
      label: t('fields.organisation'),
      sort: 'organisation',
      render: (p) =>
        p.organisation ? (
          <Anchor
            component={Link}
            to={`/organisations/${p.organisation.id}`}
            size="sm"
            onClick={stop}
            truncate
            display="block"
            maw={220}
            title={p.organisation.name}
          >
            {p.organisation.name}
          </Anchor>
        ) : (
          <Text size="sm" span c="dimmed">
            {t('list.noOrganisation')}
          </Text>
        ),
    },
    {
      key: 'email',
      label: t('fields.email'),
      sort: 'email',
      render: (p) =>
        p.email ? (
          <Anchor
            href={`mailto:${p.email}`}
            size="sm"
            onClick={stop}
            truncate
            display="block"
            maw={260}
            title={p.email}
          >
            {p.email}
          </Anchor>
        ) : (
          '—'
        ),
    },
    {
      key: 'phone',
      label: t('fields.phone'),
      sort: 'phone',
      render: (p) => {
        const number = p.phone ?? p.mobile;
        return number ? (
          <Anchor href={`tel:${number.replace(/\s/g, '')}`} size="sm" onClick={stop} style={{ whiteSpace: 'nowrap' }}>
            {number}
          </Anchor>
        ) : (
          '—'
        );
      },
    },
    {
      key: 'countryCode',
      label: t('fields.countryCode'),
      sort: 'countryCode',
      render: (p) => places.countryName(p.countryCode),
    },
    {
      key: 'language',
      label: t('fields.language'),
      sort: 'language',
      hidden: true,
      render: (p) => places.languageName(p.language),
    },
    {
      key: 'source',
      label: t('fields.source'),
      sort: 'source',
      hidden: true,
      render: (p) => (p.source ? tc(`enums.source.${p.source}`) : '—'),
    },
    {
      key: 'owner',
      label: t('fields.owner'),
      sort: 'owner',
      render: (p) => <span style={{ whiteSpace: 'nowrap' }}>{userName(p.ownerId)}</span>,
    },
    {
      key: 'lastActivityAt',
      label: t('fields.lastActivityAt'),
      sort: 'lastActivityAt',
      render: (p) =>
        p.lastActivityAt ? (
          <Tooltip label={fmt.dateTime(p.lastActivityAt)}>
            <Text size="sm" span style={{ whiteSpace: 'nowrap' }}>
              {fmt.relative(p.lastActivityAt)}
            </Text>
          </Tooltip>
        ) : (
          <Text size="sm" span c="dimmed">
            {t('list.noActivity')}
          </Text>
        ),
    },
    {
      key: 'createdAt',
      label: t('fields.createdAt'),
      sort: 'createdAt',
      render: (p) => (
        <Text size="sm" span style={{ whiteSpace: 'nowrap' }}>
          {fmt.date(p.createdAt)}
        </Text>
      ),
    },
    {
      key: 'updatedAt',
      label: t('fields.updatedAt'),
      sort: 'updatedAt',
      hidden: true,
      render: (p) => fmt.date(p.updatedAt),
    },
    { key: 'mobile', label: t('fields.mobile'), sort: 'mobile', hidden: true, render: (p) => p.mobile ?? '—' },
    {
      key: 'status',
      label: t('fields.status'),
      sort: 'isActive',
      hidden: true,
      render: (p) => (
        <Group gap={4} wrap="nowrap">
          {!p.isActive && (
            <Badge color="gray" variant="light">
              {t('badges.inactive')}
            </Badge>
          )}
          {p.marketingOptOut && (
            <Badge color="orange" variant="light">
              {t('badges.optOut')}
            </Badge>
          )}
          {p.isActive && !p.marketingOptOut && '—'}
        </Group>
      ),
    },
  ];

  const filters: Filter[] = [
    { kind: 'select', key: 'role', label: t('fields.role'), options: roleOptions, multiple: true },
    {
      kind: 'select',
      key: 'countryCode',
      label: t('fields.countryCode'),
      options: places.countryOptions,
      multiple: true,
    },
    {
      kind: 'select',
      key: 'language',
      label: t('fields.language'),
      options: places.languageOptions,
      multiple: true,
    },
    { kind: 'select', key: 'source', label: t('fields.source'), options: sourceOptions, multiple: true },
    { kind: 'user', key: 'ownerId', label: t('fields.owner') },
    ...(teamOptions.length > 1
      ? [{ kind: 'select', key: 'teamId', label: t('fields.team'), options: teamOptions, multiple: true } as const]
      : []),
    { kind: 'boolean', key: 'isActive', label: t('fields.isActive') },
    { kind: 'boolean', key: 'marketingOptOut', label: t('fields.marketingOptOut') },
    {
      kind: 'dateRange',
      key: 'lastActivity',
      label: t('fields.lastActivityAt'),
      from: 'lastActivityFrom',
      to: 'lastActivityTo',
    },
    {
      kind: 'number',
      key: 'inactiveDays',
      label: t('list.inactiveDays'),
      min: 1,
      max: 3650,
      chip: (count) => t('list.inactiveFor', { count }),
    },
    { kind: 'dateRange', key: 'created', label: t('fields.createdAt'), from: 'createdFrom', to: 'createdTo' },
    { kind: 'dateRange', key: 'updated', label: t('fields.updatedAt'), from: 'updatedFrom', to: 'updatedTo' },
  ];

  // The fields the list shows; the server says which the caller may write (the owner: managers and admins).
  const bulkHints: Record<string, BulkHint> = {
    jobTitle: { label: t('fields.jobTitle') },
    countryCode: { label: t('fields.countryCode'), options: places.countryOptions },
    language: { label: t('fields.language'), options: places.languageOptions },
    source: { label: t('fields.source'), options: sourceOptions },
    ownerId: { label: t('fields.owner') },
    isActive: { label: t('fields.isActive') },
    marketingOptOut: { label: t('fields.marketingOptOut') },
  };

  const setOrganisationFilter = (id: string | null) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (id) next.set('organisationId', id);
        else next.delete('organisationId');
        return next;
      },
      { replace: true },
    );
  };

  const newButton = canWrite(user) && (
    <Button leftSection={<IconPlus size={16} />} onClick={createModal.open}>
      {t('new')}
    </Button>
  );

  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} actions={newButton} />
      <DataList<Person>
        // A new organisation is another list: start again from its first page.
        key={organisationId ?? 'all'}
        entity="people"
        columns={columns}
        filters={filters}
        bulkHints={bulkHints}
        defaultSort="lastName"
        fixed={organisationId ? { organisationId } : {}}
        actions={
          <RecordPicker
            entity="organisation"
            aria-label={t('fields.organisation')}
            placeholder={t('list.organisationFilter')}
            value={organisationId}
            onChange={(id) => setOrganisationFilter(id)}
            w={240}
          />
        }
        fetchPage={async (query, signal) =>
          data(
            await api.GET('/api/v1/people', {
              // The Organisation column; only the list asks for it (exports and saved views keep their parameters).
              params: { query: { ...query, expand: 'organisation' } as never },
              signal,
            }),
          )
        }
        rowHref={(p) => `/people/${p.id}`}
        empty={{
          title: t('emptyTitle'),
          hint: t('emptyHint'),
          action: canWrite(user) ? (
            <Button variant="light" leftSection={<IconPlus size={16} />} onClick={createModal.open}>
              {t('new')}
            </Button>
          ) : undefined,
        }}
      />
      <CreatePersonModal
        opened={createOpen}
        onClose={createModal.close}
        organisationId={organisationId}
        onCreated={(p) => navigate(`/people/${p.id}`)}
      />
    </>
  );
}
