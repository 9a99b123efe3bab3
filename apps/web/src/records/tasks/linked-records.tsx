import { Anchor, Group, Text } from '@mantine/core';
import { IconBriefcase, IconBuilding, IconUser } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RECORDS } from '../../app/records.ts';
import { type LinkedType, linkedLabelQuery } from './queries.ts';

export interface LinkedIds {
  organisationId: string | null;
  personId: string | null;
  mandatId: string | null;
}

/** The name of a linked organisation, contact or mandate (null when it is gone or out of reach). */
export function useRecordLabel(type: LinkedType, id: string | null | undefined) {
  return useQuery(linkedLabelQuery(type, id));
}

const ICON = { organisation: IconBuilding, person: IconUser, mandat: IconBriefcase } as const;

/** The most specific record a row is linked to (mandate, then contact, then organisation), as a link. */
export function LinkedRecord({ row }: { row: LinkedIds }) {
  const target: [LinkedType, string] | null = row.mandatId
    ? ['mandat', row.mandatId]
    : row.personId
      ? ['person', row.personId]
      : row.organisationId
        ? ['organisation', row.organisationId]
        : null;
  if (!target) return <Text c="dimmed">—</Text>;
  return <RecordLink type={target[0]} id={target[1]} />;
}

/** A link to an organisation, contact or mandate, by its name. */
export function RecordLink({ type, id }: { type: LinkedType; id: string }) {
  const { t } = useTranslation();
  const label = useRecordLabel(type, id);
  const Icon = ICON[type];
  if (label.isSuccess && label.data === null) return <Text c="dimmed">—</Text>;
  return (
    <Anchor component={Link} to={RECORDS[type].page(id)} size="sm" title={t(`enums.entity.${type}`)}>
      <Group gap={4} wrap="nowrap" component="span">
        <Icon size={14} aria-hidden />
        <span>{label.data ?? '…'}</span>
      </Group>
    </Anchor>
  );
}
