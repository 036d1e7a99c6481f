/*
 * table.c - the command table, with each command's usage.
 */
#include "cmd/cmd.h"

#include <string.h>

const struct fz_command fz_commands[] = {
    {"init", cmd_init, "create or migrate a database",
     "usage: fazhi init --db PATH [--demo] [--credentials FILE] [--gm]\n\n"
     "Creates the database if absent and applies every migration.\n"
     "--demo adds the demo organisations and accounts (if there are no\n"
     "organisations yet) and writes their passwords to --credentials\n"
     "(default: print them). --gm (国密): the event log's chains started\n"
     "from now on are hashed with SM3 instead of SHA-256."},
    {"serve", cmd_serve, "serve the web interface and the API",
     "usage: fazhi serve --db PATH [--listen HOST:PORT] [--threads N]\n"
     "                   [--max-body BYTES] [--max-upload BYTES]\n"
     "                   [--idle-seconds N]\n"
     "                   [--rate PER_MINUTE] [--quiet] [--kinds DIR]\n"
     "                   [--templates DIR] [--request-timeout SECONDS]\n"
     "                   [--https] [--trusted-proxy ADDR]\n"
     "                   [--metrics-allow ADDR[,ADDR]]\n"
     "                   [--audit-key FILE [--checkpoint-every N]\n"
     "                    [--checkpoint-seconds S]]\n\n"
     "Serves http://HOST:PORT/ (default 127.0.0.1:8080; port 0 picks a\n"
     "free one and prints it). Stops cleanly on SIGTERM or SIGINT,\n"
     "finishing requests in flight. --kinds adds or replaces kinds of\n"
     "work with the declarations (*.json) of a directory; --templates\n"
     "replaces built-in document layouts with DIR/NAME.docx. --audit-key\n"
     "signs checkpoints of the event log (at start, every N events, every\n"
     "S seconds with new events, at shutdown; defaults 1000 and 60).\n"
     "--max-upload caps an evidence file (default 20 MiB); --max-body\n"
     "every other request body (default 1 MiB). --request-timeout: a\n"
     "request's headers and body must arrive within it (default 30; 0:\n"
     "the 60-second idle timeout only). --https: behind a TLS proxy (the\n"
     "cookie Secure, Strict-Transport-Security). --trusted-proxy: the\n"
     "client is the last X-Forwarded-For address when the peer is ADDR.\n"
     "--metrics-allow: who may read /metrics (default 127.0.0.1,::1)."},
    {"org", cmd_org, "add or list organisations",
     "usage: fazhi org add --db PATH --name NAME --level LEVEL "
     "[--parent ID]\n"
     "       fazhi org list --db PATH\n\n"
     "LEVEL is region, government, department or unit."},
    {"user", cmd_user, "manage accounts",
     "usage: fazhi user add --db PATH --org ID --username NAME "
     "--name DISPLAY [--roles R,R] [--integration]\n"
     "       fazhi user list --db PATH\n"
     "       fazhi user passwd --db PATH --username NAME\n"
     "       fazhi user lock|unlock --db PATH --username NAME\n"
     "       fazhi user roles --db PATH --username NAME --set R,R\n\n"
     "Passwords are read from standard input (a prompt on a terminal),\n"
     "never from the command line. Roles: sysadmin secadmin auditor\n"
     "officer reviewer head statistician viewer (三员分立: the first\n"
     "three are held by different accounts, none with a business role).\n"
     "An --integration account has no password and business roles only;\n"
     "the system administrator issues its API tokens. An administrator's\n"
     "password is reset here only (user passwd), never in the browser."},
    {"audit", cmd_audit, "verify the hash-chained event log",
     "usage: fazhi audit verify --db PATH [--pubkey FILE.pub [--witness "
     "FILE]]\n"
     "       fazhi audit keygen --out FILE [--gm]\n"
     "       fazhi audit checkpoint --db PATH --out FILE [--audit-key "
     "FILE]\n\n"
     "verify: exit 0 when every chain is intact, every evidence file\n"
     "matches and every table agrees with its events; exit 1 naming the\n"
     "first event changed, removed or reordered, the file, or the row.\n"
     "With --pubkey, every signed checkpoint (serve --audit-key) must\n"
     "verify and still cover its chains; with --witness, the database\n"
     "must not be rolled back before that kept checkpoint.\n"
     "keygen: an Ed25519 key (--gm: SM2) to FILE (0600) and FILE.pub.\n"
     "checkpoint: the latest signed checkpoint (a new one with\n"
     "--audit-key) to FILE, a witness to keep elsewhere."},
    {"backup", cmd_backup, "copy the database online",
     "usage: fazhi backup --db PATH --out FILE\n\n"
     "A consistent copy through SQLite's backup API, safe while the\n"
     "server runs; the evidence files go to FILE.files/."},
    {"restore", cmd_restore, "replace the database with a backup",
     "usage: fazhi restore --db PATH --from FILE\n\n"
     "Checks the backup, verifies its event log and its evidence files\n"
     "(FILE.files/), copies those to PATH.files/ and the backup over the\n"
     "database (stop the server first)."},
    {"calendar", cmd_calendar, "working-day calendar: import or show a year",
     "usage: fazhi calendar import --db PATH FILE\n"
     "       fazhi calendar show YEAR [--db PATH]\n\n"
     "FILE has the format of data/calendar/holidays.txt; each year in it\n"
     "replaces that year."},
    {"deadline", cmd_deadline, "compute a statutory due date",
     "usage: fazhi deadline --from YYYY-MM-DD (--working-days N | "
     "--calendar-days N | --rule ID)\n"
     "                      [--pause FROM..TO]... [--extend N] [--json]\n"
     "                      [--db PATH]\n\n"
     "Prints the due date (YYYY-MM-DD). The start day is not counted;\n"
     "a calendar-day period ending on a non-working day ends on the next\n"
     "working day; pauses stop the clock. With --db, years imported\n"
     "into that database (fazhi calendar import) replace the built-in ones."},
    {"rules", cmd_rules,
     "statutory periods: list, or override for an "
     "organisation",
     "usage: fazhi rules list\n"
     "       fazhi rules override --db PATH --org ID --rule ID --days N\n\n"
     "An override sets the period of a rule for an organisation and\n"
     "everything below it (a province whose own rules differ); it is an\n"
     "event in that organisation's chain."},
    {"report", cmd_report, "reports computed from the records",
     "usage: fazhi report --db PATH --org ORG --year Y\n"
     "                    [--format md|html|docx|xlsx] [--out FILE]\n"
     "                    [--template FILE] [--date YYYY-MM-DD] [--kinds DIR]\n"
     "       fazhi report disclosure-table --db PATH --org ORG --year Y\n"
     "                    [--format md|xlsx] [--out FILE]\n\n"
     "The annual 法治政府建设情况报告 of an organisation (id or name): the\n"
     "template (built in, or --template) filled with the figures of the\n"
     "organisation and everything below it, compared with the year before,\n"
     "and the narrative sections it wrote; dated --date (default today).\n"
     "md and html go to stdout unless --out is given; docx and xlsx need\n"
     "--out. The xlsx is the indicator table with the inputs of each rate.\n\n"
     "The table 收到和处理政府信息公开申请情况 of the annual report on\n"
     "government information disclosure (国办公开办函〔2021〕30号) for an\n"
     "organisation (id or name) and everything below it. Markdown goes to\n"
     "stdout unless --out is given; xlsx needs --out."},
    {"indicators", cmd_indicators, "every figure of a year, computed",
     "usage: fazhi indicators --db PATH --org ORG --year Y [--json]\n"
     "                        [--own] [--kinds DIR]\n\n"
     "Every indicator the kinds declare, for an organisation (id or\n"
     "name) and everything below it (--own: its own records alone, a\n"
     "government's 本级): id, label, value, unit (tab separated), or\n"
     "JSON with last year's value (null: no records of the kind then)."},
    {"figures", cmd_figures, "count the report's figures again",
     "usage: fazhi figures --db PATH [--kinds DIR] [--all]\n\n"
     "The figures the reports read are kept current as records change\n"
     "(docs/architecture.md). This counts them again from the records: for\n"
     "the kinds whose figures were counted under another declaration\n"
     "(as `fazhi serve` does at start), or with --all for every kind. One\n"
     "write: a server on the same database waits for it."},
    {"demo", cmd_demo, "add the demo: several agencies' year of records",
     "usage: fazhi demo --db PATH [--year Y]\n\n"
     "Fills a database made by `fazhi init --demo` with the records of\n"
     "北碚区规划和自然资源局, 巴中市自然资源和规划局巴州分局 and 浦东新区\n"
     "规划资源局 (the seed reports' agencies), of a county bureau\n"
     "(云溪县规划和自然资源局) and of a district government with five\n"
     "departments (临江区人民政府), with records of the year before, made\n"
     "through the same steps as real work, so that the figures their\n"
     "reports state come out of `fazhi indicators`\n"
     "(docs/seed-statements.md). --year moves the\n"
     "fixture (data/demo/, a 2023 year) to another year. Adds the demo\n"
     "once: a second run says so and adds nothing."},
    {"version", cmd_version, "print the version", "usage: fazhi version"},
    {"help", cmd_help, "list commands or show one command's usage",
     "usage: fazhi help [COMMAND]"},
    {NULL, NULL, NULL, NULL},
};

const struct fz_command *fz_command_find(const char *name)
{
	const struct fz_command *c;

	for (c = fz_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}
