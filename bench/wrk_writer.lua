-- wrk_writer.lua - what the write scripts share (loaded with dofile from
-- the script's own folder): the API token from $FZ_TOKEN as the request
-- headers, a run id from $FZ_RUN (default: now) so names never repeat
-- across runs, and `tid`, the wrk thread's number, set by setup().
local M = {}

function M.init(script, who)
	local token = os.getenv("FZ_TOKEN")
	if not token or token == "" then
		error(script .. ": set FZ_TOKEN to an API token of " .. who)
	end
	M.run = os.getenv("FZ_RUN") or tostring(os.time())
	M.headers = {
		["Authorization"] = "Bearer " .. token,
		["Content-Type"] = "application/json",
	}
	return M
end

local nthreads = 0
function setup(thread)
	nthreads = nthreads + 1
	thread:set("tid", nthreads)
end

return M
