-- AlterTable
ALTER TABLE "AgentStep" ADD COLUMN "supersededAt" DATETIME;

-- AlterTable
ALTER TABLE "Brand" ADD COLUMN "defaultApprovalGates" JSONB;

-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN "approvalGates" JSONB;
ALTER TABLE "Campaign" ADD COLUMN "approvals" JSONB;
ALTER TABLE "Campaign" ADD COLUMN "cacheKey" TEXT;
ALTER TABLE "Campaign" ADD COLUMN "cachedFromId" TEXT;
ALTER TABLE "Campaign" ADD COLUMN "pendingApproval" JSONB;

-- CreateIndex
CREATE INDEX "Campaign_cacheKey_status_idx" ON "Campaign"("cacheKey", "status");
