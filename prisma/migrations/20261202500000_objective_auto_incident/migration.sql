-- AlterTable
ALTER TABLE "objectives" ADD COLUMN     "autoIncident" BOOLEAN NOT NULL DEFAULT false;
