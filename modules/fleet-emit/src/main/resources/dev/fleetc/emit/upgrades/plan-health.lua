-- Health of a system-upgrade-controller Plan (upgrade.cattle.io/v1), written by fleetc.
-- Healthy only when the Plan completed at its own spec.version AND a node job applied that
-- version (the fleetc.dev/applied-version annotation its prepare step writes): SUC also reports
-- Complete when no node matches the selector, and that must not pass.
local hs = {}
local witness = "fleetc.dev/applied-version"
if obj.status == nil or obj.status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the system-upgrade-controller to process the plan"
  return hs
end
local complete = nil
for _, c in ipairs(obj.status.conditions) do
  if (c.type == "Validated" or c.type == "LatestResolved") and c.status == "False" then
    hs.status = "Degraded"
    hs.message = c.type .. ": " .. (c.message or c.reason or "False")
    return hs
  end
  if c.type == "Complete" then
    complete = c
  end
end
if complete ~= nil and complete.status == "False" and complete.reason == "JobFailed" then
  hs.status = "Degraded"
  hs.message = complete.message or "An upgrade job failed"
  return hs
end
local target = nil
if obj.spec ~= nil and obj.spec.version ~= nil then
  target = (string.gsub(obj.spec.version, "%+", "-"))
end
if complete ~= nil and complete.status == "True" and target ~= nil and obj.status.latestVersion == target then
  local applied = nil
  if obj.metadata ~= nil and obj.metadata.annotations ~= nil then
    applied = obj.metadata.annotations[witness]
  end
  if applied == target then
    hs.status = "Healthy"
    hs.message = "Nodes upgraded to " .. target
  else
    hs.status = "Degraded"
    hs.message = "Complete at " .. target .. " but no node applied it: the node selector matches no node"
  end
  return hs
end
hs.status = "Progressing"
if complete ~= nil and complete.message ~= nil and complete.message ~= "" then
  hs.message = complete.message
else
  hs.message = "Upgrading nodes to " .. (target or "the plan's version")
end
return hs
