-- Each session of each release with the start of its first run of that release (issue 14: the
-- weekly review's since-release KPIs). A window that starts at or before a release's first run
-- holds every run of the release before its end, so its distinct sessions are the rows here whose
-- first run is before that end: a count of rows instead of a distinct count over every day of the
-- release's life. Kept by the ingest path; filled here from the runs already stored.

-- CreateTable
CREATE TABLE "release_sessions" (
    "projectId" TEXT NOT NULL,
    "release" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "firstAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "release_sessions_pkey" PRIMARY KEY ("projectId","release","sessionId")
);

-- AddForeignKey
ALTER TABLE "release_sessions" ADD CONSTRAINT "release_sessions_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

INSERT INTO "release_sessions" ("projectId", "release", "sessionId", "firstAt")
SELECT "projectId", "release", "sessionId", min("startedAt") FROM "runs" GROUP BY 1, 2, 3;
