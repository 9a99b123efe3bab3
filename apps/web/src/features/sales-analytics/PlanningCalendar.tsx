import type { EventInput, EventSourceFuncArg } from '@fullcalendar/core';
import frLocale from '@fullcalendar/core/locales/fr';
import dayGridPlugin from '@fullcalendar/daygrid';
import luxonPlugin from '@fullcalendar/luxon3';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import { useMantineTheme } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, data } from '../../api/client.ts';
import type { SalesView } from '../../app/sales-analytics/view.ts';
import { RECORD_PATH } from '../../records/activity-links.ts';
import classes from './PlanningCalendar.module.css';

/** The interactions the planning shows: meetings, calls and pitches (notes and e-mails have no slot in a day). */
const SCHEDULED = ['reunion', 'visio', 'appel', 'pitch'] as const;

/**
 * The planning view (FullCalendar, a lazy chunk): the meetings and the tasks of the dates shown, week, month or day,
 * for the team and the sales people of the view (a task counts for its assignee). Times are Paris times, as
 * everywhere in the app (named zones through the Luxon plugin); a click opens the record (a meeting's mandate, organisation or person; the task).
 * On a phone it opens on the day (seven columns of 50 px say little) and its toolbar wraps.
 */
export default function PlanningCalendar({ view }: { view: SalesView }) {
  const { t, i18n } = useTranslation('sales-analytics');
  const { t: tc } = useTranslation();
  const theme = useMantineTheme();
  const navigate = useNavigate();
  // Read at the first render: FullCalendar takes its initial view once.
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const { teamId, ownerIds } = view;

  const events = useCallback(
    async (range: EventSourceFuncArg): Promise<EventInput[]> => {
      const [interactions, tasks] = await Promise.all([
        api.GET('/api/v1/interactions', {
          params: {
            query: {
              type: [...SCHEDULED],
              occurredFrom: range.start.toISOString(),
              occurredTo: range.end.toISOString(),
              ...(teamId ? { teamId: [teamId] } : {}),
              ...(ownerIds.length ? { ownerId: ownerIds } : {}),
              limit: 200,
            },
          },
        }),
        api.GET('/api/v1/tasks', {
          params: {
            query: {
              dueFrom: range.start.toISOString(),
              dueTo: range.end.toISOString(),
              ...(ownerIds.length ? { assigneeId: ownerIds } : {}),
              limit: 200,
            },
          },
        }),
      ]);
      const meetings = data(interactions).items.map((i) => {
        const path = i.mandatId
          ? RECORD_PATH.mandat?.(i.mandatId)
          : i.organisationId
            ? RECORD_PATH.organisation?.(i.organisationId)
            : i.personId
              ? RECORD_PATH.person?.(i.personId)
              : null;
        const start = new Date(i.occurredAt);
        return {
          id: `i-${i.id}`,
          title: `${tc(`enums.interactionType.${i.type}`)} · ${i.title}`,
          start,
          end: new Date(start.getTime() + (i.durationMinutes ?? 60) * 60_000),
          // Dark enough for white text (WCAG AA).
          backgroundColor: theme.colors.indigo[8],
          borderColor: theme.colors.indigo[8],
          textColor: theme.white,
          extendedProps: { path },
        };
      });
      const due = data(tasks)
        .items.filter((task) => task.dueAt && (!teamId || task.teamId === teamId))
        .map((task) => ({
          id: `t-${task.id}`,
          title: `${t('planning.task')} · ${task.title}`,
          start: task.dueAt as string,
          allDay: false,
          // A light fill and dark text: readable, and apart from the meetings.
          backgroundColor: task.status === 'done' ? theme.colors.gray[2] : theme.colors.orange[1],
          borderColor: task.status === 'done' ? theme.colors.gray[5] : theme.colors.orange[6],
          textColor: theme.colors.dark[7],
          extendedProps: { path: `/tasks?open=${task.id}` },
        }));
      return [...meetings, ...due];
    },
    [teamId, ownerIds, t, tc, theme],
  );

  return (
    <div data-testid="planning" className={classes.planning}>
      <FullCalendar
        plugins={[dayGridPlugin, timeGridPlugin, luxonPlugin]}
        initialView={phone ? 'timeGridDay' : 'timeGridWeek'}
        initialDate={view.to}
        locales={[frLocale]}
        locale={i18n.language === 'en' ? 'en-gb' : 'fr'}
        timeZone="Europe/Paris"
        firstDay={1}
        headerToolbar={{ left: 'prev,next today', center: 'title', right: 'timeGridDay,timeGridWeek,dayGridMonth' }}
        // Text arrows rather than FullCalendar's icon spans (role="img" without a name), with names of their own.
        buttonIcons={false}
        buttonHints={{ prev: t('planning.previous'), next: t('planning.next') }}
        buttonText={{
          prev: '‹',
          next: '›',
          today: t('planning.views.today'),
          day: t('planning.views.day'),
          week: t('planning.views.week'),
          month: t('planning.views.month'),
        }}
        slotMinTime="07:00:00"
        slotMaxTime="21:00:00"
        nowIndicator
        allDaySlot={false}
        eventMaxStack={3}
        dayMaxEvents
        height="auto"
        events={events}
        eventClick={(info) => {
          info.jsEvent.preventDefault();
          const path = info.event.extendedProps.path as string | null;
          if (path) navigate(path);
        }}
        noEventsText={t('planning.empty')}
        // "+3 en plus" is a link FullCalendar gives aria-expanded, which a link may not have: it acts as a button.
        moreLinkDidMount={(info) => info.el.setAttribute('role', 'button')}
      />
    </div>
  );
}
