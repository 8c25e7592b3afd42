## --- time: ${tz.iana} (explicit rule, not the firmware's zone table) ---
local_time.time_zone = ${vendor.tz.offset}
local_time.summer_time = ${vendor.tz.summer_time}
<#if tz.dst>
local_time.dst_time_type = 1
local_time.start_time = ${vendor.tz.start}
local_time.end_time = ${vendor.tz.end}
local_time.offset_time = ${vendor.tz.offset_minutes}
</#if>
<#if (site.ntp_servers?size > 0)>
local_time.ntp_server1 = ${site.ntp_servers[0]}
</#if>
<#if (site.ntp_servers?size > 1)>
local_time.ntp_server2 = ${site.ntp_servers[1]}
</#if>
local_time.manual_ntp_srv_prior = 1
local_time.interval = 3600
lang.gui = ${vendor.language}
lang.wui = ${vendor.web_language}
