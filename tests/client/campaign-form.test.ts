import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import CampaignForm from '../../client/src/pages/CampaignForm.svelte';
import { scriptedClient, until } from './fake-server.js';
import WithClient from './WithClient.svelte';

/** The server's answer to a createCampaign that breaks its rules. */
const badInput = (problems: { field: string; rule: string }[]) => ({
  data: null,
  errors: [
    {
      message: problems.map(({ field, rule }) => `${field}: ${rule}`).join('; '),
      path: ['createCampaign'],
      extensions: { code: 'BAD_USER_INPUT', field: problems[0]?.field, problems },
    },
  ],
});

function renderForm(answer: Parameters<typeof scriptedClient>[0]) {
  const { client, requests } = scriptedClient(answer);
  const onCreated = vi.fn();
  const brands = [{ id: 'b1', name: 'Green Leaf' }];
  render(WithClient, { props: { client, component: CampaignForm, props: { brands, modelNames: ['mistral:latest'], onCreated } } });
  return { requests, onCreated };
}

const describedText = (element: HTMLElement) =>
  (element.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');

describe('the campaign form', () => {
  it('shows each of the server’s problems next to its field', async () => {
    const { requests, onCreated } = renderForm(() =>
      badInput([
        { field: 'input.brief', rule: 'must be at least 10 characters' },
        { field: 'input.targetAudience', rule: 'must be at least 3 characters' },
        { field: 'input.models.contentCreator', rule: 'must be an Ollama model name such as "mistral" or "llama3.1:8b"' },
      ]),
    );
    await fireEvent.input(screen.getByLabelText(/^What should the agents write\?/), { target: { value: 'Too short' } });
    await fireEvent.input(screen.getByLabelText(/^Target audience/), { target: { value: 'x' } });
    await fireEvent.input(screen.getByLabelText('Content Creator'), { target: { value: 'not a model!' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Start campaign' }));
    await until(() => document.querySelectorAll('.field-error').length >= 3);

    expect(requests[0]?.variables.input).toEqual({
      brief: 'Too short',
      targetAudience: 'x',
      contentType: 'BLOG_POST',
      models: { contentCreator: 'not a model!' },
    });
    const brief = screen.getByLabelText(/^What should the agents write\?/);
    expect(brief.getAttribute('aria-invalid')).toBe('true');
    expect(describedText(brief)).toContain('must be at least 10 characters');
    const audience = screen.getByLabelText(/^Target audience/);
    expect(describedText(audience)).toContain('must be at least 3 characters');
    expect(describedText(audience)).not.toContain('10 characters');
    const model = screen.getByLabelText('Content Creator');
    expect(describedText(model)).toContain('must be an Ollama model name');
    expect((model.closest('details') as HTMLDetailsElement).open).toBe(true); // opened to show its problem
    // Fields without a problem stay clean.
    expect(screen.getByLabelText('Content type').getAttribute('aria-invalid')).toBeNull();
    expect(onCreated).not.toHaveBeenCalled();
  });

  it('shows an unknown brand next to the brand select, and a problem with no field above the form', async () => {
    renderForm(() => ({
      data: null,
      errors: [
        {
          message: 'input.brandId: Brand "b1" was not found',
          extensions: { code: 'NOT_FOUND', kind: 'Brand', id: 'b1', field: 'input.brandId' },
        },
        {
          message: 'input: the queue is full',
          extensions: { code: 'BAD_USER_INPUT', field: 'input', problems: [{ field: 'input', rule: 'the queue is full' }] },
        },
      ],
    }));
    await fireEvent.change(screen.getByLabelText('Brand'), { target: { value: 'b1' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Start campaign' }));
    await until(() => document.querySelectorAll('.field-error').length >= 2);
    expect(describedText(screen.getByLabelText('Brand'))).toContain('Brand "b1" was not found');
    expect(screen.getByTestId('form-problems').textContent).toContain('the queue is full');
  });

  it('hands the new campaign’s id on when the server accepts it', async () => {
    const { requests, onCreated } = renderForm(() => ({ data: { createCampaign: { id: 'c42', status: 'QUEUED' } } }));
    await fireEvent.input(screen.getByLabelText(/^What should the agents write\?/), {
      target: { value: 'A blog post about urban gardening' },
    });
    await fireEvent.input(screen.getByLabelText(/^Target audience/), { target: { value: 'renters' } });
    await fireEvent.change(screen.getByLabelText('Content type'), { target: { value: 'EMAIL' } });
    await fireEvent.change(screen.getByLabelText('Brand'), { target: { value: 'b1' } });
    await fireEvent.input(screen.getByLabelText(/SEO keyphrase/), { target: { value: 'urban gardening' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Start campaign' }));
    await until(() => onCreated.mock.calls.length > 0);
    expect(onCreated).toHaveBeenCalledWith('c42');
    expect(requests[0]?.variables.input).toEqual({
      brief: 'A blog post about urban gardening',
      targetAudience: 'renters',
      contentType: 'EMAIL',
      brandId: 'b1',
      keyphrase: 'urban gardening',
    });
    expect(document.querySelectorAll('.field-error')).toHaveLength(0);
  });

  it('sends the tone, the length and, for social posts, only the platforms ticked', async () => {
    const { requests, onCreated } = renderForm(() => ({ data: { createCampaign: { id: 'c9', status: 'QUEUED' } } }));
    await fireEvent.input(screen.getByLabelText(/^What should the agents write\?/), {
      target: { value: 'Posts about our spring refill kits' },
    });
    await fireEvent.input(screen.getByLabelText(/^Target audience/), { target: { value: 'city renters' } });
    expect(screen.queryByRole('group', { name: 'Platforms' })).toBeNull(); // blog posts have no platforms
    await fireEvent.change(screen.getByLabelText('Content type'), { target: { value: 'SOCIAL_MEDIA' } });
    const platforms = screen.getByRole('group', { name: 'Platforms' });
    for (const name of ['Instagram', 'Facebook']) await fireEvent.click(within(platforms).getByLabelText(name));
    await fireEvent.input(screen.getByLabelText(/^Tone/), { target: { value: 'playful' } });
    await fireEvent.change(screen.getByLabelText('Length'), { target: { value: 'SHORT' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Start campaign' }));
    await until(() => onCreated.mock.calls.length > 0);
    expect(requests[0]?.variables.input).toEqual({
      brief: 'Posts about our spring refill kits',
      targetAudience: 'city renters',
      contentType: 'SOCIAL_MEDIA',
      tone: 'playful',
      length: 'SHORT',
      platforms: ['X', 'LINKEDIN'],
    });
  });

  it('marks the required fields, counts characters against the limits, and names the model each agent uses', async () => {
    const { client } = scriptedClient();
    render(WithClient, {
      props: {
        client,
        component: CampaignForm,
        props: { brands: [], defaultModels: { 'Content Creator': 'mistral', Optimizer: 'mistral' }, onCreated: vi.fn() },
      },
    });
    const brief = screen.getByLabelText(/^What should the agents write\?/);
    expect(brief.closest('.field')?.querySelector('label')?.textContent).toContain('(required)');
    expect(
      screen
        .getByLabelText(/^Target audience/)
        .closest('.field')
        ?.querySelector('label')?.textContent,
    ).toContain('(required)');
    expect(
      screen
        .getByLabelText(/^Campaign name/)
        .closest('.field')
        ?.querySelector('label')?.textContent,
    ).toContain('(optional)');
    expect(brief.getAttribute('maxlength')).toBe('4000');
    await fireEvent.input(brief, { target: { value: 'Too short' } });
    const count = screen.getByTestId('brief-count');
    expect(count.textContent).toBe('9 / 4000');
    expect(count.classList.contains('short')).toBe(true);
    expect(describedText(brief)).toContain('9 / 4000');
    expect(screen.getByLabelText('Content Creator').getAttribute('placeholder')).toBe('default: mistral');
    expect(screen.getByLabelText('Brand Manager').getAttribute('placeholder')).toBe('the configured model');
  });
});
