-- Replaces this replica's leases with the given ones (ARGV[4..]: triples lease id, backend, tokens): after an outage
-- or a drop, what this replica really holds, counted once.
live()
redis.call('DEL', share(rid), leases(rid))
local i = 4
while i + 2 <= #ARGV do
  redis.call('HSET', leases(rid), ARGV[i], ARGV[i + 2] .. ' ' .. ARGV[i + 1])
  add(ARGV[i + 1], tonumber(ARGV[i + 2]), 1)
  i = i + 3
end
alive()
return 1
