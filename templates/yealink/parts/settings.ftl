<#-- Layered settings from Phonehome's setting store. Typed ones in Yealink's keys: local_time.time_format
     (0 12 h, 1 24 h) as in Wazo's xivo-yealink model.tpl; voice.tone.country by name (SIP-T58 admin
     guide); static.network.vlan.internet_port_* as in Wazo's wazo_yealink v87 templates. -->
<#assign typed = settings.typed>
<#if typed["time.format"]?? || vendor.tone_country?? || typed["network.vlan.id"]??>
## --- settings from the setting store ---
</#if>
<#if typed["time.format"]??>
local_time.time_format = ${(typed["time.format"] == "24h")?then("1", "0")}
</#if>
<#if vendor.tone_country??>
voice.tone.country = ${vendor.tone_country}
</#if>
<#if typed["network.vlan.id"]??>
static.network.vlan.internet_port_enable = 1
static.network.vlan.internet_port_vid = ${typed["network.vlan.id"]}
</#if>
<#-- Raw keys last, so they win over every key above. The Yealink plug-in refuses keys and values that
     could start another line or key (plain text has no escaping). -->
<#if (settings.raw?size > 0)>
## --- raw keys from the setting store (most specific scope wins) ---
<#list settings.raw as r>
${r.key} = ${r.value}
</#list>
</#if>
