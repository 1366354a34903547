-- AlterTable
ALTER TABLE "AgentStep" ADD COLUMN     "supersededAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Brand" ADD COLUMN     "defaultApprovalGates" JSONB;

-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "approvalGates" JSONB,
ADD COLUMN     "approvals" JSONB,
ADD COLUMN     "cacheKey" TEXT,
ADD COLUMN     "cachedFromId" TEXT,
ADD COLUMN     "pendingApproval" JSONB;

-- CreateIndex
CREATE INDEX "Campaign_cacheKey_status_idx" ON "Campaign"("cacheKey", "status");
