<#-- Layered settings from Phonehome's setting store, in Yealink's keys, each with its source:
     local_time.time_format (0 12 h, 1 24 h): Wazo's xivo-yealink common/model.tpl;
     local_time.date_format by number (vendor.date_format): FusionPBX app/yealink/app_config.php,
       which has no DD.MM.YYYY and only MM/DD/YY, so those two are not written;
     voice.tone.country by name: SIP-T58 admin guide;
     static.network.vlan.internet_port_*: Wazo's wazo_yealink v87 templates;
     static.network.lldp.enable / static.network.cdp.enable (0 off, 1 on): FusionPBX
       app/yealink/app_config.php ("LLDP 0-Disabled, 1-Enabled", "CDP 0-Disabled, 1-Enabled") and its
       t46u/y000000000108.cfg;
     static.network.qos.signaltos / audiotos take the DSCP itself (0-63, 46 for voice), as FusionPBX's
       t46u/y000000000108.cfg lists them and public Yealink provisioning generators fill them;
     account.N.codec.<name>.enable / .priority: FusionPBX t46u/{$mac}.cfg (names in YealinkPlugin).
     static.wui.http_enable / static.wui.https_enable (phone.web_ui): key names from FusionPBX
       t46u/y000000000108.cfg and wazo_yealink v87 base.tpl, 1 enabled / 0 disabled as a public Yealink
       device-defaults table describes them ("WebUI HTTP Status", "WebUI HTTPS Status");
     ntp.secondary is written in parts/time.ftl as local_time.ntp_server2; phone.admin_password
       replaces the site's password in parts/security.ftl (static.security.user_password). -->
<#assign typed = settings.typed>
<#if (typed?size > 0) || vendor.tone_country??>
## --- settings from the setting store ---
</#if>
<#if typed["time.format"]??>
local_time.time_format = ${(typed["time.format"] == "24h")?then("1", "0")}
</#if>
<#if vendor.date_format??>
local_time.date_format = ${vendor.date_format}
</#if>
<#if vendor.tone_country??>
voice.tone.country = ${vendor.tone_country}
</#if>
<#if typed["network.vlan.id"]??>
static.network.vlan.internet_port_enable = 1
static.network.vlan.internet_port_vid = ${typed["network.vlan.id"]}
</#if>
<#-- LLDP, CDP and DSCP: not documented for the single-cell DECT bases (family dect; FusionPBX's w60b/w70b
     templates carry only the older, unprefixed network.* names and Wazo's base-dect.tpl none) -->
<#if typed["network.lldp"]?? && model.family != "dect">
static.network.lldp.enable = ${(typed["network.lldp"] == "on")?then("1", "0")}
</#if>
<#if typed["network.cdp"]?? && model.family != "dect">
static.network.cdp.enable = ${(typed["network.cdp"] == "on")?then("1", "0")}
</#if>
<#if typed["qos.dscp.sip"]?? && model.family != "dect">
static.network.qos.signaltos = ${typed["qos.dscp.sip"]}
</#if>
<#if typed["qos.dscp.rtp"]?? && model.family != "dect">
static.network.qos.audiotos = ${typed["qos.dscp.rtp"]}
</#if>
<#-- the single-cell DECT bases' templates (FusionPBX w52p, w60b, w70b) carry no static.wui keys; the W80's does -->
<#if typed["phone.web_ui"]?? && (!model.dect || model.family == "dect-multicell")>
static.wui.http_enable = ${(typed["phone.web_ui"] == "on")?then("1", "0")}
static.wui.https_enable = ${(typed["phone.web_ui"] == "off")?then("0", "1")}
</#if>
<#if vendor.codecs??>
<#list lines as line>
<#-- The single-cell DECT bases (family dect) have the codec names of Wazo's base-dect.tpl, .enable only:
     no .priority (FusionPBX's w60b/w70b number their codec slots instead) and iLBC as plain "ilbc", so there
     the set is written but not the order, and iLBC not at all. -->
<#list vendor.codecs as c>
<#if model.family != "dect" || !c.name?starts_with("ilbc")>
account.${line.index}.codec.${c.name}.enable = ${c.enable}
</#if>
<#if c.priority?? && model.family != "dect">
account.${line.index}.codec.${c.name}.priority = ${c.priority}
</#if>
</#list>
</#list>
</#if>
<#-- Raw keys last, so they win over every key above. The Yealink plug-in refuses keys and values that
     could start another line or key (plain text has no escaping). -->
<#if (settings.raw?size > 0)>
## --- raw keys from the setting store (most specific scope wins) ---
<#list settings.raw as r>
${r.key} = ${r.value}
</#list>
</#if>
