import { Button, Group, UnstyledButton } from '@mantine/core';
import { IconCheck, IconThumbDown, IconTrophy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Mandat } from '../../records/mandat.ts';
import classes from './StageStepper.module.css';
import { OPEN_MANDAT_STAGES, type Stage } from './stages.ts';

/**
 * The pipeline as a row of steps (Pipedrive-style): the steps reached so far are filled, the current one is
 * marked; a click moves the mandate there. "Won" and "Lost" close it. Read-only without `onMove`.
 */
export function StageStepper({
  mandat,
  onMove,
  busy,
}: {
  mandat: Pick<Mandat, 'stage'>;
  onMove?: (to: Stage) => void;
  busy?: boolean;
}) {
  const { t } = useTranslation('mandats');
  const { t: tc } = useTranslation();
  const current = OPEN_MANDAT_STAGES.indexOf(mandat.stage as (typeof OPEN_MANDAT_STAGES)[number]);
  const won = mandat.stage === 'gagne';
  const lost = mandat.stage === 'perdu';

  return (
    <Group gap="xs" wrap="wrap" align="stretch">
      <nav aria-label={t('detail.stepper')} style={{ flex: '1 1 420px', minWidth: 0 }}>
        <ol className={classes.steps}>
          {OPEN_MANDAT_STAGES.map((stage, i) => {
            const reached = won || (current >= 0 && i <= current);
            const isCurrent = i === current;
            const label = tc(`enums.stage.${stage}`);
            return (
              <li key={stage} className={classes.item}>
                <UnstyledButton
                  // Read-only: a plain step, not a button the user may not use.
                  component={onMove ? 'button' : 'div'}
                  className={classes.step}
                  data-reached={reached || undefined}
                  data-current={isCurrent || undefined}
                  data-lost={lost || undefined}
                  aria-current={isCurrent ? 'step' : undefined}
                  aria-label={
                    isCurrent
                      ? t('detail.currentStep', { stage: label })
                      : onMove
                        ? t('detail.moveToStep', { stage: label })
                        : label
                  }
                  disabled={!onMove || isCurrent || busy}
                  onClick={() => onMove?.(stage)}
                >
                  {reached && !isCurrent && <IconCheck size={14} aria-hidden className={classes.check} />}
                  <span className={classes.label}>{label}</span>
                </UnstyledButton>
              </li>
            );
          })}
        </ol>
      </nav>
      {onMove && (
        <Group gap="xs" wrap="nowrap">
          <Button
            color="teal.9"
            variant={won ? 'filled' : 'outline'}
            leftSection={<IconTrophy size={16} />}
            onClick={() => onMove('gagne')}
            disabled={busy}
            aria-pressed={won}
          >
            {t('detail.markWon')}
          </Button>
          <Button
            color="red.9"
            variant={lost ? 'filled' : 'outline'}
            leftSection={<IconThumbDown size={16} />}
            onClick={() => onMove('perdu')}
            disabled={busy}
            aria-pressed={lost}
          >
            {t('detail.markLost')}
          </Button>
        </Group>
      )}
    </Group>
  );
}
