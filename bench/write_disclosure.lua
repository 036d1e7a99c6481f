-- write_disclosure.lua - wrk script for durable record creation (issue 4):
-- every request registers a new disclosure request (政府信息公开申请) in
-- the organisation of the token's user (the demo `fazhi`, an officer of
-- org 2), with an applicant and content no other request uses (run id, wrk
-- thread, counter) and the channels in rotation (online, mail, in person,
-- each with the date field that fixes the received date). Authenticated
-- with the API token in $FZ_TOKEN. Each answer 201 means the record, its
-- deadlines, its search entry and its record.create event are committed
-- with synchronous=FULL.
--   FZ_TOKEN=fzt_... wrk -t2 -c16 -d10s -s bench/write_disclosure.lua \
--     http://127.0.0.1:PORT/api/v1/records/disclosure_request
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local w = dofile(here .. "wrk_writer.lua").init("write_disclosure.lua", "an officer")
local run, headers = w.run, w.headers
local counter = 0
-- today and yesterday in Asia/Shanghai (UTC+8, no daylight saving)
local today = os.date("!%Y-%m-%d", os.time() + 8 * 3600)
local before = os.date("!%Y-%m-%d", os.time() + 8 * 3600 - 3 * 86400)
local channels = {
	string.format('"channel":"online","submitted_on":"%s","confirmed_on":"%s"', today, today),
	string.format('"channel":"mail","submitted_on":"%s","signed_on":"%s"', before, today),
	string.format('"channel":"in_person","submitted_on":"%s"', today),
}

function request()
	counter = counter + 1
	local body = string.format(
		'{"applicant_type":"natural_person","applicant_name":"申请人%s-%d-%d",' ..
		'"phone":"13800000000","address":"重庆市北碚区天生路%d号",%s,' ..
		'"content":"北碚区2024年土地征收补偿安置方案（第%s-%d-%d号）","delivery":"electronic"}',
		run, tid or 0, counter, counter % 300 + 1, channels[counter % 3 + 1],
		run, tid or 0, counter)
	return wrk.format("POST", wrk.path, headers, body)
end
