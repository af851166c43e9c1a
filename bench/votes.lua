-- wrk script for bench/votes.py: every request a new voter (own cookie) from a new
-- address (X-Forwarded-For), voting for one of the poll's options.
-- Expects the environment: VOTE_PATH, VOTE_ORIGIN, VOTE_OPTIONS ("1,2,3").
local path = os.getenv("VOTE_PATH")
local origin = os.getenv("VOTE_ORIGIN")
local options = {}
for id in string.gmatch(os.getenv("VOTE_OPTIONS"), "%d+") do options[#options + 1] = id end
local counter = 0
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function init(args)
  math.randomseed(os.time() * 1000 + tid)
end

local charset = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
local function token(n)
  local out = {}
  for i = 1, n do
    local k = math.random(1, #charset)
    out[i] = charset:sub(k, k)
  end
  return table.concat(out)
end

function request()
  counter = counter + 1
  -- a distinct address per vote (wrk's LuaJIT has no bit operators: plain arithmetic)
  local address = string.format("10.%d.%d.%d", tid % 256, math.floor(counter / 256) % 256, counter % 256)
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "application/json",
    ["Origin"] = origin,
    ["Cookie"] = "binhchon_voter=" .. token(32),
    ["X-Forwarded-For"] = address,
  }, "option=" .. options[(counter % #options) + 1])
end
