import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/spotlight/styles.css';
import './app/global.css';
import 'dayjs/locale/fr';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import './app/i18n.ts';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
// A render error React recovered from (by rendering again synchronously) is still a bug: say what threw and where,
// so the console shows the cause rather than React's bare "error #520" wrapper.
createRoot(root, {
  onRecoverableError: (error, info) => {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    console.error('Recovered render error:', cause, info.componentStack ?? '');
  },
}).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
