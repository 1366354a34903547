-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN "name" TEXT;
