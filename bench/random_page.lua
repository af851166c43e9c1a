-- wrk script for bench/deep_pages.py: every request a uniformly random page number of one
-- listing, so the whole depth of a big category is read, as a crawler does.
-- Expects the environment: PAGE_PATH (e.g. /chuyen-muc/kinh-te) and PAGE_COUNT.
local path = os.getenv("PAGE_PATH")
local pages = tonumber(os.getenv("PAGE_COUNT"))
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function init(args)
  math.randomseed(os.time() * 1000 + tid)
end

function request()
  return wrk.format("GET", path .. "?trang=" .. math.random(1, pages))
end
