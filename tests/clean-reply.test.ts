// What cleanReply removes from a model's reply, and, just as much, what it must keep.
//
// The rule for the last paragraph: it is chatter only when it talks to the person who
// asked for the content, about the content ("Let me know if you'd like any changes",
// "I hope this helps", "Note: I kept the word count…", "This blog post is approximately
// 850 words"). A closing that talks to the reader stays, even when it sounds like
// chatter: "Let us know in the comments", "Feel free to reply to this email", "Thanks for
// reading!", "Let me know what you think — hit reply!" (a founder's email may say that).
// The first paragraph likewise: "Sure! Here's a blog post…:" goes, "Here are five habits
// to try this week:" stays. When in doubt, keep: a leftover "Hope this helps" costs a
// little readability, a deleted paragraph costs the content.
import { describe, expect, it } from 'vitest';
import { cleanReply, isPreamble, isSignOff, stripThinking, unwrapCodeFence } from '../server/pipeline/clean-reply.js';

const EMAIL =
  'Subject: Your greener home starts today\nPreheader: Five easy swaps.\n\nHi Sam,\n\nOur refill kits are here.\n\nCTA: Shop the refill kits';
const BLOG =
  '# Sustainable Living in the City\n\nCity life and sustainable living go hand in hand.\n\n## Start in the Kitchen\n\nPlan your meals.';
const AD = 'Headline 1: Eco Living Made Easy\nHeadline 2: Shop Green Today\nDescription 1: Reusable products for every room.';

interface Removal {
  name: string;
  raw: string;
  text: string;
  removed: string[];
}

const removals: Removal[] = [
  {
    name: 'a <think> block before the content',
    raw: `<think>\nThe user wants an email. Keep the subject short.\n</think>\n\n${EMAIL}`,
    text: EMAIL,
    removed: ['a <think> block'],
  },
  {
    name: 'a <thinking> block',
    raw: `<thinking>Plan: title, three sections, meta description.</thinking>\n${BLOG}`,
    text: BLOG,
    removed: ['a <thinking> block'],
  },
  {
    name: 'reasoning whose opening tag was in the prompt, closed later',
    raw: `Okay, the brand is playful, so I should keep it light.\nHeadlines need to stay under 30 characters.\n</think>\n\n${AD}`,
    text: AD,
    removed: ['a <think> block'],
  },
  {
    name: 'a ```markdown fence around the whole reply',
    raw: `\`\`\`markdown\n${BLOG}\n\`\`\``,
    text: BLOG,
    removed: ['a code fence (```markdown)'],
  },
  { name: 'a ```md fence', raw: `\`\`\`md\n${AD}\n\`\`\`\n`, text: AD, removed: ['a code fence (```md)'] },
  { name: 'a bare ``` fence', raw: `\n\`\`\`\n${EMAIL}\n\`\`\`\n\n`, text: EMAIL, removed: ['a code fence (```)'] },
  { name: 'a ```text fence', raw: `\`\`\`text\n${AD}\n\`\`\``, text: AD, removed: ['a code fence (```text)'] },
  {
    name: 'a wrapping fence with a code block inside it, which stays',
    raw: '```markdown\n# Automate Your Lights\n\n```yaml\nlights: off\n```\n\nThat is all it takes.\n```',
    text: '# Automate Your Lights\n\n```yaml\nlights: off\n```\n\nThat is all it takes.',
    removed: ['a code fence (```markdown)'],
  },
  {
    name: '"Sure! Here\'s a blog post about…:"',
    raw: `Sure! Here's a blog post about sustainable living for urban millennials:\n\n${BLOG}`,
    text: BLOG,
    removed: ['a preamble ("Sure! Here\'s a blog post about…")'],
  },
  {
    name: '"Certainly! Below is…" ending in a full stop',
    raw: `Certainly! Below is a responsive search ad tailored to your brand.\n\n${AD}`,
    text: AD,
    removed: ['a preamble ("Certainly! Below is a responsive search…")'],
  },
  {
    name: '"Here is the revised email:"',
    raw: `Here is the revised email:\n\n${EMAIL}`,
    text: EMAIL,
    removed: ['a preamble ("Here is the revised email:")'],
  },
  {
    name: '"Of course. Here\'s…" with curly apostrophes',
    raw: `Of course. Here’s a social media campaign for each platform:\n\n## X\nSmall swaps, big impact.`,
    text: '## X\nSmall swaps, big impact.',
    removed: ['a preamble ("Of course. Here\'s a social media…")'],
  },
  {
    name: '"Absolutely! Here are three headlines…:" directly above the first label',
    raw: `Absolutely! Here are three headlines and a description:\n${AD}`,
    text: AD,
    removed: ['a preamble ("Absolutely! Here are three headlines and…")'],
  },
  {
    name: '"I\'d be happy to help! …:"',
    raw: `I'd be happy to help! Here's an email for your spring sale:\n\n${EMAIL}`,
    text: EMAIL,
    removed: ['a preamble ("I\'d be happy to help! Here\'s an email…")'],
  },
  {
    name: 'a bold preamble',
    raw: `**Sure! Here's your blog post:**\n\n${BLOG}`,
    text: BLOG,
    removed: ['a preamble ("Sure! Here\'s your blog post:")'],
  },
  {
    name: 'a preamble in two paragraphs',
    raw: `Great choice!\n\nBased on your brand guidelines, I've written the following email:\n\n${EMAIL}`,
    text: EMAIL,
    removed: ['a preamble ("Great choice!")', 'a preamble ("Based on your brand guidelines, I\'ve…")'],
  },
  {
    name: 'a "Revised email:" label and a "---" under it',
    raw: `Revised email:\n\n---\n\n${EMAIL}`,
    text: EMAIL,
    removed: ['a preamble ("Revised email:")', 'a "---" separator'],
  },
  {
    name: '"Let me know if you\'d like any changes!"',
    raw: `${EMAIL}\n\nLet me know if you'd like any changes!`,
    text: EMAIL,
    removed: ['a sign-off ("Let me know if you\'d like any changes!")'],
  },
  {
    name: '"I hope this helps!" and "Feel free to adjust…" in two paragraphs',
    raw: `${BLOG}\n\nI hope this helps!\n\nFeel free to adjust the tone to fit your brand voice.`,
    text: BLOG,
    removed: ['a sign-off ("I hope this helps!")', 'a sign-off ("Feel free to adjust the tone to fit your…")'],
  },
  {
    name: '"Would you like me to…?"',
    raw: `${AD}\n\nWould you like me to create more headline variations?`,
    text: AD,
    removed: ['a sign-off ("Would you like me to create more…")'],
  },
  {
    name: 'a note about the word count under a "---"',
    raw: `${BLOG}\n\n---\n\n*Note: I have kept the word count at around 800 words, as requested.*`,
    text: BLOG,
    removed: ['a "---" separator', 'a sign-off ("Note: I have kept the word count at…")'],
  },
  {
    name: '"This blog post is approximately 850 words."',
    raw: `${BLOG}\n\nThis blog post is approximately 850 words.`,
    text: BLOG,
    removed: ['a sign-off ("This blog post is approximately 850 words.")'],
  },
  { name: 'a word count in parentheses', raw: `${BLOG}\n\n(Word count: 845)`, text: BLOG, removed: ['a sign-off ("(Word count: 845)")'] },
  {
    name: 'a list of the changes made, under its own header',
    raw: `${EMAIL}\n\n**Changes made:**\n\n1. Shortened the subject line\n2. Added a clearer CTA`,
    text: EMAIL,
    removed: ['a list of changes ("Changes made:")'],
  },
  {
    name: 'a sign-off on the line right under the content',
    raw: `${AD}\nLet me know if you need more options!`,
    text: AD,
    removed: ['a sign-off ("Let me know if you need more options!")'],
  },
  {
    name: 'a preamble, a fence and a sign-off with no blank lines between them',
    raw: "Here's the email:\n```markdown\nSubject: Hi\n\nBody.\n```\nLet me know if you'd like any changes!",
    text: 'Subject: Hi\n\nBody.',
    removed: ['a preamble ("Here\'s the email:")', 'a sign-off ("Let me know if you\'d like any changes!")', 'a code fence (```markdown)'],
  },
  {
    name: 'a preamble line directly above the heading: only the line goes',
    raw: "Sure! Here's a blog post about city gardening:\n# Grow Food on a Balcony\n\nStart with herbs.",
    text: '# Grow Food on a Balcony\n\nStart with herbs.',
    removed: ['a preamble ("Sure! Here\'s a blog post about city gardening:")'],
  },
  {
    name: 'a sign-off directly above the closing fence',
    raw: "```markdown\n# Grow Food on a Balcony\n\nStart with herbs.\nLet me know if you'd like any changes!\n```",
    text: '# Grow Food on a Balcony\n\nStart with herbs.',
    removed: ['a code fence (```markdown)', 'a sign-off ("Let me know if you\'d like any changes!")'],
  },
  {
    name: 'a "---" left after the sign-off',
    raw: `${BLOG}\n\nI hope this helps!\n\n---`,
    text: BLOG,
    removed: ['a sign-off ("I hope this helps!")', 'a "---" separator'],
  },
  {
    name: 'everything at once, in the order removed',
    raw: `<think>short and punchy</think>\nSure! Here's the ad copy:\n\n\`\`\`\n${AD}\n\`\`\`\n\nI hope this helps!`,
    text: AD,
    removed: ['a <think> block', 'a preamble ("Sure! Here\'s the ad copy:")', 'a sign-off ("I hope this helps!")', 'a code fence (```)'],
  },
  {
    name: 'CRLF line endings are kept byte for byte',
    raw: `Sure! Here's the email:\r\n\r\n${EMAIL.replace(/\n/g, '\r\n')}\r\n\r\nHope this helps!\r\n`,
    text: EMAIL.replace(/\n/g, '\r\n'),
    removed: ['a preamble ("Sure! Here\'s the email:")', 'a sign-off ("Hope this helps!")'],
  },
];

interface Keep {
  name: string;
  raw: string;
}

// Content that looks a little like chatter but is the content: cleanReply returns it unchanged.
const keeps: Keep[] = [
  {
    name: 'a first line that starts with "Here are" but talks to the reader',
    raw: 'Here are five habits to start this week:\n\n- Plan your meals\n- Carry a bottle',
  },
  { name: '"Here\'s the thing:" opening a post', raw: "Here's the thing: city living is already greener than you think.\n\nWalk more." },
  {
    name: 'a first sentence that starts with "Sure,"',
    raw: 'Sure, recycling helps. Refusing helps more.\n\nStart with one swap this week.',
  },
  { name: '"Of course," in a normal first sentence', raw: 'Of course, nobody is perfect.\n\nSmall steps still count.' },
  { name: '"Great news:" opening an email body', raw: 'Great news: our refill kits are back!\n\nOrder yours today.' },
  { name: 'an email that opens with "I\'m happy to announce"', raw: "I'm happy to announce our new store in Leeds.\n\nCome and visit us." },
  { name: 'a heading that starts with "Sure"', raw: '# Sure-Fire Ways to Save Energy\n\nTurn off the lights.' },
  { name: 'a "Subject:" line that starts like a preamble', raw: "Subject: Here's your 20% off\n\nHi Sam,\n\nEnjoy.\n\nCTA: Shop now" },
  { name: 'a blog closing that invites comments', raw: `${BLOG}\n\nLet us know in the comments which tip you'll try first!` },
  {
    name: "a founder's email that asks for a reply",
    raw: "Hi Sam,\n\nWe've rebuilt the app.\n\nLet me know what you think — just hit reply!",
  },
  { name: 'a shop owner offering help', raw: 'Hi Sam,\n\nOur new sizes are in.\n\nLet me know if you need help choosing!' },
  {
    name: 'an email closing that invites questions',
    raw: 'Hi Sam,\n\nYour order has shipped.\n\nFeel free to reply to this email with any questions.',
  },
  { name: 'a real CTA as the last line', raw: 'Hi Sam,\n\nOur sale ends Sunday.\n\n[Shop now](https://example.com/sale)' },
  { name: 'a closing and a signature', raw: 'Hi Sam,\n\nThanks for being with us.\n\nCheers,\nThe Green City Team' },
  { name: '"Thanks for reading!" closing a blog post', raw: `${BLOG}\n\nThanks for reading! I hope you found these tips useful.` },
  { name: '"I hope this guide helps you…" addressed to the reader', raw: `${BLOG}\n\nI hope this guide helps you start your journey.` },
  { name: 'a note that is part of the offer', raw: 'Hi Sam,\n\nTake 20% off everything.\n\nNote: Offer valid until Sunday.' },
  {
    name: 'a closing sentence about the post itself, without talk of the writing',
    raw: `${BLOG}\n\nThis post is for everyone who loves the planet.`,
  },
  { name: 'a first-person closing about the tips', raw: `${BLOG}\n\nI've tried every tip on this list, and they work.` },
  { name: 'a "## Key Changes" section ending a blog post', raw: `${BLOG}\n\n## Key Changes\n\n- Switch to LED bulbs\n- Walk more` },
  { name: 'a lone trailing rule without chatter after it', raw: `${EMAIL}\n\n---` },
  { name: 'a reply that is nothing but a preamble-like line', raw: "Sure! Here's the post: small swaps, big impact. #ZeroWaste" },
  { name: 'a <think> block that is never closed', raw: '<think>\nThe user wants a blog post about' },
  { name: 'two separate fenced blocks', raw: '```markdown\n# A\n```\n\nBetween them.\n\n```markdown\n# B\n```' },
  { name: 'a fence in another language', raw: '```html\n<p>Hi</p>\n```' },
];

describe('cleanReply removes chatter', () => {
  it.each(removals)('$name', ({ raw, text, removed }) => {
    expect(cleanReply(raw)).toEqual({ text, removed });
  });
});

describe('cleanReply keeps content', () => {
  it.each(keeps)('$name', ({ raw }) => {
    expect(cleanReply(raw)).toEqual({ text: raw, removed: [] });
  });
});

describe('the helpers', () => {
  it('isPreamble and isSignOff judge one paragraph', () => {
    expect(isPreamble("Here's a blog post about city gardening:")).toBe(true);
    expect(isPreamble('Here is what you need to know:')).toBe(false);
    expect(isPreamble('## Here is the revised email')).toBe(false);
    expect(isSignOff('Let me know if you would like a different tone.')).toBe(true);
    expect(isSignOff('Let us know in the comments!')).toBe(false);
    expect(isSignOff('- I hope this helps')).toBe(false);
  });

  it('stripThinking and unwrapCodeFence work alone', () => {
    expect(stripThinking('<think>a</think>Hi <think>b</think>there')).toEqual({
      text: 'Hi there',
      removed: ['a <think> block', 'a <think> block'],
    });
    expect(unwrapCodeFence('~~~markdown\nHi\n~~~')).toEqual({ text: 'Hi\n', removed: ['a code fence (~~~markdown)'] });
    expect(unwrapCodeFence('Hi')).toEqual({ text: 'Hi', removed: [] });
  });

  it('is deterministic and leaves a clean reply as it was', () => {
    expect(cleanReply(BLOG)).toEqual({ text: BLOG, removed: [] });
    const raw = `Sure! Here's the email:\n\n${EMAIL}\n\nHope this helps!`;
    expect(cleanReply(raw)).toEqual(cleanReply(raw));
    expect(cleanReply(cleanReply(raw).text)).toEqual({ text: EMAIL, removed: [] });
  });
});
