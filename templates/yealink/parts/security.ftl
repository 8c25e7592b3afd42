## --- security: admin password, SIP NOTIFY only from the registrar, syslog ---
static.security.user_name.admin = admin
static.security.user_password = admin:${site.admin_password}
sip.notify_reboot_enable = 0
sip.trust_ctrl = 1
<#if site.syslog_host??>
<#if model.dect>
static.syslog.mode = 1
<#else>
static.syslog.enable = 1
</#if>
static.syslog.server = ${site.syslog_host}
<#-- port, transport and level: not documented for the single-cell DECT bases (family dect: Wazo's
     base-dect.tpl writes only static.syslog.mode and .server), which then log to port 514 -->
<#if model.family != "dect">
static.syslog.server_port = ${site.syslog_port}
static.syslog.transport_type = 0
static.syslog.level = 6
</#if>
</#if>
