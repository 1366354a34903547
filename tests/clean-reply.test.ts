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
// little readability, a deleted paragraph costs the content. In an email, what comes after
// the signature is the requester's unless it is the email's own (a P.S., a footer); what
// comes before it is the email's, however much it sounds like chatter. How well all this does
// on 160 real replies: tests/corpus-cleaning.test.ts.
import { describe, expect, it } from 'vitest';
import { isVersionLabel } from '../server/pipeline/chatter.js';
import { cleanReply, isPreamble, isSignOff, stripThinking, unwrapCodeFence } from '../server/pipeline/clean-reply.js';

const EMAIL =
  'Subject: Your greener home starts today\nPreheader: Five easy swaps.\n\nHi Sam,\n\nOur refill kits are here.\n\nCTA: Shop the refill kits';
const BLOG =
  '# Sustainable Living in the City\n\nCity life and sustainable living go hand in hand.\n\n## Start in the Kitchen\n\nPlan your meals.';
const AD = 'Headline 1: Eco Living Made Easy\nHeadline 2: Shop Green Today\nDescription 1: Reusable products for every room.';
const SIGNED =
  'Dear Ms Patel,\n\nI am writing to propose a joint venture between Acme and Brightside.\n\nBest regards,\nJordan Lee\nAcme Ltd';
const SOCIAL = '## Instagram\nFirst snow from the office window. ❄️ #FirstSnow';

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
  // Issue 19: chatter that used to be published.
  {
    name: '"Remember, this is just a template… Good luck!" under an email',
    raw: `${EMAIL}\n\nRemember, this is just a template. You will need to customize it to fit your needs. Good luck!`,
    text: EMAIL,
    removed: ['a sign-off ("Remember, this is just a template. You…")'],
  },
  {
    name: 'a "---" and "This email proposes… It outlines…" after the signature',
    raw: `${SIGNED}\n\n---\n\nThis email proposes a joint venture between the two companies. It outlines the benefits and the next steps.`,
    text: SIGNED,
    removed: ['a "---" separator', 'a sign-off ("This email proposes a joint venture…")'],
  },
  {
    name: '"Please let me know if there is any additional information you need" after the signature',
    raw: `${SIGNED}\n\nPlease let me know if there is any additional information you need.`,
    text: SIGNED,
    removed: ['a remark after the signature ("Please let me know if there is any…")'],
  },
  {
    name: 'an email whose signature is followed by what it "aims to" do, a list, and a reminder',
    raw: `${SIGNED}\n\nThis email aims to:\n\n1. Introduce the partnership\n2. Suggest a call\n\nRemember to customize the template before sending.`,
    text: SIGNED,
    removed: ['a list of changes ("This email aims to:")', 'a sign-off ("Remember to customize the template before sending.")'],
  },
  {
    name: 'a title line that names the assistant, under the signature',
    raw: `${SIGNED}\n\nYour Friendly AI Assistant`,
    text: SIGNED,
    removed: ['a remark after the signature ("Your Friendly AI Assistant")'],
  },
  {
    name: '"**Note:** these … should not be included in the actual listing"',
    raw: `${BLOG}\n\n**Note:** these details are made up and should not be included in the actual listing.`,
    text: BLOG,
    removed: ['a sign-off ("Note: these details are made up and…")'],
  },
  {
    name: 'a disclaimer about the AI',
    raw: `${EMAIL}\n\nDisclaimer: This email was generated by an AI assistant; check the details before you send it.`,
    text: EMAIL,
    removed: ['a sign-off ("Disclaimer: This email was generated by…")'],
  },
  {
    name: 'a summary and a question about which version fits',
    raw: `${AD}\n\nThese headlines aim to capture the spring mood of the brand.\n\nWhich one do you think fits the brand best?`,
    text: AD,
    removed: ['a sign-off ("These headlines aim to capture the…")', 'a sign-off ("Which one do you think fits the brand best?")'],
  },
  {
    name: '"I hope these captions inspire your followers!"',
    raw: `${SOCIAL}\n\nI hope these captions inspire your followers to get outside!`,
    text: SOCIAL,
    removed: ['a sign-off ("I hope these captions inspire your…")'],
  },
  {
    name: 'a preamble after a pleasantry: "What a fun challenge! Here\'s a tweet…:"',
    raw: `What a fun challenge! Here's a spooky tweet for the internship launch:\n\n${SOCIAL}`,
    text: SOCIAL,
    removed: ['a preamble ("What a fun challenge! Here\'s a spooky…")'],
  },
  {
    name: 'a preamble that offers help, then names a sample',
    raw: `I'd be happy to help you invite your friends. Here's a sample email you could use as a starting point:\n\n${EMAIL}`,
    text: EMAIL,
    removed: ['a preamble ("I\'d be happy to help you invite your…")'],
  },
  {
    name: 'version labels between versions: a "---" takes their place',
    raw: 'Here are two options:\n\n**Option 1: Short**\n\nSmall swaps, big impact.\n\n**Option 2: Warmer**\n\nEvery small swap counts. Start today.',
    text: 'Small swaps, big impact.\n\n---\n\nEvery small swap counts. Start today.',
    removed: [
      'a preamble ("Here are two options:")',
      'a version label ("Option 1: Short")',
      'a version label ("Option 2: Warmer"), with a "---" between the versions',
    ],
  },
  {
    name: 'a note on the placeholders between a post and its filled-in version',
    raw: "## LinkedIn\nI've joined [Company] as [Job Title]! Thank you all.\n\nNote: Replace the placeholders with your own details.\n\nHere's a version with the placeholders filled in:\n\nI've joined Acme as Head of Growth! Thank you all.",
    text: "## LinkedIn\nI've joined [Company] as [Job Title]! Thank you all.\n\n---\n\nI've joined Acme as Head of Growth! Thank you all.",
    removed: [
      'a sign-off ("Note: Replace the placeholders with your…")',
      'a version label ("Here\'s a version with the placeholders filled in:"), with a "---" between the versions',
    ],
  },
  {
    name: "another task's worked examples, indented, after the content",
    raw: `${EMAIL}\n\n    Example:\n        word: casa\n        Score: 4\n\n    Now score this pair.`,
    text: EMAIL,
    removed: ['text from another task ("Example: word: casa Score: 4")'],
  },
  {
    name: "records in another prompt's layout, to the end of the reply",
    raw: 'Tagline: "Every city has a story."\n\nFilm: Harbour Lights\n\nTagline: "The tide always turns."\n\nFilm: Night Market\n\nTagline: "Open till dawn."',
    text: 'Tagline: "Every city has a story."',
    removed: ['records from another task ("Film: Harbour Lights")'],
  },
  {
    name: 'a reply that broke down into the same line again and again',
    raw: `${EMAIL}\n\nHi [Name],\n\nHi [Name]\n\nHi [Name]\n\n[Optional][Optional]`,
    text: EMAIL,
    removed: ['a line repeated as the reply broke down ("Hi [Name],")'],
  },
  {
    name: 'a reply that only asks for more details: nothing is left, so the step fails and is retried',
    raw: "Of course, I'd be happy to help! Could you please tell me more about the product and who it is for?",
    text: '',
    removed: ['a reply that asks back instead of writing the content ("Of course, I\'d be happy to help! Could…")'],
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
  // Issue 19: content that used to be removed.
  {
    name: 'a first paragraph that starts "Sure," and is the content',
    raw: 'Sure, email marketing can feel old-school, but it still earns more per pound than any other channel.\n\nHere is why.',
  },
  {
    name: '"Here\'s the content you\'ve been waiting for…" addressed to the reader',
    raw: "Here's the content you've been waiting for: twelve new recipes, one for every month.\n\nStart with January's leek soup.",
  },
  {
    name: "an email's legal footer after the signature",
    raw: `${SIGNED}\n\nThis email was sent because you subscribed at acme.example. Manage your preferences or unsubscribe.`,
  },
  {
    name: 'a P.S., a CC line and a call to action after the signature',
    raw: `${SIGNED}\n\nP.S. The early-bird rate ends Friday.\n\nCC: [Partnerships Team]\n\nCTA: Book a call`,
  },
  {
    name: "the signature's title and company lines in a paragraph of their own",
    raw: `${SIGNED}\n\nHead of Partnerships\n[Company Name]`,
  },
  {
    name: 'the email\'s own "let me know if you have any further questions", above its signature',
    raw: 'Hi Sam,\n\nYour order has shipped.\n\nPlease let me know if you have any further questions or need any assistance.\n\nBest regards,\nAlex',
  },
  {
    name: 'a "Note:" that belongs to the offer, with a link',
    raw: 'Hi Sam,\n\nTake 20% off everything.\n\nNote: The discount applies to full-price items only. See [our terms](https://example.com/terms).',
  },
  { name: 'a legal disclaimer that is part of the ad', raw: `${AD}\n\nDisclaimer: Savings vary by home. Terms apply.` },
  {
    name: "a signature inside one platform's post, with the next platform below it",
    raw: '## LinkedIn\nWe are hiring.\n\nBest regards,\nThe Acme Team\n\n## X\nWe are hiring! Apply today.',
  },
  {
    name: '"Option 2 is our most popular plan." in the copy',
    raw: 'Two plans.\n\nOption 2 is our most popular plan.\n\nPick yours today.',
  },
  { name: 'a blog closing that hopes to help the reader', raw: `${BLOG}\n\nI hope this post inspires you to plan your own trip.` },
  { name: 'a tweet that asks its readers a question', raw: "Can you guess what's coming next week? 👀 Stay tuned! #Launch" },
  { name: 'a numbered list of items at the end of a post', raw: 'Three ways to join:\n\n1. Sign up\n2. Share\n3. Invite a friend' },
  { name: 'a shop inviting its readers to pick', raw: 'Hi Sam,\n\nOur sorbets are back.\n\nFeel free to pick any flavour you like!' },
  { name: 'a post wishing its readers luck', raw: 'Applications are open.\n\nGood luck with your applications, everyone!' },
  { name: 'a reminder to the reader', raw: 'Our market is on Saturday.\n\nRemember to bring your own bag!' },
  {
    name: "a note in the sender's own voice",
    raw: 'Hi all,\n\nThe launch is on Friday.\n\nNote: I will be at the door myself to welcome you.',
  },
  { name: "a blog's own disclaimer", raw: `${BLOG}\n\nDisclaimer: I'm not a doctor; ask yours before changing your diet.` },
  { name: "a blog's conclusion about the post", raw: `${BLOG}\n\nIn this post, I've shared the habits that worked for me.` },
  { name: 'a question to the readers about the options', raw: `${AD}\n\nWhich one do you prefer? Tell us in the comments!` },
  { name: 'an event email with two dates in labelled lines', raw: 'Hi all,\n\nDate: Friday\nTime: 7pm\n\nDate: Saturday\nTime: 8pm' },
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
    expect(isVersionLabel('**Option 2: More Detailed**')).toBe(true);
    expect(isVersionLabel('**Playful Captions**')).toBe(true);
    expect(isVersionLabel('## Headlines')).toBe(false);
    expect(isVersionLabel('## Our Favourite Captions')).toBe(false);
    expect(isVersionLabel('**Example 1: A Local Bakery**')).toBe(false);
    expect(isVersionLabel('Take 20% off everything.')).toBe(false);
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
