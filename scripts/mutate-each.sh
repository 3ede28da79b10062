#!/bin/sh
# Mutation testing one file at a time (npm run mutate -- --mutate FILE does one): each file's score
# is known as soon as its run ends, and each keeps an incremental file, so a rerun after new tests
# only tests again the mutants those tests cover. Reports in reports/mutation/<file>/.
set -e
files="${*:-src/probes/state.ts src/probes/checks/http-assertions.ts src/probes/rollups.ts src/probes/maintenance.ts src/config/plan.ts src/probes/scheduler.ts src/probes/uptime-store.ts}"
for file in $files; do
  name=$(basename "$file" .ts)
  echo "== $file"
  nice -n 10 npx stryker run --mutate "$file" --incremental \
    --incrementalFile "reports/mutation/$name/incremental.json"
  mkdir -p "reports/mutation/$name"
  cp reports/mutation/mutation.json "reports/mutation/$name/mutation.json"
done
