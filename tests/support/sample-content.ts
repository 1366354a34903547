// Canned replies for the Ollama stand-in, one per content type. The product's parsers
// read these formats (headings, "Subject:", "Headline 1:" ...), so keep the shapes and
// the length limits when editing.
export type SampleContentType = 'BLOG_POST' | 'SOCIAL_MEDIA' | 'EMAIL' | 'AD_COPY';

const blogPost = `# Sustainable Living in the City: A Practical Guide for Urban Millennials

You want to live well. You also want to tread lightly on the planet. In a small flat with a busy schedule, that can feel hard. It does not have to be. Sustainable living is not about perfection. It is about small choices that add up. This guide shows you where to start, what really matters, and how to keep going without burning out.

## Why Sustainable Living Matters for City Dwellers

Cities are home to more than half of the world's people. They also use most of its energy. That makes city life a big lever for change. The good news is that urban living already has green advantages. Homes are smaller. Shops are closer. Public transport is within reach.

Many millennials care deeply about climate change. Yet rent is high and time is short. Sustainable living has to fit real budgets and real lives. It should save money, not cost more. It should make your days simpler, not harder.

Think of it as a set of habits. Each one is easy on its own. Together they shape a lighter footprint. And they often bring a calmer, healthier routine too.

## Start in the Kitchen

Food is one of the easiest places to begin. Plan your meals for the week before you shop. Write a list and stick to it. You will waste less food and spend less money.

Eat more plants. You do not need to go fully vegan. Try two or three meat-free dinners each week. Beans, lentils and seasonal vegetables are cheap, filling and tasty.

Carry a reusable bottle and a coffee cup. Say no to plastic bags. These small swaps cut waste every single day. Over a year, they prevent hundreds of items from reaching landfill.

## Make Your Home Work Smarter

Your flat may be small, but it still uses energy. Switch to LED bulbs. They last for years and use far less power. Unplug chargers when you are done. Use a smart plug to turn off devices you forget.

Wash clothes at thirty degrees. Dry them on a rack instead of a dryer. Your clothes will last longer too. If you rent, ask your landlord about a green energy tariff. Many suppliers offer one at little or no extra cost.

Bring nature indoors. Houseplants clean the air and lift your mood. A small balcony can grow herbs, tomatoes or salad leaves. Growing even a little of your own food connects you to the seasons. It is one of the most rewarding parts of sustainable living.

## Rethink How You Get Around

Transport is a major source of city emissions. The greenest trip is the one you walk. For longer journeys, cycle or take the bus, tram or train. Many cities now have bike-share schemes and safe cycle lanes.

If you need a car now and then, try a car club. You pay only when you drive. You skip insurance, parking and repairs. For many urban millennials, this is cheaper than owning a car.

## Shop Less, Choose Better

Fast fashion is cheap for a reason. It uses vast amounts of water and energy. Much of it ends up in landfill within a year. Sustainable living means buying fewer, better things.

Before you buy, ask yourself a simple question. Will I use this at least thirty times? If not, skip it. Try second-hand shops and online marketplaces. Swap clothes with friends. Repair what you already own.

Choose brands that are open about how they make their products. Look for trusted labels and clear sourcing. Support local makers when you can. Your money is a vote for the world you want.

## Build a Community Around Sustainable Living

Change is easier with friends. Join a local repair café or a community garden. Swap tips with neighbours. Start a group chat for sharing spare food or tools.

Community projects make sustainable living social and fun. They also build stronger neighbourhoods. You meet people who share your values. You learn skills that last a lifetime.

## Small Steps, Big Impact

You do not have to change everything at once. Pick one habit this week. Maybe it is a reusable cup. Maybe it is a meat-free Monday. Once it feels natural, add another.

Track your progress. Notice the money you save and the waste you avoid. Celebrate the wins, however small. Sustainable living is a journey, not a test.

Urban life gives you every tool you need. Walkable streets, shared spaces and creative neighbours are all around you. Start today, and make sustainable living part of who you are.

Ready to begin? Choose your first habit now and share it with a friend.

Meta description: Sustainable living in the city made simple. Practical, budget-friendly tips for urban millennials on food, energy, transport and shopping.`;

const socialMedia = `## X
Small swaps, big impact. 🌱 Reusable cup, meat-free Monday, bike to work. Sustainable living in the city starts with one habit. Which one will you try this week? #SustainableLiving #UrbanLiving

## LinkedIn
Sustainable living is no longer a niche interest for urban professionals. It is a daily practice.

Our new guide shares simple, budget-friendly habits for city life: planning meals to cut food waste, switching to a green energy tariff, choosing car clubs over car ownership, and buying fewer, better things.

The best part? Most of these changes save money as well as carbon.

What is one sustainable habit your team has adopted at work? Share it in the comments.

## Instagram
Your balcony could be a garden. 🌿🍅

Sustainable living in the city does not need a big budget or a big space. Start with herbs on the windowsill, a reusable bottle in your bag, and a bike ride instead of a bus ride.

Save this post for your next weekend project and tag a friend who would love it. 💚

#SustainableLiving #UrbanGarden #EcoFriendly #ZeroWaste #CityLife

## Facebook
Living sustainably in a small city flat? You are not alone. 🏙️

We put together a practical guide with easy habits for food, energy, transport and shopping. Every tip is budget-friendly and fits a busy schedule.

Read the guide and tell us in the comments: what is the easiest green swap you have made this year?`;

const email = `Subject: 5 easy ways to live greener in the city
Preheader: Small habits that save money and cut waste, even in a tiny flat.

Hi there,

Living sustainably in the city can feel overwhelming. Rent is high, time is short, and space is tight. The good news? The easiest changes often save you money too.

Here are five habits to start this week: plan your meals to cut food waste, switch to LED bulbs, wash clothes at thirty degrees, cycle or walk for short trips, and buy second-hand before buying new.

Each one takes just a few minutes. Together, they make a real difference for your wallet and the planet.

Our free guide walks you through each step, with tips from urban millennials who are already doing it.

Cheers,
The Green City Team

CTA: Get the free guide`;

const adCopy = `Headline 1: Live Greener in the City
Headline 2: Easy Eco Swaps That Save
Headline 3: Get Your Free Green Guide
Description 1: Simple sustainable habits for busy city life. Save money and cut waste today.
Description 2: Meal plans, energy tips and smart transport ideas for urban millennials.`;

export const sampleContent: Record<SampleContentType, string> = {
  BLOG_POST: blogPost,
  SOCIAL_MEDIA: socialMedia,
  EMAIL: email,
  AD_COPY: adCopy,
};

const contentTypes = Object.keys(sampleContent) as SampleContentType[];

/** The content type a prompt asks for: "Content type: EMAIL" wins over a prompt that merely lists every type. */
export function contentTypeOf(prompt: string): SampleContentType {
  const marker = new RegExp(`\\b(${contentTypes.join('|')})\\b`);
  const declared = new RegExp(`content type:\\s*\\**\\s*${marker.source}`, 'i').exec(prompt)?.[1];
  return (declared ?? marker.exec(prompt)?.[1] ?? 'BLOG_POST') as SampleContentType;
}
