import { DateInput, type DateInputProps } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import { parseFrenchDateTime } from '../app/paris-time.ts';

/**
 * A date and time the user can type by hand, French style (`08/12/2026 14:30`, `8/12/26 9h`, or a day alone: 9:00),
 * or pick in the calendar. Its value is a Paris wall-clock string (`YYYY-MM-DD HH:mm:ss`): convert it with
 * `fromParisWall` / `toParisWall` (app/paris-time.ts). Mantine's DateTimePicker is a button that takes no typing,
 * and DateInput's own parser reads `08/12` month first: hence this one.
 */
export function DateTimeField(props: Omit<DateInputProps, 'valueFormat' | 'dateParser' | 'withTime'>) {
  const { t } = useTranslation();
  return (
    <DateInput
      valueFormat="DD/MM/YYYY HH:mm"
      withTime
      dateParser={(text) => parseFrenchDateTime(text)}
      placeholder={t('dates.dateTimePlaceholder')}
      {...props}
    />
  );
}
