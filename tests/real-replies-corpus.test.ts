// Integrity of the hand-labelled corpus in tests/corpus/: the outputs are still the ones
// taken from AlpacaEval, and every label lines up with a paragraph it can be checked against.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentTypes } from '../server/pipeline/types.js';
import { loadRealReplies, paragraphsOf } from './corpus/real-replies.js';

const { source, replies } = loadRealReplies();
const models = [
  'Mistral-7B-Instruct-v0.2',
  'Mistral-7B-Instruct-v0.3',
  'llama-2-7b-chat-hf',
  'Meta-Llama-3-8B-Instruct',
  'Meta-Llama-3.1-8B-Instruct-Turbo',
];

describe('the real-replies corpus', () => {
  it('names its source and licence', () => {
    expect(source.repository).toBe('https://github.com/tatsu-lab/alpaca_eval');
    expect(source.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(source.files).toEqual(models.map((model) => `results/${model}/model_outputs.json`));
    expect(source.licence.spdx).toBe('Apache-2.0');
  });

  it('has unique ids made of model and instruction index, five models and all four content types', () => {
    const ids = replies.map((reply) => reply.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const reply of replies) expect(reply.id).toBe(`${reply.model}/${reply.instructionIndex}`);
    expect([...new Set(replies.map((reply) => reply.model))].sort()).toEqual([...models].sort());
    expect([...new Set(replies.map((reply) => reply.contentType))].sort()).toEqual([...contentTypes].sort());
  });

  it('has every instruction answered by every model, with the same instruction text', () => {
    const byIndex = new Map<number, typeof replies>();
    for (const reply of replies) byIndex.set(reply.instructionIndex, [...(byIndex.get(reply.instructionIndex) ?? []), reply]);
    for (const [index, answers] of byIndex) {
      expect(answers.map((reply) => reply.model).sort(), `instruction ${index}`).toEqual([...models].sort());
      expect(new Set(answers.map((reply) => reply.instruction)).size, `instruction ${index}`).toBe(1);
      expect(new Set(answers.map((reply) => reply.contentType)).size, `instruction ${index}`).toBe(1);
    }
  });

  it('keeps every output exactly as taken from the source', () => {
    for (const reply of replies) {
      expect(createHash('sha256').update(reply.output, 'utf8').digest('hex'), reply.id).toBe(reply.outputSha256);
    }
  });

  it('has one valid label per paragraph', () => {
    for (const reply of replies) {
      expect(reply.paragraphs.length, reply.id).toBe(paragraphsOf(reply.output).length);
      for (const paragraph of reply.paragraphs) expect(['content', 'chatter'], reply.id).toContain(paragraph.label);
    }
  });

  it('lists only placeholders that occur in their paragraph', () => {
    for (const reply of replies) {
      const texts = paragraphsOf(reply.output);
      reply.paragraphs.forEach((paragraph, index) => {
        for (const placeholder of paragraph.placeholders) {
          expect(placeholder.length, `${reply.id} paragraph ${index}`).toBeGreaterThan(0);
          expect(texts[index], `${reply.id} paragraph ${index}`).toContain(placeholder);
        }
      });
    }
  });

  it('has content in every reply that offers the deliverable, and none in a reply that offers none', () => {
    for (const reply of replies) {
      const content = reply.paragraphs.filter((paragraph) => paragraph.label === 'content').length;
      expect(Number.isInteger(reply.alternatives) && reply.alternatives >= 0, reply.id).toBe(true);
      if (reply.alternatives === 0) expect(content, reply.id).toBe(0);
      else expect(content, reply.id).toBeGreaterThan(0);
    }
  });
});
