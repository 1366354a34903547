-- CreateTable
CREATE TABLE "Brand" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "voice" TEXT NOT NULL DEFAULT '',
    "tone" TEXT NOT NULL DEFAULT '',
    "values" JSONB NOT NULL,
    "colors" JSONB NOT NULL,
    "prohibitedTopics" JSONB NOT NULL,
    "keywords" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Brand_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL,
    "brief" TEXT NOT NULL,
    "targetAudience" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "keyphrase" TEXT,
    "brandId" TEXT,
    "modelOverrides" JSONB,
    "status" TEXT NOT NULL DEFAULT 'QUEUED',
    "runNumber" INTEGER NOT NULL DEFAULT 0,
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
    "revisionLimitReached" BOOLEAN NOT NULL DEFAULT false,
    "draftKeptReason" TEXT,
    "embedding" JSONB,
    "embeddingModel" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentStep" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "stage" TEXT NOT NULL DEFAULT 'DRAFT',
    "status" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "output" TEXT NOT NULL DEFAULT '',
    "rawOutput" TEXT,
    "repairs" JSONB,
    "verdict" JSONB,
    "score" INTEGER,
    "passed" BOOLEAN,
    "feedback" JSONB NOT NULL,
    "promptTokens" INTEGER NOT NULL DEFAULT 0,
    "completionTokens" INTEGER NOT NULL DEFAULT 0,
    "firstTokenMs" INTEGER,
    "durationMs" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "AgentStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignEventLog" (
    "campaignId" TEXT NOT NULL,
    "run" INTEGER NOT NULL,
    "events" JSONB NOT NULL,

    CONSTRAINT "CampaignEventLog_pkey" PRIMARY KEY ("campaignId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Brand_name_key" ON "Brand"("name");

-- CreateIndex
CREATE INDEX "Campaign_status_createdAt_idx" ON "Campaign"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Campaign_brandId_createdAt_idx" ON "Campaign"("brandId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "AgentStep_campaignId_role_attempt_key" ON "AgentStep"("campaignId", "role", "attempt");

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "Brand"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentStep" ADD CONSTRAINT "AgentStep_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignEventLog" ADD CONSTRAINT "CampaignEventLog_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;
