// What each page does for people who cannot see the whole screen at once: a title of its
// own in the tab and history, the focus on its main heading after a navigation, and on
// the field to fix after a failed submit.
import { tick } from 'svelte';
import { takeHeadingFocus } from './router.svelte.js';

const appName = 'Content Copilot';

export const pageTitle = (name: string) => `${name} · ${appName}`;

/** A campaign's title: the start of its brief, cut at a word. */
export function campaignTitle(brief: string, max = 60): string {
  const text = brief.trim().replace(/\s+/g, ' ');
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1).replace(/\s+\S*$/, '');
  return `${cut || text.slice(0, max)}…`;
}

/**
 * For a page's `<h1 tabindex="-1">`: sets the document title and, when the page was reached by
 * a navigation, takes the focus, so screen readers start reading the new page from its top.
 */
export function pageHeading(heading: HTMLElement, title: string) {
  document.title = pageTitle(title);
  if (takeHeadingFocus()) heading.focus();
  return {
    update(next: string) {
      document.title = pageTitle(next);
    },
  };
}

/** After a failed submit: focus the first field marked invalid, once the problems are on screen. */
export async function focusFirstProblem(form: HTMLFormElement | undefined): Promise<void> {
  await tick();
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}

/** For an element that should take the focus as soon as it appears (a form's first field, a confirmation's safe choice). */
export function focusOnMount(element: HTMLElement) {
  element.focus();
}
