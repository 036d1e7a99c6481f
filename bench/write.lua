-- write.lua - wrk script for durable writes: every request adds an
-- organisation under $FZ_PARENT (default 1) with a name no other request
-- uses (run id, wrk thread, counter), authenticated with the system
-- administrator's session ($FZ_SESSION, $FZ_CSRF). Each answer 201 means
-- the row and its audit event are committed with synchronous=FULL.
--   FZ_SESSION=... FZ_CSRF=... wrk -t2 -c16 -d10s -s bench/write.lua http://127.0.0.1:PORT/api/v1/orgs
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local w = dofile(here .. "wrk_writer.lua").init("write.lua", "a sysadmin")
local parent = tonumber(os.getenv("FZ_PARENT") or "1")
local run, headers = w.run, w.headers
local counter = 0

function request()
	counter = counter + 1
	local body = string.format(
		'{"parent_id":%d,"name":"bench-%s-%d-%d","level":"unit"}',
		parent, run, tid or 0, counter)
	return wrk.format("POST", wrk.path, headers, body)
end
