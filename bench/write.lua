-- write.lua - wrk script for durable writes: every request adds an
-- organisation under $FZ_PARENT (default 1) with a name no other request
-- uses (run id, wrk thread, counter), authenticated with the API token in
-- $FZ_TOKEN. Each answer 201 means the row and its audit event are
-- committed with synchronous=FULL.
--   FZ_TOKEN=fzt_... wrk -t2 -c16 -d10s -s bench/write.lua http://127.0.0.1:PORT/api/v1/orgs
local token = os.getenv("FZ_TOKEN")
local parent = tonumber(os.getenv("FZ_PARENT") or "1")
local run = os.getenv("FZ_RUN") or tostring(os.time())
if not token or token == "" then
	error("write.lua: set FZ_TOKEN to an API token of a sysadmin")
end

local nthreads = 0
function setup(thread)
	nthreads = nthreads + 1
	thread:set("tid", nthreads)
end

local counter = 0
local headers = {
	["Authorization"] = "Bearer " .. token,
	["Content-Type"] = "application/json",
}

function request()
	counter = counter + 1
	local body = string.format(
		'{"parent_id":%d,"name":"bench-%s-%d-%d","level":"unit"}',
		parent, run, tid or 0, counter)
	return wrk.format("POST", wrk.path, headers, body)
end
