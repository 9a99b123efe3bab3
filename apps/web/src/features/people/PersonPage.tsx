import { Alert, Avatar, Badge, Button, Menu, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconDownload, IconGitMerge, IconMask, IconPencil, IconUser } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { apiUrl } from '../../api/client.ts';
import { hasRole, mayModify, useCurrentUser } from '../../app/auth.tsx';
import { peopleKeys } from '../../app/query-keys.ts';
import { CreateTaskButton, LogInteractionButton } from '../../records/index.ts';
import { useRecordLifecycle } from '../../records/lifecycle.tsx';
import { fullName, type Person, usePerson, usePersonLinks } from '../../records/person.ts';
import { activitySlots, RecordLoad, RecordPage } from '../../records/RecordPage.tsx';
import { AnonymiseModal } from './AnonymiseModal.tsx';
import { EditPersonModal } from './EditPersonModal.tsx';
import { PersonInfoTab } from './PersonInfoTab.tsx';
import { PersonMandatsTab } from './PersonMandatsTab.tsx';
import { PersonOrganisationsTab } from './PersonOrganisationsTab.tsx';
import { PersonSummary } from './PersonSummary.tsx';

export default function PersonPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('people');
  return (
    <RecordLoad
      query={usePerson(id)}
      back={{ to: '/people', label: t('detail.backToList') }}
      notFound={{
        icon: <IconUser size={26} />,
        title: t('detail.notFoundTitle'),
        body: t('detail.notFoundHint'),
        action: t('detail.backToList'),
      }}
    >
      {(person) => <PersonDetail person={person} />}
    </RecordLoad>
  );
}

function PersonDetail({ person }: { person: Person }) {
  const { t } = useTranslation('people');
  const { t: tc } = useTranslation();
  const user = useCurrentUser();
  const writer = mayModify(user, person);
  const compliance = hasRole(user, 'manager');
  const queryClient = useQueryClient();
  const links = usePersonLinks(person.id);
  const [editOpen, editModal] = useDisclosure();
  const [anonymiseOpen, anonymiseModal] = useDisclosure();
  const name = fullName(person);
  const anonymised = !!person.anonymisedAt;
  const lifecycle = useRecordLifecycle('people', person.id, {
    confirmTitle: t('detail.deleteTitle'),
    confirmBody: t('detail.deleteConfirm', { name }),
    deleted: t('detail.deleted', { name }),
    restored: t('detail.restored', { name }),
  });

  const orgs = links.data ?? [];
  const primaryOrganisation = orgs.find((l) => l.isPrimary) ?? (orgs.length === 1 ? orgs[0] : undefined);
  /** An interaction or task from here concerns the contact and, unless changed in the form, their company. */
  const activityLinks = { personId: person.id, organisationId: primaryOrganisation?.organisationId ?? null };
  const refreshPerson = () => void queryClient.invalidateQueries({ queryKey: peopleKeys.record(person.id) });

  return (
    <RecordPage
      back={{ to: '/people', label: t('title') }}
      banner={
        anonymised && (
          <Alert color="gray" icon={<IconMask size={18} />} title={t('detail.anonymisedTitle')}>
            {t('detail.anonymisedBody')}
            {person.anonymisationReason && (
              <Text size="sm" mt={4}>
                {t('detail.anonymisedReason', { reason: person.anonymisationReason })}
              </Text>
            )}
          </Alert>
        )
      }
      avatar={<Avatar size={56} radius="xl" color="initials" name={name} />}
      title={name}
      badges={
        (!person.isActive || person.marketingOptOut) && (
          <>
            {!person.isActive && (
              <Badge color="gray" variant="light">
                {t('badges.inactive')}
              </Badge>
            )}
            {person.marketingOptOut && (
              <Badge color="orange" variant="light">
                {t('badges.optOut')}
              </Badge>
            )}
          </>
        )
      }
      subtitle={
        (person.jobTitle || primaryOrganisation) && (
          <Text c="dimmed">{[person.jobTitle, primaryOrganisation?.organisationName].filter(Boolean).join(' · ')}</Text>
        )
      }
      actions={
        <>
          {!anonymised && (
            <>
              <LogInteractionButton links={activityLinks} onLogged={refreshPerson} />
              <CreateTaskButton links={activityLinks} variant="default" />
            </>
          )}
          {writer && !anonymised && (
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={editModal.open}>
              {tc('actions.edit')}
            </Button>
          )}
        </>
      }
      menu={{
        items:
          (writer && !anonymised) || compliance ? (
            <>
              {writer && !anonymised && (
                <Menu.Item leftSection={<IconGitMerge size={16} />} component={Link} to={`/people/${person.id}/merge`}>
                  {t('detail.merge')}
                </Menu.Item>
              )}
              {compliance && (
                <>
                  <Menu.Label>{t('detail.rgpd')}</Menu.Label>
                  <Menu.Item
                    leftSection={<IconDownload size={16} />}
                    component="a"
                    href={apiUrl(`/people/${person.id}/rgpd-export`)}
                    download={`rgpd-${person.lastName}-${person.firstName}.json`.replace(/\s+/g, '-')}
                  >
                    {t('detail.rgpdExport')}
                  </Menu.Item>
                  {!anonymised && (
                    <Menu.Item leftSection={<IconMask size={16} />} color="red" onClick={anonymiseModal.open}>
                      {t('detail.anonymise')}
                    </Menu.Item>
                  )}
                </>
              )}
            </>
          ) : undefined,
        lifecycle: writer ? lifecycle : null,
      }}
      summary={<PersonSummary person={person} organisations={orgs} />}
      tabs={[
        { value: 'info', label: t('tabs.info'), render: () => <PersonInfoTab person={person} readOnly={!writer} /> },
        {
          value: 'organisations',
          label: t('tabs.organisations'),
          count: orgs.length,
          render: () => <PersonOrganisationsTab person={person} readOnly={!writer || anonymised} />,
        },
        { value: 'mandats', label: t('tabs.mandats'), render: () => <PersonMandatsTab person={person} /> },
      ]}
      {...activitySlots('person', person.id)}
    >
      {writer && <EditPersonModal person={person} opened={editOpen} onClose={editModal.close} />}
      {compliance && <AnonymiseModal person={person} opened={anonymiseOpen} onClose={anonymiseModal.close} />}
    </RecordPage>
  );
}
