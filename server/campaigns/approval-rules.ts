// What a valid approval decision is. Shared by the GraphQL arguments, the REST API and its OpenAPI document.
import { z } from 'zod';

const text = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min, min === 1 ? 'must not be blank' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`);

export const approvalRules = {
  /** Who decides, as recorded on the campaign. */
  by: text(1, 100),
  editedContent: text(1, 50_000),
  feedback: text(3, 2000),
  reason: text(3, 2000),
  instruction: text(3, 500),
};
