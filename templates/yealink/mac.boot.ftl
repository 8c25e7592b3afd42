#!version:1.0.0.1
## Phonehome boot file for ${device.mac_colons} (${model.vendor} ${model.name}). Generated: change templates, not this file.
<#if vendor.common_file??>
include:config "${vendor.common_file}"
</#if>
include:config "${device.mac}.cfg"
overwrite_mode = 1
