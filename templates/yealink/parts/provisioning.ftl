## --- provisioning: where to re-check, with this device's own credentials ---
static.auto_provision.server.url = ${provisioning.base_url}
static.auto_provision.server.username = ${provisioning.username}
static.auto_provision.server.password = ${provisioning.password}
<#if model.family != "dect">
<#-- not documented for the single-cell DECT bases (family dect); on by factory default there -->
static.auto_provision.power_on = 1
</#if>
<#if (provisioning.recheck_minutes > 0)>
static.auto_provision.repeat.enable = 1
static.auto_provision.repeat.minutes = ${provisioning.recheck_minutes}
<#else>
static.auto_provision.repeat.enable = 0
</#if>
static.trusted_certificates.url = ${server.ca_url}
<#if firmware??>
static.firmware.url = ${firmware.url}
</#if>
