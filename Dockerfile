FROM node:20-bookworm-slim

WORKDIR /app
# better-sqlite3 compiles from source where no prebuilt binary fits.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*

COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
# The workspace that holds svelte-check (npm run typecheck) is part of the lockfile.
COPY tools/svelte-check/package.json ./tools/svelte-check/
RUN npm ci

COPY . .
# The web UI is built into the image; `npm start` finds it current and skips the build.
RUN npm run build:client

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8000 \
    DATABASE_URL=file:/data/copilot.db
VOLUME /data
EXPOSE 8000
CMD ["npm", "start"]
