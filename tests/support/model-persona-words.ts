// The realistic persona's phrase book: templates a 7B copywriter's output reads like, filled by
// Dice.fill ("{slot}" from the prompt, "{a|b}" a seeded choice). Short sentences and plain words,
// as the prompts ask; the variety is what keeps two campaigns from reading alike.

export const blogTitles = [
  '{Topic}: A Practical Guide for {Audience}',
  'How to Get Started with {Topic}',
  '{Five|Seven|Six} Simple Ways to Make {Topic} Work for You',
  'The Beginner’s Guide to {Topic}',
  '{Topic} Made Simple: What You Need to Know',
  'Why {Topic} Is Easier Than You Think',
];

export const blogHeadings = [
  'Why {Topic} Matters',
  'What {Topic} Really Means',
  'Getting Started',
  'Small Habits That Add Up',
  'Common Mistakes to Avoid',
  'How to Make It Last',
  'Tools That Help',
  'Doing It on a Budget',
  'Bringing Others Along',
  'Measuring Your Progress',
  'A Simple Weekly Plan',
  'Questions People Often Ask',
];

export const blogConclusionHeadings = ['Final Thoughts', 'Start Today', 'The Bottom Line', 'Your Next Step', 'Wrapping Up'];

/** The first sentence of the post: it carries the keyphrase into the introduction. */
export const introOpeners = [
  'If you have been curious about {keyphrase}, you are not alone.',
  '{Keyphrase} is on a lot of minds right now, and for good reason.',
  'Many {audience} want to try {keyphrase}, but few know where to begin.',
  'Getting {keyphrase} right does not have to be hard.',
];

export const introSentences = [
  'Life is busy, and new habits can feel like one more job.',
  'This guide keeps things simple and practical.',
  'You do not need a big budget or a lot of spare time.',
  'You just need a clear place to start.',
  'We will look at what works, what does not, and how to keep going.',
  'By the end, you will have a plan you can use this week.',
];

export const sectionOpeners = [
  'Let us start with the basics.',
  'This is where most people get stuck.',
  'Here is the good news.',
  'Think about your typical week.',
  'It helps to keep things small.',
  'A little planning goes a long way here.',
  'This part is easier than it sounds.',
  'Start with what you already have.',
];

export const bodySentences = [
  'Pick one small change and stick with it for a week.',
  'Small steps are easier to keep than big promises.',
  'Write down what you want to change and why.',
  'A short list on the fridge can keep you on track.',
  'Most people find that the first week is the hardest.',
  'Most {audience} ask the same first question: where do I start?',
  'The answer is simpler than you might think.',
  'Start with the part of {topic} that feels easiest.',
  'You can build on it once it feels natural.',
  'Keep a simple checklist for the first month.',
  'Tick off each step as you go.',
  'Seeing your progress is a great motivator.',
  'Budget a little time each week, not a lot.',
  'Ten minutes on a {Monday|Sunday} evening is often enough.',
  'Group similar tasks together to save effort.',
  'Choose one day a week to review what went well.',
  'Swap one old habit for a better one.',
  'Do not compare your start with someone else’s middle.',
  'Everyone begins somewhere.',
  'Keep your goals realistic and specific.',
  '"Do more" is vague, but "twice a week" is clear.',
  'Write your goal in one short sentence.',
  'Share it with someone who will cheer you on.',
  'Mistakes are part of learning, so expect a few.',
  'The people who succeed are the ones who keep going.',
  'Good habits make good days easier.',
  'Think of each week as a small experiment.',
  'Keep what works and change what does not.',
  'Little by little, {topic} becomes part of your routine.',
  'After that, the new habit starts to feel normal.',
  'You do not have to do everything at once.',
  'Focus on the changes that fit your day.',
  'Ask a friend to join you, and keep each other honest.',
  'Notice what works and drop what does not.',
  'Progress beats perfection every time.',
  'It is fine to start slowly.',
  'Set a reminder on your phone for the first few days.',
  'Keep the tools you need close at hand.',
  'Plan ahead on Sunday, and the week gets easier.',
  'Look for quick wins that save time as well as effort.',
  'Every small choice adds up over a month.',
  'Talk to people who have done it before.',
  'Their tips can save you a lot of trial and error.',
  'Be kind to yourself when a day goes wrong.',
  'One missed day does not undo your progress.',
  'Try to link the new habit to something you already do.',
  'For example, do it right after your morning coffee.',
  'Keep notes, so you can see how far you have come.',
  'Share what you learn with the people around you.',
  'Simple routines last longer than complex plans.',
  'Choose quality over quantity when you buy anything new.',
  'Check your progress at the end of each month.',
  'Small savings soon turn into real money.',
  'Make it fun, and you will want to keep going.',
  'Reward yourself when you reach a milestone.',
  'If something feels too hard, make it smaller.',
  'There is no single right way to do this.',
  'What matters is that it works for you.',
  'A clear goal makes each choice easier.',
  'Keep your plan where you can see it.',
  'Ask for help when you need it.',
  'Celebrate the small wins along the way.',
  'Over time, these steps become second nature.',
  'The hardest part is often just getting started.',
  'Give yourself a few weeks to settle in.',
  'Most habits take about two months to stick.',
];

export const topicSentences = [
  '{Keyphrase} works best when it fits your real life.',
  'With {keyphrase}, small changes really do add up.',
  'This is where {keyphrase} starts to pay off.',
  'Many {audience} find that {keyphrase} saves time in the long run.',
  'The key to {keyphrase} is keeping it simple.',
  '{Keyphrase} is a habit, not a one-off project.',
  'You will see the benefits of {keyphrase} sooner than you think.',
  'Treat {keyphrase} as a journey, not a test.',
];

export const conclusionSentences = [
  'You now have everything you need to begin.',
  'Pick one idea from this guide and try it this week.',
  'Come back to this list when you are ready for the next step.',
  'Small steps, taken often, make the biggest difference.',
];

export const metaDescriptions = [
  '{Keyphrase} made simple: practical, budget-friendly tips for {audience}, with small steps you can start this week.',
  'A practical guide to {keyphrase} for {audience}. Learn what works, what to avoid and how to make it last.',
  'New to {keyphrase}? This guide shows {audience} simple, low-cost steps to start today and keep going.',
];

/** Works whatever part of speech a brand keyword is ("reusable", "cash flow", "jetpack"). */
export const keywordSentences = [
  'A word we keep coming back to: {kw}.',
  'It all comes back to one idea: {kw}.',
  'Think {kw}, every single day.',
  'That is what {kw} means to us.',
];

export const keywordFragments = ['Think {kw}.', 'All about {kw}.', '{Kw}, made easy.'];

export const valueSentences = ['We care about {value}, and it shows.', '{Value} guides everything we do.'];

/** What 7B copywriters slip in: the claims a compliance officer is there to catch. */
export const claimSentences = [
  'Results are guaranteed.',
  'It is 100% effective, every time.',
  'Simply the best in the world.',
  'It cures the stress of a busy week.',
];

/** Naming a prohibited topic while promising to avoid it: a common way models break the rule. */
export const prohibitedSentences = ['No {topic}, just practical tips.', 'Forget {topic} for a moment.'];

export const adHeadlines = [
  '{Topic} Made Simple',
  'Discover {Topic}',
  'Try {Topic} Today',
  '{Topic} That Works',
  'Shop {Topic} Now',
  'Your Guide to {Topic}',
  '{Topic}, Done Right',
  'Love {Topic} Again',
];

export const adGenericHeadlines = [
  'Start Today',
  'Easy to Get Started',
  'See How It Works',
  'Simple, Smart, Affordable',
  'Made for Busy People',
  'Quick Setup, No Fuss',
  'Order Online Today',
];

export const adFragments = [
  'Simple to start, easy to keep up.',
  'Made for busy days.',
  'Start in minutes.',
  'Shop online today.',
  'See why people love it.',
  'Fast, friendly and affordable.',
  'Find out more today.',
  'No fuss, just results.',
];

export const emailSubjects = [
  'Your {topic} starts here',
  'Ready for {topic}?',
  'Something new for you: {topic}',
  '{Topic}, made easy',
  'A quick word about {topic}',
  'Meet {topic}',
];

export const emailPreheaders = [
  'Small steps, real results. Here is how to start.',
  'Everything you need to know in two minutes.',
  'A simple idea that fits your week.',
  'We made it easy to get started.',
];

export const emailGreetings = ['Hi there,', 'Hi [First Name],', 'Hello friend,', 'Dear customer,', 'Hey,'];

export const emailOpeners = [
  'We know your days are full.',
  'Life moves fast, and your inbox is busy.',
  'We have some news we think you will like.',
  'Quick one today.',
];

export const emailBody = [
  'We made {topic} simple for {audience}.',
  'It takes just a few minutes to get started.',
  'You can do it at your own pace.',
  'Our team has tested every step, so you do not have to.',
  'Many of our customers say it was easier than they expected.',
  'Everything you need is in one place.',
  'There is nothing to install and nothing to learn first.',
  'Try it this week and see the difference for yourself.',
];

export const ctas = ['Get started today', 'Find out more', 'Shop now', 'Book your spot', 'Try it today', 'See how it works'];
export const strongCtas = ['Start now, it takes two minutes', 'Claim your spot today', 'Get yours today', 'Start your first step now'];

export const emailSignOffs = ['Cheers,\nThe {brand} team', 'Best,\n{brand}', 'Warm regards,\nThe team at {brand}', 'Talk soon,\n{brand}'];

export const xPosts = [
  'Small steps, big results. {Topic} is easier than you think. Which step will you try first?',
  '{Topic}, made simple. No fuss, no stress, just progress you can see.',
  'New week, new habit? {Topic} fits into the busiest day. Start small today.',
];

export const linkedInParagraphs = [
  '{Topic} is no longer a niche interest for {audience}. It is a daily practice.',
  'We see the same thing again and again: small, steady changes beat big plans.',
  'Our new guide shares simple steps that fit a busy schedule.',
  'The best part? Most of these changes save time as well as effort.',
  'What is one change your team has made this year? Share it in the comments.',
];

export const instagramParagraphs = [
  'Your new favourite habit starts here.',
  '{Topic} does not need a big budget or a big space.',
  'Save this post for later and tag a friend who would love it.',
];

export const facebookParagraphs = [
  'Looking for an easy way into {topic}? You are not alone.',
  'We put together a few simple tips that fit a busy week.',
  'Tell us in the comments: what is the easiest change you have made this year?',
];

export const preambles = [
  'Sure! Here’s a {type} about {topic}:',
  'Here is a {type} for {audience}:',
  'Certainly! Below is a {type} about {topic}.',
  'Absolutely! Here’s a {type} that follows the brand guidelines:',
];

export const revisionPreambles = ['Here is the revised {type}:', 'Sure! Here’s the revised {type}, with the feedback addressed:'];
export const editorPreambles = ['Here’s the optimized version of the {type}:', 'Here is the final, polished {type}:'];

export const signOffs = [
  'Let me know if you’d like any changes!',
  'I hope this helps! Let me know if you want me to adjust the tone.',
  'Feel free to adjust it to fit your brand voice.',
  'Let me know if you’d like more options or a different length.',
];

export const typeWords: Record<string, string> = {
  BLOG_POST: 'blog post',
  SOCIAL_MEDIA: 'set of social media posts',
  EMAIL: 'marketing email',
  AD_COPY: 'responsive search ad',
};
