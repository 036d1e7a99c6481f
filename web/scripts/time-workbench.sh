#!/bin/sh
# time-workbench.sh - time each API call the 工作台 makes, as the browser
# makes them, against a running fazhi (docs/web.md, "Performance").
#
#   web/scripts/time-workbench.sh URL USER PASSWORD YEAR [RUNS]
#   e.g. web/scripts/time-workbench.sh http://127.0.0.1:8080 fazhi "$PW" 2023 20
#
# Prints, per call, the median and the slowest of RUNS runs (curl's
# time_total: the whole request over loopback).
set -eu
url=$1 user=$2 pw=$3 year=$4 runs=${5:-20}
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT
curl -sf -c "$jar" -H 'Content-Type: application/json' \
	-d "{\"username\":\"$user\",\"password\":\"$pw\"}" "$url/api/v1/auth/login" >/dev/null
org=$(curl -sf -b "$jar" "$url/api/v1/auth/me" | sed 's/.*"org_id":\([0-9]*\).*/\1/')
key="enforcement.cases_filed,enforcement.fines,enforcement.land_area,disclosure.received,petition.received,litigation.admin_received,reconsideration.received,normative.issued"
rates="disclosure.on_time_rate,petition.on_time_rate,hotline.on_time_rate,litigation.defence_on_time_rate,reconsideration.reply_on_time_rate,supervision.npc_on_time_rate,supervision.cppcc_on_time_rate,normative.filing_on_time_rate,service.on_time_rate,petition.by_subject"
monthly="enforcement.cases_filed,enforcement.decisions,enforcement.cases_closed,enforcement.fines,enforcement.confiscated_gains,disclosure.received,disclosure.replied"
for path in \
	"/api/v1/auth/me" \
	"/api/v1/kinds" \
	"/api/v1/orgs" \
	"/api/v1/dashboard/deadlines?limit=20" \
	"/api/v1/dashboard/figures?year=$year&org_id=$org&ids=$key,$rates" \
	"/api/v1/dashboard/figures?year=$year&org_id=$org&ids=$monthly&monthly=1"; do
	i=0
	: >"$jar.t"
	while [ $i -lt "$runs" ]; do
		curl -sf -o /dev/null -b "$jar" -w '%{time_total}\n' "$url$path" >>"$jar.t"
		i=$((i + 1))
	done
	sort -n "$jar.t" | awk -v p="$path" '{ v[NR] = $1 * 1000 }
		END { printf "%7.1f ms median %7.1f ms max  %s\n", v[int((NR + 1) / 2)], v[NR], substr(p, 1, 70) }'
done
rm -f "$jar.t"
