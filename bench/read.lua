-- read.lua - wrk script for the authenticated read: every request carries
-- the session cookie of a logged-in user, taken from $FZ_SESSION.
--   FZ_SESSION=... wrk -t2 -c64 -d10s -s bench/read.lua http://127.0.0.1:PORT/api/v1/orgs/2
local session = os.getenv("FZ_SESSION")
if not session or session == "" then
	error("read.lua: set FZ_SESSION to the fz_session cookie value")
end
wrk.headers["Cookie"] = "fz_session=" .. session
