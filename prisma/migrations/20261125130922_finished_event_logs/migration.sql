-- CreateTable
CREATE TABLE "CampaignEventLog" (
    "campaignId" TEXT NOT NULL PRIMARY KEY,
    "run" INTEGER NOT NULL,
    "events" JSONB NOT NULL,
    CONSTRAINT "CampaignEventLog_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
