// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import i18n from '../../app/i18n.ts';
import { renderWithApp } from '../../test/render.tsx';
import { LostReasonModal } from './LostReasonModal.tsx';

beforeAll(async () => {
  await i18n.loadNamespaces('mandats');
});

const open = () => {
  const onConfirm = vi.fn();
  renderWithApp(<LostReasonModal title="Distribution Garonne" onCancel={() => {}} onConfirm={onConfirm} />);
  return onConfirm;
};
const confirm = () => fireEvent.click(screen.getByRole('button', { name: 'Marquer comme perdu' }));
const reason = (name: RegExp) => fireEvent.click(screen.getByRole('radio', { name }));
const detail = () => screen.getByRole('textbox', { name: /Précision sur la perte/ });

describe('LostReasonModal', () => {
  it('offers every reason with its French name and what it covers', async () => {
    open();
    expect(await screen.findByRole('dialog', { name: 'Mandat perdu' })).toBeTruthy();
    expect(screen.getAllByRole('radio')).toHaveLength(9);
    expect(screen.getByRole('radio', { name: /Frais trop élevés/ }).textContent).toContain('rétrocessions');
    expect(screen.getByRole('radio', { name: /Sans réponse/ })).toBeTruthy();
  });

  it('asks for a reason before anything is sent', async () => {
    const onConfirm = open();
    await screen.findByRole('dialog');
    confirm();
    expect(await screen.findByText('Choisissez le motif de perte')).toBeTruthy();
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('sends a reason alone, or with its detail trimmed', async () => {
    const onConfirm = open();
    await screen.findByRole('dialog');
    reason(/Choix d’un concurrent/);
    expect(screen.getByRole('radio', { name: /Choix d’un concurrent/ }).getAttribute('aria-checked')).toBe('true');
    confirm();
    expect(onConfirm).toHaveBeenLastCalledWith({ lostReasonCode: 'concurrent' });
    fireEvent.change(detail(), { target: { value: '  Gamme concurrente déjà référencée ' } });
    confirm();
    expect(onConfirm).toHaveBeenLastCalledWith({
      lostReasonCode: 'concurrent',
      lostReason: 'Gamme concurrente déjà référencée',
    });
  });

  it('makes the detail required for « Autre »', async () => {
    const onConfirm = open();
    await screen.findByRole('dialog');
    reason(/^Autre/);
    expect(detail().hasAttribute('required')).toBe(true);
    confirm();
    await waitFor(() => expect(screen.getByText('Précisez ce qui s’est passé')).toBeTruthy());
    expect(onConfirm).not.toHaveBeenCalled();
    fireEvent.change(detail(), { target: { value: 'Fonds fermé aux souscriptions' } });
    confirm();
    expect(onConfirm).toHaveBeenCalledWith({ lostReasonCode: 'autre', lostReason: 'Fonds fermé aux souscriptions' });
  });
});
