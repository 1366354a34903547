-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AgentStep" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    CONSTRAINT "AgentStep_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_AgentStep" ("attempt", "campaignId", "completionTokens", "durationMs", "error", "feedback", "finishedAt", "firstTokenMs", "id", "model", "output", "passed", "promptTokens", "role", "score", "startedAt", "status", "verdict") SELECT "attempt", "campaignId", "completionTokens", "durationMs", "error", "feedback", "finishedAt", "firstTokenMs", "id", "model", "output", "passed", "promptTokens", "role", "score", "startedAt", "status", "verdict" FROM "AgentStep";
DROP TABLE "AgentStep";
ALTER TABLE "new_AgentStep" RENAME TO "AgentStep";
CREATE UNIQUE INDEX "AgentStep_campaignId_role_attempt_key" ON "AgentStep"("campaignId", "role", "attempt");
CREATE TABLE "new_Campaign" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "Campaign_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "Brand" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Campaign" ("brandAlignment", "brandId", "brief", "compliance", "complianceIssues", "content", "contentType", "createdAt", "design", "error", "finishedAt", "id", "keyphrase", "measurements", "modelOverrides", "overallQuality", "readability", "runNumber", "scoreFeedback", "startedAt", "status", "targetAudience", "updatedAt") SELECT "brandAlignment", "brandId", "brief", "compliance", "complianceIssues", "content", "contentType", "createdAt", "design", "error", "finishedAt", "id", "keyphrase", "measurements", "modelOverrides", "overallQuality", "readability", "runNumber", "scoreFeedback", "startedAt", "status", "targetAudience", "updatedAt" FROM "Campaign";
DROP TABLE "Campaign";
ALTER TABLE "new_Campaign" RENAME TO "Campaign";
CREATE INDEX "Campaign_status_createdAt_idx" ON "Campaign"("status", "createdAt");
CREATE INDEX "Campaign_brandId_createdAt_idx" ON "Campaign"("brandId", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
