/**
 * Real model replies from AlpacaEval, labelled by hand paragraph by paragraph (see
 * LABELLING.md), for measuring how well the product separates content from chatter.
 */
import { readFileSync } from 'node:fs';
import type { ContentType } from '../../server/pipeline/types.js';

export { paragraphsOf } from './paragraphs.js';

/** `content`: what would be published. `chatter`: everything else, mostly talk to the requester. */
export type ParagraphLabel = 'content' | 'chatter';

export interface LabelledParagraph {
  label: ParagraphLabel;
  /** Unfilled template slots in the paragraph, verbatim and in reading order, e.g. `[Your Name]`. */
  placeholders: string[];
}

export interface RealReply {
  /** `<model>/<AlpacaEval instruction index>` */
  id: string;
  model: string;
  instructionIndex: number;
  instruction: string;
  contentType: ContentType;
  /** Versions of the deliverable the reply offers (10 punch lines: 10); 0 when it offers none. */
  alternatives: number;
  /** The model's reply, verbatim from the source file. */
  output: string;
  /** sha256 (hex) of `output` as UTF-8, taken when the corpus was built from the source file. */
  outputSha256: string;
  /** One per paragraph of `paragraphsOf(output)`, in order. */
  paragraphs: LabelledParagraph[];
}

export interface RealRepliesSource {
  repository: string;
  commit: string;
  files: string[];
  licence: { name: string; spdx: string; url: string };
}

export interface RealReplies {
  source: RealRepliesSource;
  replies: RealReply[];
}

let cached: RealReplies | undefined;

/** The whole corpus, parsed once per process. */
export function loadRealReplies(): RealReplies {
  cached ??= JSON.parse(readFileSync(new URL('./real-replies.json', import.meta.url), 'utf8')) as RealReplies;
  return cached;
}
