import { DatePickerInput } from '@mantine/dates';
import dayjs from 'dayjs';

/**
 * A range of calendar days (`YYYY-MM-DD`, both included) picked in a calendar, up to `today`; a range longer than
 * `maxDays` keeps its last `maxDays` days (the analyses' APIs refuse longer periods).
 */
export function DayRangeInput({
  label,
  from,
  to,
  today,
  maxDays,
  onChange,
}: {
  label: string;
  from: string;
  to: string;
  today: string;
  maxDays: number;
  onChange: (from: string, to: string) => void;
}) {
  return (
    <DatePickerInput
      type="range"
      label={label}
      aria-label={label}
      value={[from, to]}
      maxDate={today}
      valueFormat="DD/MM/YYYY"
      allowSingleDateInRange
      w={230}
      onChange={([start, end]) => {
        if (!start || !end) return;
        const last = dayjs(end).format('YYYY-MM-DD');
        const first =
          dayjs(last).diff(dayjs(start), 'day') >= maxDays
            ? dayjs(last)
                .subtract(maxDays - 1, 'day')
                .format('YYYY-MM-DD')
            : dayjs(start).format('YYYY-MM-DD');
        onChange(first, last);
      }}
    />
  );
}
