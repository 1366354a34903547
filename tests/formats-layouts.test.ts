// Real replies from 7B models (mistral, llama3.1) in the layouts they actually use,
// chatter included: each is cleaned with cleanReply, then parsed, and every part the
// scorers read (headlines, subject, CTA, posts, title) must come out exactly.
import { describe, expect, it } from 'vitest';
import { cleanReply } from '../server/pipeline/clean-reply.js';
import { type Platform, parseAdCopy, parseBlogPost, parseEmail, parseSocialMedia } from '../server/scoring/formats.js';
import { adCopyLimits, lengthProblem, socialMediaLimits } from '../server/scoring/length-limits.js';
import { paragraphs } from '../server/scoring/text.js';

type Expected =
  | { type: 'AD_COPY'; headlines: string[]; descriptions: string[] }
  | { type: 'EMAIL'; subject: string | null; preheader: string | null; cta: string | null; lastBodyLine?: string }
  | { type: 'SOCIAL_MEDIA'; posts: [Platform, string][] }
  | { type: 'BLOG_POST'; title: string | null; metaDescription: string | null; firstParagraph?: string; lastParagraph?: string };

interface LayoutCase {
  name: string;
  reply: string;
  /** What cleanReply removed, by kind: 'a preamble', 'a sign-off', 'a code fence', … */
  removed: string[];
  expected: Expected;
}

const AD_HEADLINES = ['Eco Living Made Easy', 'Shop Green Today', 'Save 20% This Week'];
const AD_DESCRIPTIONS = [
  'Discover reusable, planet-friendly products for every room of your home.',
  'Free shipping on orders over $50. Shop the spring collection now.',
];

const adCases: LayoutCase[] = [
  {
    name: 'mistral: bold numbered labels between a preamble and a sign-off',
    reply: `Sure! Here's a responsive search ad for your eco-friendly home products campaign:

**Headline 1:** Eco Living Made Easy
**Headline 2:** Shop Green Today
**Headline 3:** Save 20% This Week

**Description 1:** Discover reusable, planet-friendly products for every room of your home.
**Description 2:** Free shipping on orders over $50. Shop the spring collection now.

Let me know if you'd like any adjustments to the tone or length!`,
    removed: ['a preamble', 'a sign-off'],
    expected: { type: 'AD_COPY', headlines: AD_HEADLINES, descriptions: AD_DESCRIPTIONS },
  },
  {
    name: 'llama3.1: character counts between the label and the colon',
    reply: `Here are three headlines and two descriptions for your Google Ads campaign:

Headline 1 (20 characters): Eco Living Made Easy
Headline 2 (16 characters): Shop Green Today
Headline 3 (18 characters): Save 20% This Week
Description 1 (73 characters): Discover reusable, planet-friendly products for every room of your home.
Description 2 (65 characters): Free shipping on orders over $50. Shop the spring collection now.`,
    removed: ['a preamble'],
    expected: { type: 'AD_COPY', headlines: AD_HEADLINES, descriptions: AD_DESCRIPTIONS },
  },
  {
    name: 'headings over numbered lists, quotes and counts after each item',
    reply: `## Headlines
1. "Refill, Reuse, Repeat" (21 characters)
2. "Zero Waste Starts Here" (22 characters)
3. "Plastic-Free Kitchens" (21 characters)

## Descriptions
1. "Swap single-use plastics for refill kits that last. Free delivery this week." (76 characters)
2. "Join 10,000 households cutting waste at home. Shop the starter kit today." (73 characters)`,
    removed: [],
    expected: {
      type: 'AD_COPY',
      headlines: ['Refill, Reuse, Repeat', 'Zero Waste Starts Here', 'Plastic-Free Kitchens'],
      descriptions: [
        'Swap single-use plastics for refill kits that last. Free delivery this week.',
        'Join 10,000 households cutting waste at home. Shop the starter kit today.',
      ],
    },
  },
  {
    name: 'bold list labels, dash bullets with "(15 chars)", four headlines',
    reply: `Absolutely! Here are some options for your ad:

**Headlines:**
- Save More Today (15 chars)
- Green Home Essentials (21 chars)
- Refill Kits From $9 (19 chars)
- Free Delivery This Week (23 chars)

**Descriptions:**
- Everything you need for a zero-waste home, delivered in recyclable packaging. (78 chars)
- Stylish refill kits that cut plastic waste and save money. Order today. (71 chars)

I hope this helps! Feel free to mix and match the headlines.`,
    removed: ['a preamble', 'a sign-off'],
    expected: {
      type: 'AD_COPY',
      headlines: ['Save More Today', 'Green Home Essentials', 'Refill Kits From $9', 'Free Delivery This Week'],
      descriptions: [
        'Everything you need for a zero-waste home, delivered in recyclable packaging.',
        'Stylish refill kits that cut plastic waste and save money. Order today.',
      ],
    },
  },
  {
    name: '"1. Headline: …" numbered labels',
    reply: `1. Headline: Solar Power for Less
2. Headline: Cut Your Energy Bill
3. Headline: Free Home Assessment
4. Description: Switch to solar with zero upfront cost and start saving from month one.
5. Description: Certified installers, 25-year warranty. Book a free assessment today.`,
    removed: [],
    expected: {
      type: 'AD_COPY',
      headlines: ['Solar Power for Less', 'Cut Your Energy Bill', 'Free Home Assessment'],
      descriptions: [
        'Switch to solar with zero upfront cost and start saving from month one.',
        'Certified installers, 25-year warranty. Book a free assessment today.',
      ],
    },
  },
  {
    name: 'quoted labelled headlines, "*" bullets under "### Descriptions", a trailing character count',
    reply: `Certainly! Below is the ad copy optimized for your brand voice.

Headline 1: "Bike to Work, Save More"
Headline 2: "City Cycling Made Easy"
Headline 3: "E-Bikes From $29/Month"

### Descriptions
* Ride past traffic on a lightweight e-bike. Flexible monthly plans, no deposit.
* Free servicing and theft cover included. Start your 14-day trial today.

---

**Character count:**
- Headline 1: 23
- Headline 2: 22
- Headline 3: 22`,
    removed: ['a preamble', 'a "---" separator', 'a sign-off'],
    expected: {
      type: 'AD_COPY',
      headlines: ['Bike to Work, Save More', 'City Cycling Made Easy', 'E-Bikes From $29/Month'],
      descriptions: [
        'Ride past traffic on a lightweight e-bike. Flexible monthly plans, no deposit.',
        'Free servicing and theft cover included. Start your 14-day trial today.',
      ],
    },
  },
  {
    name: 'each value on the line under its bold label',
    reply: `**Headline 1:**
Fresh Coffee, Zero Waste

**Headline 2:**
Compostable Pods Are Here

**Headline 3:**
Brew Better Every Morning

**Description 1:**
Our compostable pods fit every major machine. Taste the difference, skip the plastic.

**Description 2:**
Order a trial box today and get free shipping on your first subscription.`,
    removed: [],
    expected: {
      type: 'AD_COPY',
      headlines: ['Fresh Coffee, Zero Waste', 'Compostable Pods Are Here', 'Brew Better Every Morning'],
      descriptions: [
        'Our compostable pods fit every major machine. Taste the difference, skip the plastic.',
        'Order a trial box today and get free shipping on your first subscription.',
      ],
    },
  },
  {
    name: 'a ```markdown fence, dashes instead of colons, "(26/30)" counts',
    reply: `\`\`\`markdown
Headline 1 - Organic Skincare, Naturally (26/30)
Headline 2 - Clean Beauty You Can Trust (26/30)
Headline 3 - 15% Off Your First Order (24/30)
Description 1 - Gentle, plant-based skincare made in small batches. No parabens, no nasties. (78/90)
Description 2 - Loved by 5,000+ customers. Free samples with every order this month. (68/90)
\`\`\``,
    removed: ['a code fence'],
    expected: {
      type: 'AD_COPY',
      headlines: ['Organic Skincare, Naturally', 'Clean Beauty You Can Trust', '15% Off Your First Order'],
      descriptions: [
        'Gentle, plant-based skincare made in small batches. No parabens, no nasties.',
        'Loved by 5,000+ customers. Free samples with every order this month.',
      ],
    },
  },
  {
    name: 'a <think> block, curly quotes with the count outside them',
    reply: `<think>
The user wants a responsive search ad. Headlines must stay under 30 characters and descriptions under 90. Focus on gifting.
</think>

Headline 1: “Plant a Tree With Every Order” (29 characters)
Headline 2: “Sustainable Gifts for All” (25 characters)
Headline 3: “Free Gift Wrap Today” (20 characters)
Description 1: “Every purchase plants a tree. Discover eco-friendly gifts for everyone you love.” (80 characters)
Description 2: “Ethically sourced, beautifully wrapped. Order by Friday for weekend delivery.” (76 characters)`,
    removed: ['a <think> block'],
    expected: {
      type: 'AD_COPY',
      headlines: ['Plant a Tree With Every Order', 'Sustainable Gifts for All', 'Free Gift Wrap Today'],
      descriptions: [
        'Every purchase plants a tree. Discover eco-friendly gifts for everyone you love.',
        'Ethically sourced, beautifully wrapped. Order by Friday for weekend delivery.',
      ],
    },
  },
  {
    name: 'bold labels with counts inside the bold, a note and a question after them',
    reply: `**Headline 1 (19 chars):** Meal Kits, No Waste
**Headline 2 (21 chars):** Dinner in 20 Minutes
**Headline 3 (18 chars):** First Box Half Off
**Description 1 (70 chars):** Seasonal recipes with exact portions, so nothing ends up in the bin.
**Description 2 (67 chars):** Recyclable packaging and local produce. Skip or cancel any time.

Note: All headlines are under 30 characters and descriptions under 90 characters, as required by Google Ads.

Would you like me to write a few more headline variations?`,
    removed: ['a sign-off', 'a sign-off'],
    expected: {
      type: 'AD_COPY',
      headlines: ['Meal Kits, No Waste', 'Dinner in 20 Minutes', 'First Box Half Off'],
      descriptions: [
        'Seasonal recipes with exact portions, so nothing ends up in the bin.',
        'Recyclable packaging and local produce. Skip or cancel any time.',
      ],
    },
  },
];

const emailCases: LayoutCase[] = [
  {
    name: 'mistral: plain labels, CTA line, preamble and sign-off',
    reply: `Sure! Here's a marketing email for your refill kit launch:

Subject: Your greener home starts today
Preheader: Five easy swaps that save money and cut waste.

Hi Sam,

Small changes make a big difference. Our new refill kits cut plastic waste at home.

Each kit comes with everything you need to get started.

CTA: Shop the refill kits

I hope this helps! Let me know if you'd like me to adjust the tone.`,
    removed: ['a preamble', 'a sign-off'],
    expected: {
      type: 'EMAIL',
      subject: 'Your greener home starts today',
      preheader: 'Five easy swaps that save money and cut waste.',
      cta: 'Shop the refill kits',
      lastBodyLine: 'Each kit comes with everything you need to get started.',
    },
  },
  {
    name: 'llama3.1: bold "Subject Line" and "Preview Text", a Markdown link as the CTA',
    reply: `**Subject Line:** Spring into savings with 20% off
**Preview Text:** Our biggest eco sale of the year starts now.

Hi there,

Spring is here, and so is our biggest sale of the year. For one week only, take 20% off every reusable essential in the shop.

From beeswax wraps to bamboo toothbrushes, it's never been easier to cut waste.

[Shop the sale](https://example.com/sale)

Best regards,
The Green City Team`,
    removed: [],
    expected: {
      type: 'EMAIL',
      subject: 'Spring into savings with 20% off',
      preheader: 'Our biggest eco sale of the year starts now.',
      cta: 'Shop the sale',
      lastBodyLine: 'The Green City Team',
    },
  },
  {
    name: 'heading labels with the value underneath, a bold CTA label with an arrow',
    reply: `## Subject
Your solar savings report is ready

## Preheader
See how much you could save this year.

## Body
Hi Alex,

Thanks for requesting a quote. Based on your roof size, a 4 kW system could cut your bill by up to 60%.

Our installers are booking for May. Reserve your slot today.

**CTA:** Book my free survey →`,
    removed: [],
    expected: {
      type: 'EMAIL',
      subject: 'Your solar savings report is ready',
      preheader: 'See how much you could save this year.',
      cta: 'Book my free survey',
      lastBodyLine: 'Our installers are booking for May. Reserve your slot today.',
    },
  },
  {
    name: '"Subject line:", "Pre-header:", a [Button: …] line and a placeholder signature',
    reply: `Subject line: 5 ways to cut food waste this week
Pre-header: Simple habits that save you money.

Hi [First Name],

Did you know the average household throws away a third of the food it buys? The good news: a few small habits fix most of it.

Our free guide shows you how to plan meals, store food properly and love your leftovers.

[Button: Download the free guide]

Warmly,
[Your Name]`,
    removed: [],
    expected: {
      type: 'EMAIL',
      subject: '5 ways to cut food waste this week',
      preheader: 'Simple habits that save you money.',
      cta: 'Download the free guide',
      lastBodyLine: '[Your Name]',
    },
  },
  {
    name: '"Preview text:", a bold line with an arrow as the CTA above the closing',
    reply: `Subject: Power your home with the sun
Preview text: Free consultations for a limited time.

Hello,

Energy prices keep rising, but sunshine is still free. Our team designs solar systems that pay for themselves in as little as seven years.

**Book your free consultation →**

Cheers,
The Solar Team`,
    removed: [],
    expected: {
      type: 'EMAIL',
      subject: 'Power your home with the sun',
      preheader: 'Free consultations for a limited time.',
      cta: 'Book your free consultation',
      lastBodyLine: 'The Solar Team',
    },
  },
  {
    name: 'optimizer: "Here is the revised email:" over a ```markdown fence, "Call to action:"',
    reply: `Here is the revised email:

\`\`\`markdown
Subject: Your 14-day trial is waiting
Preheader: No card needed. Cancel any time.

Hi Jordan,

You signed up last week but haven't started your trial yet. Your personalised meal plan is ready and waiting.

Call to action: Start your free trial
\`\`\`

I've kept the subject line under 60 characters and made the tone more conversational, as requested.`,
    removed: ['a preamble', 'a sign-off', 'a code fence'],
    expected: {
      type: 'EMAIL',
      subject: 'Your 14-day trial is waiting',
      preheader: 'No card needed. Cancel any time.',
      cta: 'Start your free trial',
      lastBodyLine: "You signed up last week but haven't started your trial yet. Your personalised meal plan is ready and waiting.",
    },
  },
  {
    name: 'quotes and counts on bold labels, a [CTA →] button, a closing note about length',
    reply: `**Subject:** "Your greener wardrobe starts here" (33 characters)
**Preheader:** "New arrivals made from recycled fibres." (39 characters)

Hi Maya,

Our autumn collection is here, and every piece is made from recycled or organic fibres.

Soft knits, sturdy denim and rain jackets that last for years, not months.

[Shop the collection →]

---

This email is approximately 80 words and uses a warm, friendly tone that fits your brand voice.`,
    removed: ['a "---" separator', 'a sign-off'],
    expected: {
      type: 'EMAIL',
      subject: 'Your greener wardrobe starts here',
      preheader: 'New arrivals made from recycled fibres.',
      cta: 'Shop the collection',
      lastBodyLine: 'Soft knits, sturdy denim and rain jackets that last for years, not months.',
    },
  },
  {
    name: 'a link with a pointing hand, a P.S. after it, "Email Subject:"',
    reply: `Email Subject: 🌱 Your plant-care guide is inside
Preheader: Keep every leaf happy this winter.

Hi Priya,

Winter can be tough on houseplants. Shorter days and dry heating mean they need a little extra care.

👉 [Get the winter care guide](https://example.com/guide)

Happy growing,
Leafy Co.

P.S. Reply to this email with a photo of your plant and we'll send personal tips.`,
    removed: [],
    expected: {
      type: 'EMAIL',
      subject: '🌱 Your plant-care guide is inside',
      preheader: 'Keep every leaf happy this winter.',
      cta: 'Get the winter care guide',
      lastBodyLine: "P.S. Reply to this email with a photo of your plant and we'll send personal tips.",
    },
  },
];

const socialCases: LayoutCase[] = [
  {
    name: 'mistral: ## headings for each platform, preamble and sign-off',
    reply: `Here are the social media posts for your campaign:

## X
Small swaps, big impact. Try our refill kits today! #ZeroWaste

## LinkedIn
Sustainability is a team effort. Here is how our customers cut waste by 30%.

## Instagram
Refill, reuse, repeat. 🌱 #SustainableLiving

## Facebook
Meet the refill kit that fits every kitchen.

Feel free to adjust the hashtags to match your brand.`,
    removed: ['a preamble', 'a sign-off'],
    expected: {
      type: 'SOCIAL_MEDIA',
      posts: [
        ['X', 'Small swaps, big impact. Try our refill kits today! #ZeroWaste'],
        ['LinkedIn', 'Sustainability is a team effort. Here is how our customers cut waste by 30%.'],
        ['Instagram', 'Refill, reuse, repeat. 🌱 #SustainableLiving'],
        ['Facebook', 'Meet the refill kit that fits every kitchen.'],
      ],
    },
  },
  {
    name: 'llama3.1: bold "**Twitter:**" labels with the post underneath',
    reply: `**Twitter:**
Bike lanes > traffic jams. 🚲 Our e-bikes make the commute the best part of your day. #BikeToWork

**LinkedIn:**
Commuting by e-bike cuts travel costs by up to 70%.

We help companies set up cycle-to-work schemes in under a week.

**Instagram:**
Sunrise rides hit different. ☀️ Tag someone who needs a new commute. #EBikeLife

**Facebook:**
Thinking about ditching the car? Try an e-bike free for 14 days.`,
    removed: [],
    expected: {
      type: 'SOCIAL_MEDIA',
      posts: [
        ['X', 'Bike lanes > traffic jams. 🚲 Our e-bikes make the commute the best part of your day. #BikeToWork'],
        [
          'LinkedIn',
          'Commuting by e-bike cuts travel costs by up to 70%.\n\nWe help companies set up cycle-to-work schemes in under a week.',
        ],
        ['Instagram', 'Sunrise rides hit different. ☀️ Tag someone who needs a new commute. #EBikeLife'],
        ['Facebook', 'Thinking about ditching the car? Try an e-bike free for 14 days.'],
      ],
    },
  },
  {
    name: 'bold labels with the quoted post on the same line',
    reply: `Sure! Here are four posts, one per platform:

**X:** "Coffee tastes better without the plastic. ☕ Our compostable pods are here. #ZeroWaste"

**LinkedIn:** "We redesigned our coffee pods from the ground up: 100% compostable, same great taste."

**Instagram:** "Your morning ritual, now plastic-free. 🌿 #CompostableCoffee"

**Facebook:** "Good news for coffee lovers: our pods now break down in your home compost bin."`,
    removed: ['a preamble'],
    expected: {
      type: 'SOCIAL_MEDIA',
      posts: [
        ['X', 'Coffee tastes better without the plastic. ☕ Our compostable pods are here. #ZeroWaste'],
        ['LinkedIn', 'We redesigned our coffee pods from the ground up: 100% compostable, same great taste.'],
        ['Instagram', 'Your morning ritual, now plastic-free. 🌿 #CompostableCoffee'],
        ['Facebook', 'Good news for coffee lovers: our pods now break down in your home compost bin.'],
      ],
    },
  },
  {
    name: 'a numbered list of platforms, "X (Twitter):" included',
    reply: `1. X (Twitter): Solar panels just got cheaper. Get a free quote in 2 minutes. ☀️ #SolarPower
2. LinkedIn: Businesses that switched to solar in 2023 cut energy costs by an average of 40%. Here's how.
3. Instagram: Sun's out, savings out. ☀️ Link in bio for your free quote. #CleanEnergy
4. Facebook: Curious about solar? Ask us anything in the comments and our engineers will answer.`,
    removed: [],
    expected: {
      type: 'SOCIAL_MEDIA',
      posts: [
        ['X', 'Solar panels just got cheaper. Get a free quote in 2 minutes. ☀️ #SolarPower'],
        ['LinkedIn', "Businesses that switched to solar in 2023 cut energy costs by an average of 40%. Here's how."],
        ['Instagram', "Sun's out, savings out. ☀️ Link in bio for your free quote. #CleanEnergy"],
        ['Facebook', 'Curious about solar? Ask us anything in the comments and our engineers will answer.'],
      ],
    },
  },
  {
    name: '"Facebook post:" / "Instagram caption:" labels, character counts after the posts',
    reply: `Facebook post:
Our farmers' market stall is back this Saturday! Come taste the new season's apples. 🍎
(85 characters)

Instagram caption:
Crisp, local, picked yesterday. 🍏 See you Saturday!
#FarmersMarket #EatLocal
(74 characters)

LinkedIn post:
Local sourcing shortens supply chains and supports rural jobs. This season we partnered with 12 new farms.

Twitter post:
Apples picked yesterday, on your table tomorrow. 🍎 #EatLocal (61 characters)`,
    removed: [],
    expected: {
      type: 'SOCIAL_MEDIA',
      posts: [
        ['Facebook', "Our farmers' market stall is back this Saturday! Come taste the new season's apples. 🍎"],
        ['Instagram', 'Crisp, local, picked yesterday. 🍏 See you Saturday! #FarmersMarket #EatLocal'],
        ['LinkedIn', 'Local sourcing shortens supply chains and supports rural jobs. This season we partnered with 12 new farms.'],
        ['X', 'Apples picked yesterday, on your table tomorrow. 🍎 #EatLocal'],
      ],
    },
  },
  {
    name: 'plain "X (Twitter):" labels separated by "---" rules, a mention of another platform inside a post',
    reply: `X (Twitter):
Thrift first, buy new second. ♻️ Our pre-loved range just dropped. #Thrifting

---

LinkedIn:
Circular fashion is growing fast. Resale is expected to double by 2027.

---

Facebook:
Our pre-loved collection is live! Every piece is checked, cleaned and ready to wear.
Follow us on Instagram: @greenthreads for daily drops.

---

Instagram:
Pre-loved, not pre-owned vibes. ✨ #CircularFashion`,
    removed: [],
    expected: {
      type: 'SOCIAL_MEDIA',
      posts: [
        ['X', 'Thrift first, buy new second. ♻️ Our pre-loved range just dropped. #Thrifting'],
        ['LinkedIn', 'Circular fashion is growing fast. Resale is expected to double by 2027.'],
        [
          'Facebook',
          'Our pre-loved collection is live! Every piece is checked, cleaned and ready to wear. Follow us on Instagram: @greenthreads for daily drops.',
        ],
        ['Instagram', 'Pre-loved, not pre-owned vibes. ✨ #CircularFashion'],
      ],
    },
  },
  {
    name: '### headings with numbers and "(formerly Twitter)", a bold line inside a post',
    reply: `### 1. X (formerly Twitter)
Your plants called. They want a smarter pot. 🌱 #SmartGarden

### 2. LinkedIn
**Why we built a self-watering pot**

Our founders killed 40 houseplants before building the first prototype. Today, 20,000 homes use it.

### 3. Instagram
No green thumb? No problem. 💧 #PlantParent

### 4. Facebook
Going on holiday? Our self-watering pots keep your plants happy for up to 3 weeks.`,
    removed: [],
    expected: {
      type: 'SOCIAL_MEDIA',
      posts: [
        ['X', 'Your plants called. They want a smarter pot. 🌱 #SmartGarden'],
        [
          'LinkedIn',
          'Why we built a self-watering pot\n\nOur founders killed 40 houseplants before building the first prototype. Today, 20,000 homes use it.',
        ],
        ['Instagram', 'No green thumb? No problem. 💧 #PlantParent'],
        ['Facebook', 'Going on holiday? Our self-watering pots keep your plants happy for up to 3 weeks.'],
      ],
    },
  },
  {
    name: 'a <think> block, two platforms only, bold labels with the post on the same line',
    reply: `<think>Only X and LinkedIn were requested. Keep X under 280 characters.</think>
**X (Twitter):** Recycled paper, zero compromise. 📓 Our new notebooks are here. #EcoStationery
**LinkedIn Post:** Every notebook we sell now uses 100% recycled paper. Small change, big impact.`,
    removed: ['a <think> block'],
    expected: {
      type: 'SOCIAL_MEDIA',
      posts: [
        ['X', 'Recycled paper, zero compromise. 📓 Our new notebooks are here. #EcoStationery'],
        ['LinkedIn', 'Every notebook we sell now uses 100% recycled paper. Small change, big impact.'],
      ],
    },
  },
  {
    name: 'emoji before bold labels, a contact line inside a post',
    reply: `Here are the posts for each platform:

🐦 **Twitter/X:** Meal prep Sunday? Our glass containers keep food fresh for 5 days. 🥗 #MealPrep

💼 **LinkedIn:** Food waste costs households £1,000 a year. Our reusable containers help teams cut it at the office.

📸 **Instagram:** Prep once, eat well all week. 🥕 #ZeroWaste
Follow us: @freshbox

👍 **Facebook:** Win a set of our glass containers! Comment with your favourite lunch to enter.
Twitter: @freshbox`,
    removed: ['a preamble'],
    expected: {
      type: 'SOCIAL_MEDIA',
      posts: [
        ['X', 'Meal prep Sunday? Our glass containers keep food fresh for 5 days. 🥗 #MealPrep'],
        ['LinkedIn', 'Food waste costs households £1,000 a year. Our reusable containers help teams cut it at the office.'],
        ['Instagram', 'Prep once, eat well all week. 🥕 #ZeroWaste Follow us: @freshbox'],
        ['Facebook', 'Win a set of our glass containers! Comment with your favourite lunch to enter. Twitter: @freshbox'],
      ],
    },
  },
];

const BLOG_BODY = `City life and sustainable living can go hand in hand. Small habits add up fast.

## Start in the Kitchen

Plan your meals and carry a reusable bottle.

## Rethink Your Commute

Walk, cycle or take the tram when you can.`;
const BLOG_META =
  'Sustainable living in the city made simple: practical, budget-friendly tips for urban millennials on food, energy, transport and shopping.';

const blogCases: LayoutCase[] = [
  {
    name: 'mistral: "# Title", "Meta description:", preamble and sign-off',
    reply: `Sure! Here's a blog post about sustainable living for urban millennials:

# Sustainable Living in the City

${BLOG_BODY}

Meta description: ${BLOG_META}

I hope this helps! Let me know if you'd like any changes.`,
    removed: ['a preamble', 'a sign-off'],
    expected: {
      type: 'BLOG_POST',
      title: 'Sustainable Living in the City',
      metaDescription: BLOG_META,
      firstParagraph: 'City life and sustainable living can go hand in hand. Small habits add up fast.',
      lastParagraph: 'Walk, cycle or take the tram when you can.',
    },
  },
  {
    name: 'llama3.1: "Title:" line, bold "Meta Description:", word count sign-off',
    reply: `Title: 7 Easy Ways to Live Sustainably in the City

${BLOG_BODY}

**Meta Description:** ${BLOG_META}

This blog post is approximately 850 words.`,
    removed: ['a sign-off'],
    expected: {
      type: 'BLOG_POST',
      title: '7 Easy Ways to Live Sustainably in the City',
      metaDescription: BLOG_META,
      firstParagraph: 'City life and sustainable living can go hand in hand. Small habits add up fast.',
    },
  },
  {
    name: 'a bold first line as the title, kept out of the introduction',
    reply: `**Sustainable Living in the City: A Practical Guide**

${BLOG_BODY}

Meta description: ${BLOG_META}`,
    removed: [],
    expected: {
      type: 'BLOG_POST',
      title: 'Sustainable Living in the City: A Practical Guide',
      metaDescription: BLOG_META,
      firstParagraph: 'City life and sustainable living can go hand in hand. Small habits add up fast.',
    },
  },
  {
    name: 'a ```markdown fence with a reader-facing closing paragraph that stays',
    reply: `\`\`\`markdown
# Zero-Waste Kitchen Hacks

${BLOG_BODY}

What's your favourite zero-waste swap? Let us know in the comments!

Meta description: ${BLOG_META}
\`\`\``,
    removed: ['a code fence'],
    expected: {
      type: 'BLOG_POST',
      title: 'Zero-Waste Kitchen Hacks',
      metaDescription: BLOG_META,
      lastParagraph: "What's your favourite zero-waste swap? Let us know in the comments!",
    },
  },
  {
    name: 'a <think> block, "**Title:**", a meta description with a count note, a "---" and a note',
    reply: `<think>
Okay, the user wants a blog post. I should use the keyphrase early and keep sections short.
</think>

**Title:** Sustainable Living on a Budget

${BLOG_BODY}

Meta description (137 characters): ${BLOG_META}

---

Note: I have kept the word count around 800 words and used the keyphrase "sustainable living" three times.`,
    removed: ['a <think> block', 'a "---" separator', 'a sign-off'],
    expected: {
      type: 'BLOG_POST',
      title: 'Sustainable Living on a Budget',
      metaDescription: BLOG_META,
      firstParagraph: 'City life and sustainable living can go hand in hand. Small habits add up fast.',
      lastParagraph: 'Walk, cycle or take the tram when you can.',
    },
  },
  {
    name: 'an H1 that repeats "Title:", a revision preamble, a list of changes after the post',
    reply: `Here's the revised blog post with the Brand Manager's feedback applied:

# Title: Greener Commutes for Busy Professionals

${BLOG_BODY}

Meta description: ${BLOG_META}

**Changes made:**
- Shortened the introduction
- Added the keyphrase to the first paragraph
- Removed the passive voice from section two`,
    removed: ['a preamble', 'a list of changes'],
    expected: {
      type: 'BLOG_POST',
      title: 'Greener Commutes for Busy Professionals',
      metaDescription: BLOG_META,
      lastParagraph: 'Walk, cycle or take the tram when you can.',
    },
  },
];

const cases: LayoutCase[] = [...adCases, ...emailCases, ...socialCases, ...blogCases];

/** "a preamble (\"Sure! Here's…\")" → "a preamble". */
const kindOf = (entry: string): string => entry.replace(/\s*\(.*\)$/s, '');

describe('real replies: cleanReply, then the parser', () => {
  it('covers at least 30 replies across the four content types', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(new Set(cases.map((layout) => layout.expected.type)).size).toBe(4);
  });

  it.each(cases)('$expected.type: $name', ({ reply, removed, expected }) => {
    const cleaned = cleanReply(reply);
    expect(cleaned.removed.map(kindOf)).toEqual(removed);
    const content = cleaned.text;
    switch (expected.type) {
      case 'AD_COPY':
        expect(parseAdCopy(content)).toEqual({ headlines: expected.headlines, descriptions: expected.descriptions });
        break;
      case 'EMAIL': {
        const email = parseEmail(content);
        expect({ subject: email.subject, preheader: email.preheader, cta: email.cta }).toEqual({
          subject: expected.subject,
          preheader: expected.preheader,
          cta: expected.cta,
        });
        if (expected.lastBodyLine) expect(email.body.trimEnd().split('\n').at(-1)).toBe(expected.lastBodyLine);
        break;
      }
      case 'SOCIAL_MEDIA':
        expect(parseSocialMedia(content).map((post) => [post.platform, post.text])).toEqual(expected.posts);
        break;
      case 'BLOG_POST': {
        const post = parseBlogPost(content);
        expect({ title: post.title, metaDescription: post.metaDescription }).toEqual({
          title: expected.title,
          metaDescription: expected.metaDescription,
        });
        const prose = paragraphs(post.body);
        if (expected.firstParagraph) expect(prose[0]).toBe(expected.firstParagraph);
        if (expected.lastParagraph) expect(prose.at(-1)).toBe(expected.lastParagraph);
        break;
      }
    }
  });
});

// ---------------------------------------------------------------- beyond the layouts the prompts ask for

describe('ad copy in the layouts real replies take when they are not a responsive search ad', () => {
  const BODY =
    'Document cameras let teachers show documents, books and other materials to the whole class. Zoom in on a diagram, turn the pages of a picture book, or show a science sample in sharp detail: every student gets a front-row view, and the lesson flows without passing things around.';

  it('labelled headline, subheading, body copy, call to action and an image note', () => {
    const reply = `**Headline:** "Bring Every Page to Life"
**Subheading:** See every detail, from every seat.

**Body Copy:**
${BODY}

**Call to Action:** Order your document camera today

**Image:** a teacher standing beside a screen showing a magnified page`;
    expect(parseAdCopy(cleanReply(reply).text)).toEqual({
      headlines: ['Bring Every Page to Life', 'See every detail, from every seat.'],
      descriptions: [],
      body: BODY,
      cta: 'Order your document camera today',
    });
  });

  it('a "Description:" label over a product description: body copy, not a description slot; the image note is no slot', () => {
    const reply = `**Headline:** "Bring Every Page to Life"\n\n**Description:**\n${BODY}\nImage: a teacher standing beside a screen`;
    expect(parseAdCopy(reply)).toEqual({ headlines: ['Bring Every Page to Life'], descriptions: [], body: BODY });
  });

  it('ten numbered, quoted punch lines between a preamble and a note: ten headlines', () => {
    const lines = Array.from({ length: 10 }, (_, index) => `${index + 1}. **"Fresh start, fresh home, deal number ${index + 1}!"**`);
    const reply = `Here are 10 punch lines for your New Year sale:\n\n${lines.join('\n')}\n\nThese punch lines aim to create urgency. Feel free to tweak them to fit your brand!`;
    const ad = parseAdCopy(cleanReply(reply).text);
    expect(ad.headlines).toEqual(Array.from({ length: 10 }, (_, index) => `Fresh start, fresh home, deal number ${index + 1}!`));
    expect(ad.descriptions).toEqual([]);
    expect(adCopyLimits(cleanReply(reply).text).find((check) => check.check === 'headline count')).toMatchObject({
      value: 10,
      passed: true,
    });
  });

  it('mottos each followed by a word on why: the motto alone is the headline', () => {
    const reply = `1. **"A Scoop Above the Rest"** - This motto plays on the shop's quality.
2. "History in Every Bite" – It celebrates the old town.
3. **Cool Treats, Warm Memories**: a nod to family outings.`;
    expect(parseAdCopy(reply).headlines).toEqual(['A Scoop Above the Rest', 'History in Every Bite', 'Cool Treats, Warm Memories']);
  });

  it('a one-line slogan, labelled or quoted, is one headline', () => {
    expect(parseAdCopy('Slogan: "Fresh from the hive."')).toEqual({ headlines: ['Fresh from the hive.'], descriptions: [] });
    expect(parseAdCopy('"Savor every scoop, every time."')).toEqual({ headlines: ['Savor every scoop, every time.'], descriptions: [] });
  });

  it('a product description: its title lines are headlines, the rest body copy', () => {
    const reply = `**Elegant Sterling Silver Chain**\n\n${BODY}\n\n**Key Features:**\n\n* Solid 925 silver\n* Lobster clasp\n\n**Order Yours Today**`;
    const ad = parseAdCopy(reply);
    expect(ad.headlines).toEqual(['Elegant Sterling Silver Chain', 'Order Yours Today']);
    expect(ad.descriptions).toEqual([]);
    expect(ad.body).toBe(`${BODY}\n\nKey Features:\n\nSolid 925 silver\nLobster clasp`);
  });
});

describe('social posts for one chosen platform, and replies that offer several versions', () => {
  const captions = Array.from(
    { length: 10 },
    (_, index) => `${index + 1}. "Snow day number ${index + 1} from the office window ❄️ #FirstSnow"`,
  );

  it('a tweet written without a heading is the X post when X is the one platform chosen', () => {
    const reply = `Here's a possible announcement tweet:\n\n"Our new guide is live! Read it now #Guide"`;
    const content = cleanReply(reply).text;
    expect(parseSocialMedia(content, ['X'])).toEqual([{ platform: 'X', text: 'Our new guide is live! Read it now #Guide', versions: 1 }]);
    // With every platform open, a post without a heading still belongs to none.
    expect(parseSocialMedia(content)).toEqual([]);
  });

  it('ten numbered captions: the first is measured, and the checks say there are ten', () => {
    const reply = `Here are some captions for your snowy window view:\n\n${captions.join('\n')}\n\nI hope these captions inspire your followers!`;
    const content = cleanReply(reply).text;
    expect(parseSocialMedia(content, ['Instagram'])).toEqual([
      { platform: 'Instagram', text: 'Snow day number 1 from the office window ❄️ #FirstSnow', versions: 10 },
    ]);
    const failed = socialMediaLimits(content, ['Instagram']).filter((check) => !check.passed);
    expect(failed.map(lengthProblem)).toEqual([
      'The writer offered 10 versions of the Instagram post: keep the one you want before you publish (the checks measured the first).',
    ]);
  });

  it('captions in groups under bold labels count one version each', () => {
    const reply = `**Serene Captions**\n\n1. "Quiet white morning #snow"\n2. "Soft light, slow start #snow"\n\n**Playful Captions**\n\n1. "Snow much fun #snow"\n2. "Let it snow (outside) #snow"\n3. "Flake break #snow"`;
    const [post] = parseSocialMedia(cleanReply(reply).text, ['Instagram']);
    expect(post).toEqual({ platform: 'Instagram', text: 'Quiet white morning #snow', versions: 5 });
  });

  it('a LinkedIn post, a note on its placeholders and a filled-in second version: two versions, only LinkedIn named', () => {
    const reply = `## LinkedIn\nI've joined [Company] as [Job Title]! Thank you to everyone who helped me get here.\n\nNote: Replace the placeholders with your own details.\n\nHere's a version with the placeholders filled in:\n\nI've joined Acme as Head of Growth! Thank you to everyone who helped me get here.`;
    const content = cleanReply(reply).text;
    expect(content).not.toContain('Note:');
    const checks = socialMediaLimits(content, ['LinkedIn']);
    expect(checks.filter((check) => !check.passed).map(lengthProblem)).toEqual([
      'The writer offered 2 versions of the LinkedIn post: keep the one you want before you publish (the checks measured the first).',
    ]);
    expect(parseSocialMedia(content, ['LinkedIn'])[0]?.text).toBe(
      "I've joined [Company] as [Job Title]! Thank you to everyone who helped me get here.",
    );
  });

  it('a "---" above the hashtags does not make a second version', () => {
    const reply = '## Instagram\nFirst snow from the office window, and the whole team at the glass.\n\n---\n\n#FirstSnow #OfficeLife';
    expect(parseSocialMedia(reply, ['Instagram'])[0]?.versions).toBe(1);
  });

  it('a missing post names the chosen platforms only', () => {
    const [platformPosts] = socialMediaLimits('## X\nShort and sweet.', ['LinkedIn']);
    expect(platformPosts && lengthProblem(platformPosts)).toBe(
      'There is no post for LinkedIn: write it under its own heading (such as "## LinkedIn").',
    );
    const [everyPlatform] = socialMediaLimits('Just words.');
    expect(everyPlatform && lengthProblem(everyPlatform)).toBe('There is no post for any platform (X, LinkedIn, Instagram, Facebook).');
  });
});
