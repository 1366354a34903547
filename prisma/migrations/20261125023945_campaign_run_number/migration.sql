-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "Campaign_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "Brand" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Campaign" ("brandAlignment", "brandId", "brief", "compliance", "complianceIssues", "content", "contentType", "createdAt", "design", "error", "finishedAt", "id", "keyphrase", "measurements", "modelOverrides", "overallQuality", "readability", "scoreFeedback", "startedAt", "status", "targetAudience", "updatedAt") SELECT "brandAlignment", "brandId", "brief", "compliance", "complianceIssues", "content", "contentType", "createdAt", "design", "error", "finishedAt", "id", "keyphrase", "measurements", "modelOverrides", "overallQuality", "readability", "scoreFeedback", "startedAt", "status", "targetAudience", "updatedAt" FROM "Campaign";
DROP TABLE "Campaign";
ALTER TABLE "new_Campaign" RENAME TO "Campaign";
CREATE INDEX "Campaign_status_createdAt_idx" ON "Campaign"("status", "createdAt");
CREATE INDEX "Campaign_brandId_createdAt_idx" ON "Campaign"("brandId", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
