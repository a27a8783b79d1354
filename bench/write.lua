-- wrk script: one setup action per request, with fresh data every time (unique name, email,
-- naturalId, externalReference and connectedIdentityId from a run tag, the wrk thread and a
-- counter), so no request is refused as a duplicate.
--
--   wrk -s bench/write.lua URL -- ACTION TAG
-- ACTION: setup-organization or setup-user. TAG: a word unique to this run against this server
-- (bench/run uses one for the warm-up and another for the measurement).

local action, tag = "setup-organization", "run"
local thread_no = 0
local counter = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_no", threads)
end

function init(args)
  action = args[1] or action
  tag = args[2] or tag
end

local headers = { ["Content-Type"] = "application/json" }

function request()
  counter = counter + 1
  local n = tag .. "-" .. thread_no .. "-" .. counter
  local body
  if action == "setup-user" then
    body = '{"name":"Bench User ' .. n .. '","email":"user-' .. n .. '@bench.example",' ..
           '"naturalId":"bench-' .. n .. '","externalReference":"ext-' .. n .. '",' ..
           '"connectedIdentityId":"oidc|bench|' .. n .. '"}'
  else
    body = '{"name":"Bench Org ' .. n .. '","naturalId":"bench-' .. n .. '",' ..
           '"email":"org-' .. n .. '@bench.example","externalReference":"ext-' .. n .. '"}'
  end
  return wrk.format("POST", "/licensees/actions/" .. action, headers, body)
end
