-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN "writingOptions" JSONB;
