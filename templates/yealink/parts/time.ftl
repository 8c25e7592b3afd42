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
<#-- A second NTP server from the setting store (ntp.secondary) takes the site's second one's place
     here rather than in parts/settings.ftl: local_time.ntp_server2 is one key, written once. -->
<#if settings.typed["ntp.secondary"]??>
local_time.ntp_server2 = ${settings.typed["ntp.secondary"]}
<#elseif (site.ntp_servers?size > 1)>
local_time.ntp_server2 = ${site.ntp_servers[1]}
</#if>
<#-- manual_ntp_srv_prior and lang.gui: not documented for the single-cell DECT bases (family dect; FusionPBX's
     w60b/w70b templates name the display language static.lang.gui, Wazo's base-dect.tpl writes only lang.wui) -->
<#if model.family != "dect">
local_time.manual_ntp_srv_prior = 1
</#if>
local_time.interval = 3600
<#if model.family != "dect">
lang.gui = ${vendor.language}
</#if>
lang.wui = ${vendor.web_language}
