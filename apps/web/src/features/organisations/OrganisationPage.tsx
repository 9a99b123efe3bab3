import { Anchor, Badge, Button, Group, Menu, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBuilding, IconGitMerge, IconMapPin, IconPencil, IconWorld } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Schemas } from '../../api/client.ts';
import { useMayModify } from '../../app/auth.tsx';
import { useDirectory } from '../../app/directory.ts';
import { CreateTaskButton } from '../../records/CreateTaskModal.tsx';
import { LogInteractionButton } from '../../records/LogInteractionModal.tsx';
import { useRecordLifecycle } from '../../records/lifecycle.tsx';
import { activitySlots, RecordLoad, RecordPage } from '../../records/RecordPage.tsx';
import { ContactsTab } from './ContactsTab.tsx';
import { InfoTab, websiteHref } from './InfoTab.tsx';
import { KeyFigures } from './KeyFigures.tsx';
import { MandatsTab } from './MandatsTab.tsx';
import { OrganisationFormModal } from './OrganisationFormModal.tsx';
import { useOrganisationOptions } from './options.ts';
import { organisationQuery } from './queries.ts';

type Organisation = Schemas['Organisation'];

export const useOrganisation = (id: string) => useQuery(organisationQuery(id));

export default function OrganisationPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('organisations');
  return (
    <RecordLoad
      query={useOrganisation(id)}
      back={{ to: '/organisations', label: t('detail.back') }}
      notFound={{
        icon: <IconBuilding size={26} />,
        title: t('detail.notFoundTitle'),
        body: t('detail.notFoundBody'),
        action: t('detail.back'),
      }}
      skeletonRows={6}
    >
      {(o) => <OrganisationView organisation={o} />}
    </RecordLoad>
  );
}

function OrganisationView({ organisation: o }: { organisation: Organisation }) {
  const { t } = useTranslation('organisations');
  const { t: tc } = useTranslation();
  const writer = useMayModify()(o);
  const { userName } = useDirectory();
  const options = useOrganisationOptions();
  const [editing, editModal] = useDisclosure();
  const links = { organisationId: o.id };
  const lifecycle = useRecordLifecycle('organisations', o.id, {
    confirmTitle: t('detail.deleteTitle', { name: o.name }),
    confirmBody: t('detail.deleteBody'),
    deleted: t('detail.deleted', { name: o.name }),
    restored: t('detail.restored', { name: o.name }),
  });
  const place = [o.city, o.countryCode !== 'FR' || !o.city ? options.countryName(o.countryCode) : null]
    .filter(Boolean)
    .join(', ');
  const website = websiteHref(o.website);

  return (
    <RecordPage
      back={{ to: '/organisations', label: t('detail.back') }}
      title={o.name}
      badges={
        <>
          <Badge variant="light">{tc(`enums.organisationType.${o.type}`)}</Badge>
          <Badge variant="outline">{o.category}</Badge>
          {o.tier && (
            <Badge variant="light" color="grape">
              Tier {o.tier}
            </Badge>
          )}
          {!o.isActive && (
            <Badge variant="filled" color="gray">
              {t('detail.inactive')}
            </Badge>
          )}
        </>
      }
      subtitle={
        <Group gap="md" wrap="wrap">
          <Text size="sm" c="dimmed">
            {t('detail.ownerLine', { name: userName(o.ownerId) })}
          </Text>
          {place && (
            <Group gap={4}>
              <IconMapPin size={14} aria-hidden />
              <Text size="sm" c="dimmed">
                {place}
              </Text>
            </Group>
          )}
          {website && (
            <Anchor href={website} target="_blank" rel="noreferrer" size="sm">
              <Group gap={4} wrap="nowrap">
                <IconWorld size={14} aria-hidden />
                {o.website}
              </Group>
            </Anchor>
          )}
        </Group>
      }
      actions={
        writer && (
          <>
            <LogInteractionButton links={links} />
            <CreateTaskButton links={links} variant="default" />
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={editModal.open}>
              {tc('actions.edit')}
            </Button>
          </>
        )
      }
      menu={
        writer
          ? {
              label: t('detail.actions'),
              items: (
                <Menu.Item
                  leftSection={<IconGitMerge size={14} />}
                  component={Link}
                  to={`/organisations/${o.id}/merge`}
                >
                  {t('detail.merge')}
                </Menu.Item>
              ),
              lifecycle,
              deleteLabel: t('detail.delete'),
            }
          : undefined
      }
      summary={(openTab) => <KeyFigures organisation={o} onOpenTab={openTab} />}
      tabs={[
        { value: 'info', label: t('tabs.info'), render: () => <InfoTab organisation={o} canEdit={writer} /> },
        {
          value: 'contacts',
          label: t('tabs.contacts'),
          render: () => <ContactsTab organisationId={o.id} canEdit={writer} />,
        },
        {
          value: 'mandats',
          label: t('tabs.mandats'),
          render: () => <MandatsTab organisationId={o.id} canEdit={writer} />,
        },
      ]}
      {...activitySlots('organisation', o.id)}
    >
      <OrganisationFormModal opened={editing} onClose={editModal.close} organisation={o} />
    </RecordPage>
  );
}
