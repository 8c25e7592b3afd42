#!version:1.0.0.1
## Phonehome redirection for ${device.mac_colons} (${model.vendor} ${model.name}): this phone is provisioned by another server.
static.auto_provision.server.url = ${redirect.url}
<#if redirect.username??>
static.auto_provision.server.username = ${redirect.username}
static.auto_provision.server.password = ${redirect.password}
<#else>
static.auto_provision.server.username = %NULL%
static.auto_provision.server.password = %NULL%
</#if>
<#if model.family != "dect">
<#-- not documented for the single-cell DECT bases (family dect); on by factory default there -->
static.auto_provision.power_on = 1
</#if>
