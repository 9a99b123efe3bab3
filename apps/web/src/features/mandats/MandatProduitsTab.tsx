import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Skeleton,
  Stack,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle, IconLinkOff, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data } from '../../api/client.ts';
import type { Mandat } from '../../records/mandat.ts';
import { SfdrBadge, SriScale } from '../../records/ProduitBadges.tsx';
import { RecordPicker } from '../../records/RecordPicker.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { TableScroll } from '../../ui/TableScroll.tsx';
import { mandatProduitsQuery } from './queries.ts';
import { mayCarryProduits } from './stages.ts';

/** The funds attached to a mandate: attach with a fund picker, detach with a confirmation. */
export function MandatProduitsTab({ mandat, writer }: { mandat: Mandat; writer: boolean }) {
  const { t } = useTranslation('mandats');
  const { t: tc } = useTranslation();
  const { t: tp } = useTranslation('produits');
  const queryClient = useQueryClient();
  const [choice, setChoice] = useState<{ id: string; label: string } | null>(null);
  const allowed = mayCarryProduits(mandat);

  const produitsQuery = mandatProduitsQuery(mandat.id);
  const produits = useQuery(produitsQuery);

  const attach = useMutation({
    mutationFn: async (produitId: string) =>
      data(
        await api.POST('/api/v1/mandats/{id}/produits', {
          params: { path: { id: mandat.id } },
          body: { produitId },
        }),
      ),
    onSuccess: (p) => {
      setChoice(null);
      notifications.show({ color: 'teal', message: t('produits.attached', { name: p.name }) });
      void queryClient.invalidateQueries({ queryKey: produitsQuery.queryKey });
    },
  });

  const detach = useMutation({
    mutationFn: async (produitId: string) =>
      api.DELETE('/api/v1/mandats/{id}/produits/{produitId}', {
        params: { path: { id: mandat.id, produitId } },
      }),
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('produits.detached') });
      void queryClient.invalidateQueries({ queryKey: produitsQuery.queryKey });
    },
  });

  const confirmDetach = (id: string, name: string) =>
    modals.openConfirmModal({
      title: t('produits.detachTitle'),
      children: <Text size="sm">{t('produits.detachConfirm', { name })}</Text>,
      labels: { confirm: t('produits.detach'), cancel: tc('actions.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => detach.mutate(id),
    });

  const items = produits.data ?? [];

  return (
    <Stack>
      {writer && allowed && (
        <Card withBorder>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (choice) attach.mutate(choice.id);
            }}
          >
            <Stack gap="xs">
              <Group align="flex-end" wrap="wrap" gap="xs">
                <RecordPicker
                  entity="produit"
                  label={t('produits.attachLabel')}
                  placeholder={tp('picker.placeholder')}
                  value={choice?.id ?? null}
                  onChange={(id, label) => setChoice(id ? { id, label: label ?? '' } : null)}
                  exclude={items.map((p) => p.id)}
                  style={{ flex: '1 1 280px' }}
                  clearable
                />
                <Button
                  type="submit"
                  leftSection={<IconPlus size={16} />}
                  disabled={!choice}
                  loading={attach.isPending}
                >
                  {t('produits.attach')}
                </Button>
              </Group>
              <ProblemAlert error={attach.error} />
            </Stack>
          </form>
        </Card>
      )}
      {writer && !allowed && (
        <Alert icon={<IconInfoCircle size={18} />} color="blue" variant="light">
          {t('produits.notAllowed')}
        </Alert>
      )}
      <ProblemAlert error={produits.error} />
      <Card withBorder padding={0}>
        {produits.isPending ? (
          <Stack p="md">
            <Skeleton height={20} />
            <Skeleton height={20} />
          </Stack>
        ) : items.length === 0 ? (
          <EmptyState title={t('produits.empty')} hint={allowed ? t('produits.emptyHint') : undefined} />
        ) : (
          <TableScroll minWidth={560}>
            <Table verticalSpacing="xs" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{tp('fields.name')}</Table.Th>
                  <Table.Th>{tp('fields.isin')}</Table.Th>
                  <Table.Th>{tp('fields.type')}</Table.Th>
                  <Table.Th>{tp('fields.sfdrArticle')}</Table.Th>
                  <Table.Th>{tp('fields.sriRisk')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('produits.detach')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((p) => (
                  <Table.Tr key={p.id} data-testid="mandat-produit">
                    <Table.Td>
                      <Anchor component={Link} to={`/produits/${p.id}`} size="sm" fw={500}>
                        {p.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {p.isin}
                      </Text>
                    </Table.Td>
                    <Table.Td>{p.type}</Table.Td>
                    <Table.Td>
                      <SfdrBadge article={p.sfdrArticle} />
                    </Table.Td>
                    <Table.Td>
                      <SriScale risk={p.sriRisk} />
                    </Table.Td>
                    <Table.Td ta="right">
                      {writer && (
                        <Tooltip label={t('produits.detach')}>
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={t('produits.detachLabel', { name: p.name })}
                            onClick={() => confirmDetach(p.id, p.name)}
                          >
                            <IconLinkOff size={16} />
                          </ActionIcon>
                        </Tooltip>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        )}
      </Card>
    </Stack>
  );
}
