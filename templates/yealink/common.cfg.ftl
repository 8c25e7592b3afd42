#!version:1.0.0.1
## Phonehome common settings for Yealink ${model.name}. Site and device settings are in <mac>.cfg.
## Nothing secret goes here: this file is served to any ${model.name} that asks.
<#if model.family != "dect">
<#-- power_on and dhcp_option.enable: not documented for the single-cell DECT bases (family dect), whose
     factory values are these anyway. -->
static.auto_provision.power_on = 1
</#if>
static.auto_provision.pnp_enable = 0
<#if model.family != "dect">
static.auto_provision.dhcp_option.enable = 1
</#if>
<#if firmware??>
static.firmware.url = ${firmware.url}
</#if>
