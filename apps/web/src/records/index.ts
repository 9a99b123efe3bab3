/**
 * Activity components shared by the organisation, person and mandate pages. Each takes the record it is on:
 *   <Timeline entity="organisation" id={id} />
 *   <NotesAndFiles entity="person" id={id} />
 *   <EntityTasks entity="mandat" id={id} />
 *   <LogInteractionButton links={{ organisationId: id }} />   (or LogInteractionModal with opened/onClose)
 *   <CreateTaskButton links={{ personId: id }} />             (or CreateTaskModal with opened/onClose)
 *   <RecordPicker entity="organisation" value={id} onChange={(id, label) => …} label="…" />
 */

export { type ActivityEntity, type ActivityLinks, linksOf } from './activity-links.ts';
export { CreateTaskButton, CreateTaskModal, type CreateTaskModalProps } from './CreateTaskModal.tsx';
export { EntityTasks } from './EntityTasks.tsx';
export { LogInteractionButton, LogInteractionModal, type LogInteractionModalProps } from './LogInteractionModal.tsx';
export { Files, Notes, NotesAndFiles } from './NotesAndFiles.tsx';
export { invalidateActivity } from './queries.ts';
export { RecordPicker, type RecordPickerProps, useRecordLabel } from './RecordPicker.tsx';
export { RelativeTime } from './RelativeTime.tsx';
export { Timeline, type TimelineProps } from './Timeline.tsx';
