-- wrk_writer.lua - what the write scripts share (loaded with dofile from
-- the script's own folder): the credentials as the request headers - the
-- API token from $FZ_TOKEN (an integration account's), or else a session
-- cookie from $FZ_SESSION with its CSRF token from $FZ_CSRF (an
-- administrator's: tokens are never issued to administrators) - a run id
-- from $FZ_RUN (default: now) so names never repeat across runs, and
-- `tid`, the wrk thread's number, set by setup().
local M = {}

function M.init(script, who)
	local token = os.getenv("FZ_TOKEN")
	local session, csrf = os.getenv("FZ_SESSION"), os.getenv("FZ_CSRF")
	M.run = os.getenv("FZ_RUN") or tostring(os.time())
	M.headers = { ["Content-Type"] = "application/json" }
	if token and token ~= "" then
		M.headers["Authorization"] = "Bearer " .. token
	elseif session and session ~= "" and csrf and csrf ~= "" then
		M.headers["Cookie"] = "fz_session=" .. session
		M.headers["X-CSRF-Token"] = csrf
	else
		error(script .. ": set FZ_TOKEN, or FZ_SESSION and FZ_CSRF, to the credentials of " .. who)
	end
	return M
end

local nthreads = 0
function setup(thread)
	nthreads = nthreads + 1
	thread:set("tid", nthreads)
end

return M
