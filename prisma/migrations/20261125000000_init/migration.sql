-- CreateTable
CREATE TABLE "Brand" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "voice" TEXT NOT NULL DEFAULT '',
    "tone" TEXT NOT NULL DEFAULT '',
    "values" JSONB NOT NULL,
    "colors" JSONB NOT NULL,
    "prohibitedTopics" JSONB NOT NULL,
    "keywords" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "brief" TEXT NOT NULL,
    "targetAudience" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "keyphrase" TEXT,
    "brandId" TEXT,
    "modelOverrides" JSONB,
    "status" TEXT NOT NULL DEFAULT 'QUEUED',
    "content" TEXT,
    "brandAlignment" INTEGER,
    "compliance" INTEGER,
    "readability" INTEGER,
    "overallQuality" INTEGER,
    "scoreFeedback" JSONB NOT NULL,
    "measurements" JSONB,
    "design" JSONB,
    "complianceIssues" JSONB NOT NULL,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "Campaign_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "Brand" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AgentStep" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "campaignId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "output" TEXT NOT NULL DEFAULT '',
    "verdict" JSONB,
    "score" INTEGER,
    "passed" BOOLEAN,
    "feedback" JSONB NOT NULL,
    "promptTokens" INTEGER NOT NULL DEFAULT 0,
    "completionTokens" INTEGER NOT NULL DEFAULT 0,
    "firstTokenMs" INTEGER,
    "durationMs" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    CONSTRAINT "AgentStep_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Brand_name_key" ON "Brand"("name");

-- CreateIndex
CREATE INDEX "Campaign_status_createdAt_idx" ON "Campaign"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Campaign_brandId_createdAt_idx" ON "Campaign"("brandId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "AgentStep_campaignId_role_attempt_key" ON "AgentStep"("campaignId", "role", "attempt");
