// An email (or a letter-like post) ends at its signature: "Best regards," and the sender's name.
// What a model writes after it is addressed to the person who asked ("This email aims to:",
// "Remember to customise the template", "I hope this helps!"), unless it is part of the email
// itself: a P.S., a CC line, a footer, the signature's title and company lines, a call to action.
import { partLabelOf, plain } from './reply-text.js';

// A closing that only a letter has, alone on its line: "Best regards,", "Sincerely", "Cheers,".
const VALEDICTION =
  /^(?:(?:best|warm(?:est)?|kind(?:est)?|with) regards|regards|sincerely(?: yours)?|yours(?: sincerely| truly| faithfully)|respectfully(?: yours)?|all the best|best wishes|warm wishes|with (?:love|gratitude|appreciation|thanks)|(?:best|cheers|thanks|thank you|many thanks|thanks again|warmly|love|talk soon|see you soon|take care|until next time)(?=\s*,))\s*,?$/i;
// A line of a signature block: a name, a title, a company or a placeholder for one, a contact line.
const NAME_LINE = /^(?:[^.!?:]|\[[^\]]*\]|\.(?=\w))*$/;
const CONTACT_LINE = /^(?:phone|tel|mobile|cell|email|e-mail|website|web|linkedin|twitter|address)\s*:/i;
const ASSISTANT = /\bassistant\b|\bAI\b|\blanguage model\b/i;

const linesOf = (paragraph: string): string[] => paragraph.split('\n').filter((line) => line.trim());
const isValediction = (line: string): boolean => VALEDICTION.test(plain(line).trim());

function isNameLine(line: string): boolean {
  const text = plain(line).trim();
  return text.length > 0 && text.split(/\s+/).length <= 10 && (NAME_LINE.test(text) || CONTACT_LINE.test(text)) && !ASSISTANT.test(text);
}

const isSignatureBlock = (lines: string[]): boolean => lines.length > 0 && lines.length <= 6 && lines.every(isNameLine);

/** The position of the paragraph that ends the last signature, or null when there is none. */
function lastSignature(paragraphs: string[]): number | null {
  for (let position = paragraphs.length - 1; position >= 0; position -= 1) {
    const lines = linesOf(paragraphs[position] ?? '');
    const at = lines.findLastIndex(isValediction);
    if (at < 0) continue;
    if (at < lines.length - 1) {
      if (isSignatureBlock(lines.slice(at + 1))) return position;
      continue;
    }
    if (isSignatureBlock(linesOf(paragraphs[position + 1] ?? ''))) return position + 1;
  }
  return null;
}

// What belongs to the email after its signature.
const POSTSCRIPT = /^(?:p\.?\s?p\.?\s?s\b|p\.?\s?s\b|cc\b|bcc\b|attachments?\b|enclosures?\b)/i;
const FOOTER =
  /\b(?:unsubscribe|this email was sent|you(?:'re| are) receiving|you received this|manage (?:your )?(?:email )?preferences|update your preferences|privacy policy|all rights reserved|view (?:it )?in (?:your )?browser|follow us|connect with us)\b|©/i;
const LINK_ONLY = /^(?:\[[^\]]+\](?:\([^)]*\))?\s*)+$/;
const RULE = /^([-*_])(?:\s*\1){2,}$/;

function isTheEmails(paragraph: string): boolean {
  const text = plain(paragraph);
  const lines = linesOf(paragraph);
  return (
    POSTSCRIPT.test(text) ||
    FOOTER.test(text) ||
    partLabelOf(lines[0] ?? '') !== null ||
    lines.every((line) => LINK_ONLY.test(plain(line).trim())) ||
    (!ASSISTANT.test(text) && isSignatureBlock(lines))
  );
}

// A new part of the content starts below the signature: a heading, a bold title, another platform's
// post ("**LinkedIn:**"), another email's subject. Then the signature did not end the content.
const SECTION_START =
  /^\s*(?:#{1,6}\s|(?:\*\*|__)[^*_:]+(?:\*\*|__)\s*$|(?:\*\*|__)?(?:x|twitter|linkedin|instagram|facebook|tweet|subject(?: line)?)\b[^:\n]{0,30}:)/i;

/**
 * The paragraphs after the last signature that are remarks to the requester (their positions in
 * `paragraphs`), or null when there is no signature, or when the content goes on below it. A "---"
 * goes with the remarks below it.
 */
export function afterSignature(paragraphs: string[]): { remarks: number[] } | null {
  const signature = lastSignature(paragraphs);
  if (signature === null || paragraphs.slice(signature + 1).some((paragraph) => SECTION_START.test(paragraph))) return null;
  const remarks: number[] = [];
  let keptBelow = false;
  for (let position = paragraphs.length - 1; position > signature; position -= 1) {
    const paragraph = paragraphs[position] ?? '';
    const own = RULE.test(plain(paragraph).trim()) ? keptBelow : isTheEmails(paragraph);
    if (own) keptBelow = true;
    else remarks.unshift(position);
  }
  return { remarks };
}
