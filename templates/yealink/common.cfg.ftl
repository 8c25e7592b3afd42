#!version:1.0.0.1
## Phonehome common settings for Yealink ${model.name}. Site and device settings are in <mac>.cfg.
## Nothing secret goes here: this file is served to any ${model.name} that asks.
static.auto_provision.power_on = 1
static.auto_provision.pnp_enable = 0
static.auto_provision.dhcp_option.enable = 1
<#if firmware??>
static.firmware.url = ${firmware.url}
</#if>
