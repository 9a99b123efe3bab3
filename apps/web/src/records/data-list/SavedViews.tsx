import { ActionIcon, Button, Checkbox, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBookmark, IconChevronDown, IconTrash, IconUsersGroup } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client.ts';
import { track } from '../../app/analytics/runtime.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { savedViewKeys, savedViewsQuery } from './queries.ts';
import type { ListEntity } from './types.ts';

/** Saved views of a list (the API's segments): named filters, sort and columns, private or team-shared. */
export function SavedViews({
  entity,
  current,
  activeId,
  onApply,
}: {
  entity: ListEntity;
  /** The list's current filters, sort and columns, as query-string values. */
  current: Record<string, string>;
  activeId: string;
  onApply: (id: string, filters: Record<string, string>) => void;
}) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const views = useQuery(savedViewsQuery(entity));
  const [saving, setSaving] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);

  const create = useMutation({
    mutationFn: async () =>
      data(
        await api.POST('/api/v1/segments', {
          body: { name: name.trim(), entity, filters: current, shared },
        }),
      ),
    onSuccess: (view) => {
      void queryClient.invalidateQueries({ queryKey: savedViewKeys.of(entity) });
      setSaving(false);
      setName('');
      notifications.show({ color: 'teal', message: t('list.viewSaved') });
      onApply(view.id, view.filters as Record<string, string>);
    },
  });
  const remove = useMutation({
    mutationFn: async (id: string) => {
      await api.DELETE('/api/v1/segments/{id}', { params: { path: { id } } });
    },
    onSuccess: (_, id) => {
      void queryClient.invalidateQueries({ queryKey: savedViewKeys.of(entity) });
      if (id === activeId) onApply('', {});
    },
  });
  const active = views.data?.find((v) => v.id === activeId);

  return (
    <>
      <Menu position="bottom-start" width={280}>
        <Menu.Target>
          <Button
            variant="default"
            leftSection={<IconBookmark size={16} />}
            rightSection={<IconChevronDown size={14} />}
            data-testid="views-menu"
          >
            {active ? active.name : t('list.views')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => onApply('', {})}>{t('list.allItems')}</Menu.Item>
          {(views.data ?? []).map((v) => (
            <Menu.Item
              key={v.id}
              onClick={() => {
                track('saved_view_applied', { entity });
                onApply(v.id, v.filters as Record<string, string>);
              }}
              leftSection={v.shared ? <IconUsersGroup size={14} aria-label={t('list.sharedView')} /> : undefined}
              rightSection={
                v.ownerId === me.id ? (
                  <ActionIcon
                    component="span"
                    size="sm"
                    variant="subtle"
                    color="red"
                    aria-label={`${t('list.deleteView')} ${v.name}`}
                    onClick={(e) => {
                      e.stopPropagation();
                      remove.mutate(v.id);
                    }}
                  >
                    <IconTrash size={14} />
                  </ActionIcon>
                ) : undefined
              }
            >
              {v.name}
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item leftSection={<IconBookmark size={14} />} onClick={() => setSaving(true)}>
            {t('list.saveView')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={saving} onClose={() => setSaving(false)} title={t('list.saveView')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) create.mutate();
          }}
        >
          <Stack>
            <ProblemAlert error={create.error} />
            <TextInput
              label={t('list.viewName')}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              required
              data-autofocus
              maxLength={120}
            />
            <Checkbox
              label={t('list.viewShared')}
              checked={shared}
              onChange={(e) => setShared(e.currentTarget.checked)}
            />
            <Text size="xs" c="dimmed">
              {Object.keys(current).length} ·{' '}
              {Object.entries(current)
                .map(([k, v]) => `${k}=${v}`)
                .join(' · ')}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setSaving(false)}>
                {t('actions.cancel')}
              </Button>
              <Button type="submit" loading={create.isPending}>
                {t('actions.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
